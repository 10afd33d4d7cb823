import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { ContactRef, ContactUpdate, UpdateContactResult } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';
import { ZOHO_API_VERSION } from './zoho-oauth';

/** Zoho's Update Records takes at most 100 records per call. */
export const MAX_UPDATES_PER_BATCH = 100;

const ZRecordResult = z.looseObject({
  code: z.string(),
  status: z.string(),
  message: z.string().optional(),
  details: z.record(z.string(), z.unknown()).default({}),
});
const ZUpdateBody = z.object({ data: z.array(ZRecordResult) });

/** Per-record codes of a passing failure (Zoho's own trouble, its limits): that record may go again. */
const PASSING_CODES: Record<string, 'provider_unavailable' | 'provider_rate_limited'> = { INTERNAL_ERROR: 'provider_unavailable', TOO_MANY_REQUESTS: 'provider_rate_limited' };

/**
 * PUT /crm/v{n}/Contacts with up to 100 records (`id` and the fields to set). Zoho updates each on
 * its own and answers each in `data[i]`, in the order sent (200 all, 207 some, 400 none): an id it
 * does not know, or a value that does not fit, fails that record alone.
 */
export async function updateZohoContacts(http: ProviderHttpClient, items: ContactUpdate[]): Promise<UpdateContactResult[]> {
  if (items.length > MAX_UPDATES_PER_BATCH) throw new AppError('validation_failed', `Zoho CRM updates at most ${MAX_UPDATES_PER_BATCH} records per call; got ${items.length}`, { platform: 'zoho' });
  if (items.length === 0) return [];
  const data = items.map((item) => ({ ...item.fields, id: item.externalId }));
  const response = await http.put<unknown>(`/crm/${ZOHO_API_VERSION}/Contacts`, { data }, {
    operation: 'zoho.contacts.batch-update',
    // Setting values twice sets them once: safe to retry after a timeout or a 5xx.
    idempotent: true,
    // A 400 whose body lists per-record errors is an answer, not a failure; a request-level 400 still fails (see ZOHO_PROFILE).
    validateStatus: (status) => (status >= 200 && status < 300) || status === 400,
  });
  const answers = parseProviderBody(ZUpdateBody, response.data, 'Zoho CRM', 'the Contacts update').data;
  if (answers.length !== items.length) throw new AppError('provider_unavailable', 'Zoho CRM answered the Contacts update without a verdict for every record', { platform: 'zoho' });
  return answers.map((answer): UpdateContactResult => {
    if (answer.status === 'success') return { ok: true };
    const field = typeof answer.details.api_name === 'string' ? ` (${answer.details.api_name})` : '';
    const said = `${answer.message ?? answer.code}${field} [${answer.code}]`;
    const passing = PASSING_CODES[answer.code];
    if (passing) return { ok: false, error: { code: passing, message: `Zoho CRM could not update the record this time: ${said}` } };
    return { ok: false, error: { code: 'provider_rejected', message: `Zoho CRM refused the update: ${said}` } };
  });
}

/** DELETE /crm/v{n}/Contacts?ids=… with up to 100 ids: into Zoho's recycle bin, a verdict per id in the order sent. */
export async function archiveZohoContacts(http: ProviderHttpClient, items: ContactRef[]): Promise<UpdateContactResult[]> {
  if (items.length > MAX_UPDATES_PER_BATCH) throw new AppError('validation_failed', `Zoho CRM deletes at most ${MAX_UPDATES_PER_BATCH} records per call; got ${items.length}`, { platform: 'zoho' });
  if (items.length === 0) return [];
  const response = await http.delete<unknown>(`/crm/${ZOHO_API_VERSION}/Contacts`, {
    params: { ids: items.map((item) => item.externalId).join(',') },
    operation: 'zoho.contacts.batch-delete',
    validateStatus: (status) => (status >= 200 && status < 300) || status === 400,
  });
  const answers = parseProviderBody(ZUpdateBody, response.data, 'Zoho CRM', 'the Contacts delete').data;
  if (answers.length !== items.length) throw new AppError('provider_unavailable', 'Zoho CRM answered the Contacts delete without a verdict for every record', { platform: 'zoho' });
  return answers.map((answer): UpdateContactResult => {
    if (answer.status === 'success') return { ok: true };
    const said = `${answer.message ?? answer.code} [${answer.code}]`;
    const passing = PASSING_CODES[answer.code];
    return { ok: false, error: { code: passing ?? 'provider_rejected', message: `Zoho CRM did not delete the record: ${said}` } };
  });
}

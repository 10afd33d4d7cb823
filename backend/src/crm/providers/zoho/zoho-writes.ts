import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { CallLog, CreateContactResult, CrmContactRecord, NewContact } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { MAX_CONTACTS_PER_BATCH, refuseOversizedBatch } from '../create-each-contact';
import { parseProviderBody } from '../provider-pages';
import { formatZohoDateTime, mapZohoContact, toZohoRecord } from './zoho-mapping';
import { ZOHO_API_VERSION } from './zoho-oauth';

/** One record's outcome of a Zoho write; results come in the order of the records sent. */
const ZRecordResult = z.looseObject({
  code: z.string(),
  status: z.string(),
  message: z.string().optional(),
  details: z.record(z.string(), z.unknown()).default({}),
});
type TRecordResult = z.infer<typeof ZRecordResult>;
const ZWriteBody = z.object({ data: z.array(ZRecordResult) });

type ItemError = { code: 'crm_duplicate' | 'provider_rejected' | 'validation_failed'; message: string; existingId?: string };

/** POST /Contacts with one record. Zoho's per-record DUPLICATE_DATA → crm_duplicate with the existing record's id. */
export async function createZohoContact(http: ProviderHttpClient, input: NewContact): Promise<CrmContactRecord> {
  const [result] = await createZohoContacts(http, [input]);
  if (result!.ok) return result!.contact;
  const { code, message, existingId } = result!.error;
  throw new AppError(code, message, { platform: 'zoho', ...(existingId ? { existingId } : {}) });
}

/**
 * POST /Contacts with up to 100 records: Zoho inserts each on its own and answers per record
 * (201 all, 207 some, 400 none). Inputs without a last name are refused here: Zoho requires one.
 */
export async function createZohoContacts(http: ProviderHttpClient, inputs: NewContact[]): Promise<CreateContactResult[]> {
  refuseOversizedBatch(inputs, MAX_CONTACTS_PER_BATCH, 'Zoho CRM');
  const results: Array<CreateContactResult | null> = inputs.map((input) =>
    input.lastName?.trim() ? null : { ok: false, error: { code: 'validation_failed', message: 'Zoho CRM requires a last name for a contact' } },
  );
  const sendable = inputs.flatMap((input, index) => (results[index] === null ? [{ index, record: toZohoRecord(input) }] : []));
  if (sendable.length === 0) return results as CreateContactResult[];
  const answers = await writeRecords(http, 'Contacts', sendable.map((item) => item.record), 'zoho.contacts.create');
  sendable.forEach(({ index, record }, position) => {
    const answer = answers[position];
    results[index] = !answer
      ? { ok: false, error: { code: 'provider_rejected', message: 'Zoho CRM returned no result for this contact' } }
      : answer.status === 'success'
        ? { ok: true, contact: toCreatedContact(record, answer.details) }
        : { ok: false, error: toItemError(answer) };
  });
  return results as CreateContactResult[];
}

/** POST /Calls: an outbound call on the contact (Who_Id), with Zoho's "mm:ss" duration. */
export async function logZohoCall(http: ProviderHttpClient, call: CallLog): Promise<{ externalId: string }> {
  const seconds = Math.max(0, Math.round(call.durationSec));
  const record: Record<string, unknown> = {
    Subject: call.title,
    // Zoho refuses an Outbound call of zero length; a call that never connected is what "Missed" is for.
    Call_Type: seconds === 0 ? 'Missed' : 'Outbound',
    Call_Start_Time: formatZohoDateTime(call.startedAt),
    Description: call.body,
    Who_Id: { id: call.contactExternalId },
  };
  if (seconds > 0) record.Call_Duration = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  const [answer] = await writeRecords(http, 'Calls', [record], 'zoho.calls.create');
  const id = answer?.details.id;
  if (answer?.status === 'success' && typeof id === 'string') return { externalId: id };
  const failure = answer ? toItemError(answer) : { code: 'provider_rejected' as const, message: 'Zoho CRM returned no result for the call' };
  throw new AppError(failure.code, failure.message, { platform: 'zoho', providerCode: answer?.code });
}

/** POST /{module} with records. Not retried after a 5xx: an insert may have happened. */
async function writeRecords(http: ProviderHttpClient, module: string, records: unknown[], operation: string): Promise<TRecordResult[]> {
  const response = await http.post<unknown>(`/crm/${ZOHO_API_VERSION}/${module}`, { data: records }, {
    operation,
    // A 400 whose body lists per-record errors is an answer, not a failure; a request-level 400 still fails (see ZOHO_PROFILE).
    validateStatus: (status) => (status >= 200 && status < 300) || status === 400,
  });
  return parseProviderBody(ZWriteBody, response.data, 'Zoho CRM', `the ${module} insert`).data;
}

/** Zoho answers an insert with the id and times only; the rest is what we sent, owned by the connected user. */
function toCreatedContact(sent: Record<string, unknown>, details: Record<string, unknown>): CrmContactRecord {
  const id = details.id;
  if (typeof id !== 'string') throw new AppError('provider_rejected', 'Zoho CRM created a contact but returned no id', { platform: 'zoho' });
  const modified = typeof details.Modified_Time === 'string' ? details.Modified_Time : undefined;
  return mapZohoContact({ ...sent, id, Created_Time: details.Created_Time, Modified_Time: modified, Owner: details.Created_By });
}

function toItemError(answer: TRecordResult): ItemError {
  const details = answer.details;
  if (answer.code === 'DUPLICATE_DATA') {
    // v8 names the existing record under duplicate_record; older versions put its id in details.id.
    const duplicate = details.duplicate_record as { id?: unknown } | undefined;
    const existingId = typeof duplicate?.id === 'string' ? duplicate.id : typeof details.id === 'string' ? details.id : undefined;
    const field = typeof details.api_name === 'string' ? details.api_name : 'a unique field';
    return { code: 'crm_duplicate', message: `Zoho CRM already has a contact with this ${field}`, ...(existingId ? { existingId } : {}) };
  }
  const field = typeof details.api_name === 'string' ? ` (${details.api_name})` : '';
  return { code: 'provider_rejected', message: `Zoho CRM refused the record: ${answer.message ?? answer.code}${field} [${answer.code}]` };
}

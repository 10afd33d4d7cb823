import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { ContactFieldWrite, ContactRef, ContactUpdate, UpdateContactResult } from '../../crm-service';
import type { ProviderErrorDetails } from '../../provider-http/provider-error';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';

/** HubSpot's batch update takes at most 100 inputs. */
export const MAX_UPDATES_PER_BATCH = 100;

const ZUpdateAnswer = z.object({
  results: z.array(z.object({ id: z.string().min(1) })).default([]),
  errors: z
    .array(z.object({ category: z.string().optional(), message: z.string().optional(), context: z.record(z.string(), z.array(z.string())).optional() }))
    .default([]),
});

/**
 * POST /crm/v3/objects/contacts/batch/update with up to 100 contacts. HubSpot answers 200, or
 * 207 listing the ids it could not find (OBJECT_NOT_FOUND) while it updated the rest. An invalid
 * value refuses the whole batch (400 VALIDATION_ERROR): when every input sets the same values (a
 * bulk update does) that refusal is each input's; otherwise each input is sent alone for its own verdict.
 */
export async function updateHubSpotContacts(http: ProviderHttpClient, items: ContactUpdate[]): Promise<UpdateContactResult[]> {
  if (items.length > MAX_UPDATES_PER_BATCH) throw new AppError('validation_failed', `HubSpot updates at most ${MAX_UPDATES_PER_BATCH} contacts per batch; got ${items.length}`, { platform: 'hubspot' });
  if (items.length === 0) return [];
  const inputs = items.map((item) => ({ id: item.externalId, properties: toHubSpotValues(item.fields) }));
  let answer: z.infer<typeof ZUpdateAnswer>;
  try {
    // Setting values twice sets them once: safe to retry after a timeout or a 5xx.
    const response = await http.post<unknown>('/crm/v3/objects/contacts/batch/update', { inputs }, { operation: 'hubspot.contacts.batch-update', idempotent: true });
    answer = parseProviderBody(ZUpdateAnswer, response.data, 'HubSpot', 'the contacts batch update');
  } catch (error) {
    const refusal = readRefusal(error);
    if (!refusal) throw error;
    const isSameForAll = inputs.every((input) => JSON.stringify(input.properties) === JSON.stringify(inputs[0]!.properties));
    if (isSameForAll) return items.map(() => ({ ok: false, error: refusal }));
    const results: UpdateContactResult[] = [];
    for (const input of inputs) results.push(await updateOne(http, input));
    return results;
  }
  const verdicts = new Map<string, UpdateContactResult>();
  for (const result of answer.results) verdicts.set(result.id, { ok: true });
  for (const error of answer.errors) {
    const category = error.category ?? 'UNKNOWN';
    const code = category === 'RATE_LIMITS' ? 'provider_rate_limited' : category === 'OBJECT_NOT_FOUND' || category === 'VALIDATION_ERROR' ? 'provider_rejected' : 'provider_unavailable';
    const failure: UpdateContactResult = { ok: false, error: { code, message: `HubSpot refused the update: ${error.message ?? category} [${category}]` } };
    for (const id of error.context?.ids ?? []) verdicts.set(id, failure);
  }
  return items.map(
    (item) =>
      verdicts.get(item.externalId) ?? { ok: false, error: { code: 'provider_unavailable', message: 'HubSpot answered the batch update without a verdict for this contact' } },
  );
}

/** PATCH /crm/v3/objects/contacts/:id: one contact, when its batch was refused for another's values. */
async function updateOne(http: ProviderHttpClient, input: { id: string; properties: Record<string, string> }): Promise<UpdateContactResult> {
  try {
    await http.patch(`/crm/v3/objects/contacts/${encodeURIComponent(input.id)}`, { properties: input.properties }, { operation: 'hubspot.contacts.update', idempotent: true });
    return { ok: true };
  } catch (error) {
    const refusal = readRefusal(error);
    if (refusal) return { ok: false, error: refusal };
    throw error;
  }
}

/** HubSpot's 400 and 404 refuse the records themselves: their message says why. */
function readRefusal(error: unknown): { code: 'provider_rejected'; message: string } | null {
  if (!(error instanceof AppError) || error.code !== 'provider_rejected') return null;
  const details = error.details as ProviderErrorDetails | undefined;
  return { code: 'provider_rejected', message: `HubSpot refused the update: ${details?.providerMessage ?? error.message}${details?.providerCode ? ` [${details.providerCode}]` : ''}` };
}

/** HubSpot takes every property value as text: multi-selects joined by `;`, an empty string clears. */
function toHubSpotValues(fields: Record<string, ContactFieldWrite>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, value === null ? '' : Array.isArray(value) ? value.join(';') : String(value)]),
  );
}

/** POST /crm/v3/objects/contacts/batch/archive with up to 100 ids: HubSpot answers 204 and names no failure (an unknown id is archived already). */
export async function archiveHubSpotContacts(http: ProviderHttpClient, items: ContactRef[]): Promise<UpdateContactResult[]> {
  if (items.length > MAX_UPDATES_PER_BATCH) throw new AppError('validation_failed', `HubSpot archives at most ${MAX_UPDATES_PER_BATCH} contacts per batch; got ${items.length}`, { platform: 'hubspot' });
  if (items.length === 0) return [];
  // Archiving twice archives once: safe to retry.
  await http.post('/crm/v3/objects/contacts/batch/archive', { inputs: items.map((item) => ({ id: item.externalId })) }, { operation: 'hubspot.contacts.batch-archive', idempotent: true });
  return items.map(() => ({ ok: true }));
}

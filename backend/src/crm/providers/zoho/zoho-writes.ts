import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { CallLog, CreateContactResult, CrmContactRecord, LogCallResult, NewContact } from '../../crm-service';
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

/** Zoho inserts at most 100 records per call. */
export const MAX_CALLS_PER_BATCH = 100;
/** Per-record codes of a passing failure (Zoho's own trouble, its limits): that record may go again. */
const PASSING_CODES: Record<string, 'provider_unavailable' | 'provider_rate_limited'> = { INTERNAL_ERROR: 'provider_unavailable', TOO_MANY_REQUESTS: 'provider_rate_limited' };

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
  const [answer] = await writeRecords(http, 'Calls', [toZohoCall(call)], 'zoho.calls.create');
  const id = answer?.details.id;
  if (answer?.status === 'success' && typeof id === 'string') return { externalId: id };
  const failure = answer ? toItemError(answer) : { code: 'provider_rejected' as const, message: 'Zoho CRM returned no result for the call' };
  throw new AppError(failure.code, failure.message, { platform: 'zoho', providerCode: answer?.code });
}

/**
 * POST /Calls with up to 100 calls: Zoho inserts each on its own and answers each in `data[i]`,
 * in the order sent (201 all, 207 some, 400 none), so one refused call never fails the others.
 */
export async function logZohoCalls(http: ProviderHttpClient, calls: CallLog[]): Promise<LogCallResult[]> {
  if (calls.length > MAX_CALLS_PER_BATCH) throw new AppError('validation_failed', `Zoho CRM logs at most ${MAX_CALLS_PER_BATCH} calls per insert; got ${calls.length}`, { platform: 'zoho' });
  if (calls.length === 0) return [];
  const answers = await writeRecords(http, 'Calls', calls.map(toZohoCall), 'zoho.calls.batch-create');
  // A call Zoho said nothing about (or made without naming its id) may exist now: only a lookup can tell.
  const isWhole = answers.length === calls.length && answers.every((answer) => answer.status !== 'success' || typeof answer.details.id === 'string');
  if (!isWhole) throw new AppError('provider_unavailable', 'Zoho CRM answered the Calls insert without a verdict for every call', { platform: 'zoho' });
  return answers.map((answer): LogCallResult => {
    if (answer.status === 'success') return { ok: true, externalId: answer.details.id as string };
    const passing = PASSING_CODES[answer.code];
    if (passing) return { ok: false, error: { code: passing, message: `Zoho CRM could not log the call this time: ${answer.message ?? answer.code} [${answer.code}]` } };
    const { code, message } = toItemError(answer);
    return { ok: false, error: { code, message } };
  });
}

/** An outbound call on the contact (Who_Id), with Zoho's "mm:ss" duration. */
function toZohoCall(call: CallLog): Record<string, unknown> {
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
  return record;
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

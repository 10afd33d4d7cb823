import { z } from 'zod';
import { AppError, type ErrorCode } from '../../../http/app-error';
import type { CallLog, CallStatus, CreateContactResult, CrmContactRecord, LogCallResult, NewContact } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { MAX_CONTACTS_PER_BATCH, refuseOversizedBatch } from '../create-each-contact';
import { parseProviderBody } from '../provider-pages';
import { findDuplicateId, type SalesforceErrorItem } from './salesforce-errors';
import { mapSalesforceRecord, SALESFORCE_FIELDS, toSalesforceRecord, type SalesforceObject, type TSalesforceRecord } from './salesforce-mapping';
import { runQuery } from './salesforce-query';
import { buildSelect, inList } from './salesforce-soql';

/** sObject Collections take at most 200 records per request. */
export const MAX_CALLS_PER_BATCH = 200;

const ZCreated = z.looseObject({ id: z.string().min(1), success: z.literal(true) });
const ZCollectionResult = z.looseObject({
  id: z.string().min(1).nullable().optional(),
  success: z.boolean(),
  errors: z.array(z.looseObject({ statusCode: z.string().optional(), message: z.string().optional(), fields: z.array(z.string()).optional() })).default([]),
});
const ZCollectionAnswer = z.array(ZCollectionResult);
type TCollectionResult = z.infer<typeof ZCollectionResult>;

/** Per-record codes that say "not this time": nothing was written, sending the record again may work. */
const PASSING_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'REQUEST_RUNNING_TOO_LONG']);

/** CallDisposition in words when the call has no disposition of its own. */
const STATUS_WORDS: Record<CallStatus, string> = { completed: 'Completed', no_answer: 'No answer', busy: 'Busy', failed: 'Failed', voicemail: 'Left voicemail' };

/** POST /sobjects/Contact (or Lead), then the record read back as a sync would see it. Not retried after a 5xx. */
export async function createSalesforceContact(http: ProviderHttpClient, input: NewContact): Promise<CrmContactRecord> {
  const { object, fields } = toSalesforceRecord(input);
  const response = await http.post<unknown>(`/sobjects/${object}`, fields, { operation: `salesforce.${object.toLowerCase()}.create` });
  const { id } = parseProviderBody(ZCreated, response.data, 'Salesforce', `the ${object} create`);
  const [record] = await readRecords(http, object, [id]);
  return mapSalesforceRecord(object, record ?? { ...fields, Id: id });
}

/**
 * POST /composite/sobjects with allOrNone=false: each record is created or refused on its own,
 * answered in input order; then the created ones are read back, one query per object.
 */
export async function createSalesforceContacts(http: ProviderHttpClient, inputs: NewContact[]): Promise<CreateContactResult[]> {
  refuseOversizedBatch(inputs, MAX_CONTACTS_PER_BATCH, 'Salesforce');
  if (inputs.length === 0) return [];
  const records = inputs.map(toSalesforceRecord);
  const answers = await writeCollection(http, records.map(({ object, fields }) => ({ attributes: { type: object }, ...fields })), 'salesforce.contacts.batch-create');
  const created = new Map<string, TSalesforceRecord>();
  for (const object of ['Contact', 'Lead'] as const) {
    const ids = answers.flatMap((answer, index) => (answer.success && answer.id && records[index]!.object === object ? [answer.id] : []));
    if (ids.length > 0) for (const record of await readRecords(http, object, ids)) created.set(record.Id, record);
  }
  return answers.map((answer, index): CreateContactResult => {
    const { object, fields } = records[index]!;
    if (answer.success && answer.id) return { ok: true, contact: mapSalesforceRecord(object, created.get(answer.id) ?? { ...fields, Id: answer.id }) };
    return { ok: false, error: toItemError(answer, object) };
  });
}

/** POST /sobjects/Task: the call on its contact or lead. */
export async function logSalesforceCall(http: ProviderHttpClient, call: CallLog): Promise<{ externalId: string }> {
  const response = await http.post<unknown>('/sobjects/Task', toTask(call), { operation: 'salesforce.task.create' });
  return { externalId: parseProviderBody(ZCreated, response.data, 'Salesforce', 'the Task create').id };
}

/** Up to 200 calls as Tasks in one sObject Collections request, one verdict each, in input order. */
export async function logSalesforceCalls(http: ProviderHttpClient, calls: CallLog[]): Promise<LogCallResult[]> {
  if (calls.length > MAX_CALLS_PER_BATCH) throw new AppError('validation_failed', `Salesforce logs at most ${MAX_CALLS_PER_BATCH} calls per request; got ${calls.length}`, { platform: 'salesforce' });
  if (calls.length === 0) return [];
  const answers = await writeCollection(http, calls.map((call) => ({ attributes: { type: 'Task' }, ...toTask(call) })), 'salesforce.tasks.batch-create');
  return answers.map((answer): LogCallResult => {
    if (answer.success && answer.id) return { ok: true, externalId: answer.id };
    const { code, message } = toItemError(answer, 'Task');
    return { ok: false, error: { code, message } };
  });
}

/**
 * A logged outbound call as Salesforce's own dialers log one: a completed Task of subtype Call.
 * Subject and CallDisposition are 255-character fields; the Description (long text) keeps the body whole.
 */
export function toTask(call: CallLog): Record<string, unknown> {
  return {
    Subject: call.title.slice(0, 255),
    Description: call.body,
    WhoId: call.contactExternalId,
    TaskSubtype: 'Call',
    CallType: 'Outbound',
    CallDurationInSeconds: Math.max(0, Math.round(call.durationSec)),
    CallDisposition: (call.disposition?.trim() || STATUS_WORDS[call.status]).slice(0, 255),
    Status: 'Completed',
    ActivityDate: call.startedAt.toISOString().slice(0, 10),
  };
}

/**
 * The collection write. Not retried after a 5xx or a timeout: records may have been created;
 * the caller looks them up. An answer that does not cover every record is no verdict at all.
 */
async function writeCollection(http: ProviderHttpClient, records: Array<Record<string, unknown>>, operation: string): Promise<TCollectionResult[]> {
  const response = await http.post<unknown>('/composite/sobjects', { allOrNone: false, records }, { operation });
  const answers = parseProviderBody(ZCollectionAnswer, response.data, 'Salesforce', 'the sObject Collections create');
  if (answers.length !== records.length) throw new AppError('provider_unavailable', 'Salesforce answered the collection create without a verdict for every record', { platform: 'salesforce' });
  return answers;
}

/** SELECT the sync's fields WHERE Id IN (…): created records as the sync will see them (Account.Name, times, owner). */
async function readRecords(http: ProviderHttpClient, object: SalesforceObject, ids: string[]): Promise<TSalesforceRecord[]> {
  const soql = buildSelect({ fields: SALESFORCE_FIELDS[object], object, where: [inList('Id', ids)] });
  return (await runQuery(http, soql, { operation: `salesforce.${object.toLowerCase()}.read-created` })).records;
}

function toItemError(answer: TCollectionResult, object: string): { code: ErrorCode; message: string; existingId?: string } {
  const first = (answer.errors[0] ?? {}) as SalesforceErrorItem;
  const code = first.statusCode ?? first.errorCode ?? 'UNKNOWN';
  const said = `${first.message ?? 'no reason given'}${first.fields && first.fields.length > 0 ? ` (${first.fields.join(', ')})` : ''} [${code}]`;
  if (code === 'DUPLICATES_DETECTED') {
    const existingId = findDuplicateId(first.duplicateResult);
    return { code: 'crm_duplicate', message: `Salesforce already has a ${object} with these details: ${said}`, ...(existingId ? { existingId } : {}) };
  }
  if (PASSING_CODES.has(code)) return { code: 'provider_unavailable', message: `Salesforce could not save the ${object} this time: ${said}` };
  return { code: 'provider_rejected', message: `Salesforce refused the ${object}: ${said}` };
}

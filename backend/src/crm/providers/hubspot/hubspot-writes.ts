import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { CallLog, CallStatus, CreateContactResult, CrmContactRecord, LogCallResult, NewContact } from '../../crm-service';
import type { ProviderErrorDetails } from '../../provider-http/provider-error';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { createEachContact, MAX_CONTACTS_PER_BATCH, refuseOversizedBatch } from '../create-each-contact';
import { parseProviderBody } from '../provider-pages';
import { mapHubSpotContact, toHubSpotProperties, ZHubSpotObject, type THubSpotObject } from './hubspot-mapping';

/** HubSpot's default association type for call → contact. */
const CALL_TO_CONTACT_TYPE_ID = 194;

const ZBatchResponse = z.object({ results: z.array(ZHubSpotObject) });
const ZCreatedCall = z.object({ id: z.string().min(1) });
/** A multi-status batch create: each result and each error names its input by objectWriteTraceId. */
const ZCallBatchAnswer = z.object({
  results: z.array(z.object({ id: z.string().min(1), objectWriteTraceId: z.string().optional() })),
  errors: z
    .array(z.object({ category: z.string().optional(), message: z.string().optional(), context: z.record(z.string(), z.array(z.string())).optional() }))
    .default([]),
});

/** HubSpot's batch create takes at most 100 inputs. */
export const MAX_CALLS_PER_BATCH = 100;
/** Per-record error categories that say the record itself is wrong: sending it again cannot help. */
const REFUSING_CATEGORIES = new Set(['VALIDATION_ERROR', 'OBJECT_NOT_FOUND', 'CONFLICT', 'MISSING_SCOPES', 'INVALID_PARAMS']);

/** HubSpot's call statuses for ours; a voicemail is a call that went through, to the mailbox. */
const CALL_STATUS: Record<CallStatus, string> = {
  completed: 'COMPLETED',
  voicemail: 'COMPLETED',
  no_answer: 'NO_ANSWER',
  busy: 'BUSY',
  failed: 'FAILED',
};

/** POST /crm/v3/objects/contacts. HubSpot's 409 names the contact that has the email already. */
export async function createHubSpotContact(http: ProviderHttpClient, input: NewContact): Promise<CrmContactRecord> {
  try {
    // Not marked idempotent: a POST that may have landed is not sent again after a 5xx.
    const response = await http.post<unknown>('/crm/v3/objects/contacts', { properties: toHubSpotProperties(input) }, { operation: 'hubspot.contacts.create' });
    return mapHubSpotContact(parseProviderBody(ZHubSpotObject, response.data, 'HubSpot', 'the contact create'));
  } catch (error) {
    throw toDuplicateError(error) ?? error;
  }
}

/**
 * POST batch/create. HubSpot refuses a whole batch (409) when any email exists already, or (400)
 * when any input is invalid; then each input is created on its own so each gets its own verdict.
 */
export async function createHubSpotContacts(http: ProviderHttpClient, inputs: NewContact[]): Promise<CreateContactResult[]> {
  refuseOversizedBatch(inputs, MAX_CONTACTS_PER_BATCH, 'HubSpot');
  if (inputs.length === 0) return [];
  let created: THubSpotObject[];
  try {
    const body = { inputs: inputs.map((input) => ({ properties: toHubSpotProperties(input) })) };
    const response = await http.post<unknown>('/crm/v3/objects/contacts/batch/create', body, { operation: 'hubspot.contacts.batch-create' });
    created = parseProviderBody(ZBatchResponse, response.data, 'HubSpot', 'the batch create').results;
  } catch (error) {
    if (error instanceof AppError && error.code === 'provider_rejected') return createEachContact(inputs, (input) => createHubSpotContact(http, input));
    throw error;
  }
  return matchCreated(inputs, created).map((object): CreateContactResult =>
    object
      ? { ok: true, contact: mapHubSpotContact(object) }
      : { ok: false, error: { code: 'provider_rejected', message: 'HubSpot accepted the batch but returned no contact for this input' } },
  );
}

/** POST /crm/v3/objects/calls, associated with the contact (call → contact, HUBSPOT_DEFINED 194). */
export async function logHubSpotCall(http: ProviderHttpClient, call: CallLog): Promise<{ externalId: string }> {
  const response = await http.post<unknown>('/crm/v3/objects/calls', toCallInput(call), { operation: 'hubspot.calls.create' });
  return { externalId: parseProviderBody(ZCreatedCall, response.data, 'HubSpot', 'the call create').id };
}

/**
 * POST /crm/v3/objects/calls/batch/create with up to 100 calls, each with its contact
 * association. Every input carries an objectWriteTraceId (its position), which makes HubSpot
 * answer per record (207) instead of refusing the whole batch for one bad input, and lets each
 * answer be matched to its input whatever order HubSpot returns them in.
 */
export async function logHubSpotCalls(http: ProviderHttpClient, calls: CallLog[]): Promise<LogCallResult[]> {
  if (calls.length > MAX_CALLS_PER_BATCH) throw new AppError('validation_failed', `HubSpot logs at most ${MAX_CALLS_PER_BATCH} calls per batch; got ${calls.length}`, { platform: 'hubspot' });
  if (calls.length === 0) return [];
  const inputs = calls.map((call, position) => ({ ...toCallInput(call), objectWriteTraceId: String(position) }));
  // Not marked idempotent: a batch that may have landed is not sent again; the caller looks first.
  const response = await http.post<unknown>('/crm/v3/objects/calls/batch/create', { inputs }, { operation: 'hubspot.calls.batch-create' });
  const answer = parseProviderBody(ZCallBatchAnswer, response.data, 'HubSpot', 'the calls batch create');
  const results = new Map<string, LogCallResult>();
  for (const result of answer.results) if (result.objectWriteTraceId !== undefined) results.set(result.objectWriteTraceId, { ok: true, externalId: result.id });
  for (const error of answer.errors) {
    const category = error.category ?? 'UNKNOWN';
    const code = REFUSING_CATEGORIES.has(category) ? 'provider_rejected' : category === 'RATE_LIMITS' ? 'provider_rate_limited' : 'provider_unavailable';
    const failure: LogCallResult = { ok: false, error: { code, message: `HubSpot refused the call: ${error.message ?? category} [${category}]` } };
    for (const traceId of error.context?.objectWriteTraceId ?? []) results.set(traceId, failure);
  }
  // An input HubSpot said nothing about may or may not exist now: only a lookup can tell.
  if (calls.some((_, position) => !results.has(String(position)))) {
    throw new AppError('provider_unavailable', 'HubSpot answered the calls batch create without a verdict for every call', { platform: 'hubspot' });
  }
  return calls.map((_, position) => results.get(String(position))!);
}

/** A call's properties and its association with the contact (call → contact, HUBSPOT_DEFINED 194). */
function toCallInput(call: CallLog): { properties: Record<string, string>; associations: unknown[] } {
  const properties: Record<string, string> = {
    hs_timestamp: call.startedAt.toISOString(),
    hs_call_title: call.title,
    hs_call_body: call.body,
    // HubSpot counts call durations in milliseconds.
    hs_call_duration: String(Math.max(0, Math.round(call.durationSec * 1000))),
    hs_call_status: CALL_STATUS[call.status],
    hs_call_direction: 'OUTBOUND',
  };
  if (call.disposition) properties.hs_call_disposition = call.disposition;
  const associations = [{ to: { id: call.contactExternalId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: CALL_TO_CONTACT_TYPE_ID }] }];
  return { properties, associations };
}

/**
 * HubSpot does not promise batch results in input order. Emails are unique in a portal (HubSpot
 * refuses a batch repeating one), so inputs with an email are matched by it; the others take
 * the remaining results in the order HubSpot returned them.
 */
function matchCreated(inputs: NewContact[], results: THubSpotObject[]): Array<THubSpotObject | undefined> {
  const pool = [...results];
  const emailOf = (object: THubSpotObject) => (typeof object.properties.email === 'string' ? object.properties.email.trim().toLowerCase() : null);
  const matched = inputs.map((input) => {
    const email = input.email?.trim().toLowerCase();
    if (!email) return undefined;
    const position = pool.findIndex((object) => emailOf(object) === email);
    return position === -1 ? undefined : pool.splice(position, 1)[0];
  });
  return matched.map((object, index) => object ?? (inputs[index]!.email?.trim() ? undefined : pool.shift()));
}

/** "Contact already exists. Existing ID: 123" → crm_duplicate with that id. */
function toDuplicateError(error: unknown): AppError | null {
  if (!(error instanceof AppError) || error.code !== 'provider_rejected') return null;
  const details = error.details as ProviderErrorDetails | undefined;
  if (details?.status !== 409) return null;
  const existingId = /Existing ID:\s*(\d+)/i.exec(details.providerMessage ?? '')?.[1];
  return new AppError('crm_duplicate', 'HubSpot already has a contact with this email', { platform: 'hubspot', ...(existingId ? { existingId } : {}) });
}

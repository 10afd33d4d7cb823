import { checkCallInput } from './call-input';
import type { StoredCall } from './call-store';
import { parseFields, parsePositiveInt } from './list-query';
import type { ZohoOrg } from './org';
import type { ZohoLimits } from './types';
import { recordSuccess } from './write-results';
import type { RecordResult } from './write-results';
import { zohoError, ZohoErrors } from './zoho-errors';
import { formatZohoTime } from './zoho-time';

export const CALL_READABLE_FIELDS = new Set([
  'id',
  'Owner',
  'Subject',
  'Call_Type',
  'Call_Start_Time',
  'Call_Duration',
  'Call_Duration_In_Seconds',
  'Who_Id',
  'What_Id',
  '$se_module',
  'Description',
  'Call_Purpose',
  'Call_Result',
  'Call_Agenda',
  'Created_Time',
  'Modified_Time',
  'Created_By',
  'Modified_By',
]);

/** Each record on its own: a refused one (or one a record-error fault fails) never stops the others. */
export function createCalls(org: ZohoOrg, records: unknown[], nowMs: number, failsRecord: (record: unknown) => boolean = () => false): RecordResult[] {
  return records.map((raw, index) => {
    if (failsRecord(raw)) return zohoError('INTERNAL_ERROR', 'Internal server error occurred.', { json_path: `$.data[${index}]` });
    const checked = checkCallInput(org, raw, index);
    if ('error' in checked) return checked.error;
    return recordSuccess(org, org.calls.insert(checked.fields, nowMs), 'record added');
  });
}

export function renderCall(call: StoredCall, org: ZohoOrg, only?: readonly string[]): Record<string, unknown> {
  const offset = org.timeZone.offsetMinutes;
  const owner = { name: org.user.name, id: org.user.id, email: org.user.email };
  const full: Record<string, unknown> = {
    id: call.id,
    Owner: owner,
    ...call.fields,
    Call_Start_Time: formatZohoTime(call.fields.Call_Start_Time, offset),
    Created_Time: formatZohoTime(call.createdAtMs, offset),
    Modified_Time: formatZohoTime(call.modifiedAtMs, offset),
    Created_By: owner,
    Modified_By: owner,
  };
  if (!only) return full;
  const picked: Record<string, unknown> = { id: call.id };
  for (const name of only) if (name in full) picked[name] = full[name];
  return picked;
}

/** Get Records for Calls: newest first, paged by `page` (calls stay few in the sandbox). */
export function listCalls(org: ZohoOrg, query: Record<string, unknown>, limits: ZohoLimits): CallPage {
  const fields = parseFields(typeof query.fields === 'string' ? query.fields : undefined, CALL_READABLE_FIELDS, limits);
  return pageOfCalls(org, org.calls.list(), query, limits, fields, { sort_by: 'id', sort_order: 'desc' });
}

type CallPage = { status: 200; body: unknown } | { status: 204 };

/** One `page` of `calls` (`per_page` of them, at most the limit), or 204 past the end, as Zoho answers. */
function pageOfCalls(org: ZohoOrg, calls: StoredCall[], query: Record<string, unknown>, limits: ZohoLimits, fields: readonly string[] | undefined, extraInfo: Record<string, string> = {}): CallPage {
  const perPage = parsePositiveInt(query.per_page, 'per_page') ?? limits.maxPerPage;
  if (perPage > limits.maxPerPage) throw ZohoErrors.invalidParam('per_page', { maximum_value: limits.maxPerPage });
  const page = parsePositiveInt(query.page, 'page') ?? 1;
  const slice = calls.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return { status: 204 };
  return {
    status: 200,
    body: {
      data: slice.map((call) => renderCall(call, org, fields)),
      info: { per_page: perPage, count: slice.length, page, ...extraInfo, more_records: page * perPage < calls.length },
    },
  };
}

/**
 * Criteria the sandbox's Calls search understands: `(Field:equals:value)` terms joined all by
 * `and` or all by `or` (Zoho also nests groups; the sandbox does not), at most 10 of them, as Zoho allows.
 */
const SEARCHABLE_CALL_FIELDS: Record<string, (call: StoredCall) => string | null> = {
  Who_Id: (call) => call.fields.Who_Id?.id ?? null,
  Subject: (call) => call.fields.Subject,
  Call_Type: (call) => call.fields.Call_Type,
};
const MAX_CRITERIA = 10;

type CallCriteria = { connector: 'and' | 'or'; terms: Array<{ read: (call: StoredCall) => string | null; value: string }> };

function parseCallCriteria(raw: unknown): CallCriteria {
  if (typeof raw !== 'string' || raw.length === 0) throw ZohoErrors.invalidParam('criteria');
  const body = raw.replace(/^\((\(.*\))\)$/, '$1');
  const parts = body.split(/\)\s*(and|or)\s*\(/i);
  const connectors = new Set(parts.filter((_, index) => index % 2 === 1).map((connector) => connector.toLowerCase()));
  if (connectors.size > 1) throw ZohoErrors.invalidParam('criteria');
  const rawTerms = parts.filter((_, index) => index % 2 === 0);
  if (rawTerms.length > MAX_CRITERIA) throw ZohoErrors.limitExceeded({ limit: MAX_CRITERIA, param_name: 'criteria' }, 'the number of criteria exceeds the limit');
  const terms = rawTerms.map((term) => {
    const match = /^([A-Za-z_$.]+):equals:(.+)$/.exec(term.replace(/^\(/, '').replace(/\)$/, ''));
    const read = match ? SEARCHABLE_CALL_FIELDS[match[1]!.replace(/\.id$/, '')] : undefined;
    if (!match || !read) throw ZohoErrors.invalidParam('criteria');
    return { read, value: match[2]!.replace(/\\([(),:])/g, '$1') };
  });
  return { connector: connectors.has('or') ? 'or' : 'and', terms };
}

/** Search Records for Calls by `criteria`: 204 when nothing matches, as Zoho answers. */
export function searchCalls(org: ZohoOrg, query: Record<string, unknown>, limits: ZohoLimits): CallPage {
  const { connector, terms } = parseCallCriteria(query.criteria);
  const matches = org.calls.list().filter((call) => (connector === 'or' ? terms.some((term) => term.read(call) === term.value) : terms.every((term) => term.read(call) === term.value)));
  return pageOfCalls(org, matches, query, limits, undefined);
}

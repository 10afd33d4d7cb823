import { checkCallInput } from './call-input';
import type { StoredCall } from './call-store';
import { parseFields, parsePositiveInt } from './list-query';
import type { ZohoOrg } from './org';
import type { ZohoLimits } from './types';
import { recordSuccess } from './write-results';
import type { RecordResult } from './write-results';
import { ZohoErrors } from './zoho-errors';
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

export function createCalls(org: ZohoOrg, records: unknown[], nowMs: number): RecordResult[] {
  return records.map((raw, index) => {
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

/** Criteria the sandbox's Calls search understands: `(Field:equals:value)` terms joined by `and`. */
const SEARCHABLE_CALL_FIELDS: Record<string, (call: StoredCall) => string | null> = {
  Who_Id: (call) => call.fields.Who_Id?.id ?? null,
  Subject: (call) => call.fields.Subject,
  Call_Type: (call) => call.fields.Call_Type,
};

function parseCallCriteria(raw: unknown): Array<{ read: (call: StoredCall) => string | null; value: string }> {
  if (typeof raw !== 'string' || raw.length === 0) throw ZohoErrors.invalidParam('criteria');
  const body = raw.replace(/^\((\(.*\))\)$/, '$1');
  const terms = body.split(/\)\s*and\s*\(/i).map((term) => term.replace(/^\(/, '').replace(/\)$/, ''));
  return terms.map((term) => {
    const match = /^([A-Za-z_$.]+):equals:(.+)$/.exec(term);
    const read = match ? SEARCHABLE_CALL_FIELDS[match[1]!.replace(/\.id$/, '')] : undefined;
    if (!match || !read) throw ZohoErrors.invalidParam('criteria');
    return { read, value: match[2]!.replace(/\\([(),:])/g, '$1') };
  });
}

/** Search Records for Calls by `criteria`: 204 when nothing matches, as Zoho answers. */
export function searchCalls(org: ZohoOrg, query: Record<string, unknown>, limits: ZohoLimits): CallPage {
  const criteria = parseCallCriteria(query.criteria);
  const matches = org.calls.list().filter((call) => criteria.every((term) => term.read(call) === term.value));
  return pageOfCalls(org, matches, query, limits, undefined);
}

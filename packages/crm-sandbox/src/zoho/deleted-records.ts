import { parsePositiveInt, parseSince, single } from './list-query';
import type { ZohoOrg } from './org';
import { minifiedUser } from './org';
import type { ZohoLimits } from './types';
import { ZohoErrors } from './zoho-errors';
import { formatZohoTime } from './zoho-time';

export type DeletedQuery = { type: 'all' | 'recycle' | 'permanent'; page: number; perPage: number; sinceSec?: number };

export function parseDeletedQuery(query: Record<string, unknown>, ifModifiedSince: string | undefined, limits: ZohoLimits): DeletedQuery {
  const type = single(query.type) ?? 'all';
  if (type !== 'all' && type !== 'recycle' && type !== 'permanent') throw ZohoErrors.invalidParam('type', { supported_values: ['all', 'recycle', 'permanent'] });
  const perPage = parsePositiveInt(query.per_page, 'per_page') ?? limits.maxPerPage;
  if (perPage > limits.maxPerPage) throw ZohoErrors.invalidParam('per_page', { maximum_value: limits.maxPerPage });
  const page = parsePositiveInt(query.page, 'page') ?? 1;
  return { type, page, perPage, sinceSec: parseSince(ifModifiedSince) };
}

/**
 * Get Deleted Records: newest deletion first; If-Modified-Since keeps deletions at or after
 * that second, which is how an incremental sync learns what disappeared.
 */
export function listDeleted(org: ZohoOrg, query: DeletedQuery): { status: 200; body: unknown } | { status: 204 } {
  const matching = org.contacts.deletedLog.filter(
    (entry) => (query.type === 'all' || entry.type === query.type) && (query.sinceSec === undefined || entry.deletedAtMs / 1000 >= query.sinceSec),
  );
  // The log is in deletion order, so reversing it puts the newest deletion first.
  const ordered = matching.reverse();
  const start = (query.page - 1) * query.perPage;
  const slice = ordered.slice(start, start + query.perPage);
  if (slice.length === 0) return { status: 204 };
  const user = minifiedUser(org);
  return {
    status: 200,
    body: {
      data: slice.map((entry) => ({
        deleted_by: user,
        id: entry.id,
        display_name: entry.displayName,
        type: entry.type,
        created_by: user,
        deleted_time: formatZohoTime(entry.deletedAtMs, org.timeZone.offsetMinutes),
      })),
      info: { per_page: query.perPage, count: slice.length, page: query.page, more_records: start + slice.length < ordered.length },
    },
  };
}

import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints, type TAuditEventKind } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { auditQueryKeys } from './query-keys';

export const AUDIT_PAGE_SIZE = 50;

/** What the Activity screen narrows to: one kind, and a range of days in the person's own time zone. */
export type AuditFilter = {
  kind: TAuditEventKind | null;
  /** Inclusive start of the range as an instant (ISO), or null. */
  from: string | null;
  /** Exclusive end of the range as an instant (ISO), or null. */
  to: string | null;
};

export const getAuditEvents = (api: ApiClient, filter: AuditFilter, cursor: string | null, signal?: AbortSignal) =>
  api.call(endpoints.listAuditEvents, { query: { kind: filter.kind ?? undefined, from: filter.from ?? undefined, to: filter.to ?? undefined, limit: AUDIT_PAGE_SIZE, cursor }, signal });

export const getAuditEventsInfiniteQueryOptions = (api: ApiClient, filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: auditQueryKeys.list(filter),
    queryFn: ({ pageParam, signal }) => getAuditEvents(api, filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // A changed filter keeps the old rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

export const useAuditEvents = (filter: AuditFilter) => useInfiniteQuery(getAuditEventsInfiniteQueryOptions(useApiClient(), filter));

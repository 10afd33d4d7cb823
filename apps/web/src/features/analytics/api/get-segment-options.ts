import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints, SEGMENTS_PAGE_MAX, type TSegment } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { analyticsQueryKeys } from './query-keys';

/** Segments offered as a filter; each page is counted live by the server, so the choice stops at a few pages. */
const MAX_PAGES = 5;

export async function getSegmentOptions(api: ApiClient, signal?: AbortSignal): Promise<{ items: TSegment[]; isTruncated: boolean }> {
  const items: TSegment[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer: { items: TSegment[]; nextCursor: string | null } = await api.call(endpoints.listSegments, { query: { limit: SEGMENTS_PAGE_MAX, cursor }, signal });
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return { items, isTruncated: cursor !== null };
}

export const getSegmentOptionsQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: analyticsQueryKeys.segmentOptions(), queryFn: ({ signal }) => getSegmentOptions(api, signal) });

export const useSegmentOptions = () => useQuery(getSegmentOptionsQueryOptions(useApiClient()));

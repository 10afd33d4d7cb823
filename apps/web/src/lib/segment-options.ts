import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints, SEGMENTS_PAGE_MAX, type TSegment } from '@voiceagent/shared';
import type { ApiClient } from './api-client';
import { useApiClient } from './backend';

/**
 * Segments offered in a picker (an agent's contact source, the analytics filter). Each page is
 * counted live by the server, so the choice stops at a few pages and says when it did.
 */
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

// Under the segments screen's root key ('segments'), so saving, renaming or deleting a segment
// refreshes every picker with the same invalidation.
export const getSegmentOptionsQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: ['segments', 'options'] as const, queryFn: ({ signal }) => getSegmentOptions(api, signal) });

export const useSegmentOptions = (isEnabled = true) => useQuery({ ...getSegmentOptionsQueryOptions(useApiClient()), enabled: isEnabled });

import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { segmentsQueryKeys } from './query-keys';

/** Each segment of a page is counted live by the server: a page stays small. */
export const SEGMENTS_PAGE_SIZE = 10;

export const getSegments = (api: ApiClient, cursor: string | null, signal?: AbortSignal) =>
  api.call(endpoints.listSegments, { query: { limit: SEGMENTS_PAGE_SIZE, cursor }, signal });

export const getSegmentsInfiniteQueryOptions = (api: ApiClient) =>
  infiniteQueryOptions({
    queryKey: segmentsQueryKeys.list(),
    queryFn: ({ pageParam, signal }) => getSegments(api, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });

export const useSegments = () => useInfiniteQuery(getSegmentsInfiniteQueryOptions(useApiClient()));

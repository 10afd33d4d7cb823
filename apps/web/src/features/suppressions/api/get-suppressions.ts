import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { suppressionsQueryKeys } from './query-keys';

export const SUPPRESSIONS_PAGE_SIZE = 50;

/** A page of the suppression list, newest first. */
export const getSuppressions = (api: ApiClient, cursor: string | null, signal?: AbortSignal) =>
  api.call(endpoints.listSuppressions, { query: { limit: SUPPRESSIONS_PAGE_SIZE, cursor }, signal });

export const getSuppressionsInfiniteQueryOptions = (api: ApiClient) =>
  infiniteQueryOptions({
    queryKey: suppressionsQueryKeys.list(),
    queryFn: ({ pageParam, signal }) => getSuppressions(api, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });

export const useSuppressions = () => useInfiniteQuery(getSuppressionsInfiniteQueryOptions(useApiClient()));

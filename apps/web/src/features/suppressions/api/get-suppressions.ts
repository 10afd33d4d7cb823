import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { isAnyWriteBackQueued } from '../crm-write-back';
import { suppressionsQueryKeys } from './query-keys';

export const SUPPRESSIONS_PAGE_SIZE = 50;
const WRITE_BACK_POLL_MS = 3000;

/** A page of the suppression list, newest first. */
export const getSuppressions = (api: ApiClient, cursor: string | null, signal?: AbortSignal) =>
  api.call(endpoints.listSuppressions, { query: { limit: SUPPRESSIONS_PAGE_SIZE, cursor }, signal });

export const getSuppressionsInfiniteQueryOptions = (api: ApiClient) =>
  infiniteQueryOptions({
    queryKey: suppressionsQueryKeys.list(),
    queryFn: ({ pageParam, signal }) => getSuppressions(api, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // While a write-back to the CRMs is under way, its state is read again until it has ended.
    refetchInterval: (query) => (isAnyWriteBackQueued(query.state.data?.pages.flatMap((page) => page.items) ?? []) ? WRITE_BACK_POLL_MS : false),
  });

export const useSuppressions = () => useInfiniteQuery(getSuppressionsInfiniteQueryOptions(useApiClient()));

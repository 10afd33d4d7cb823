import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { agentsQueryKeys } from './query-keys';

export const AGENTS_PAGE_SIZE = 20;

export const getAgents = (api: ApiClient, cursor: string | null, signal?: AbortSignal) =>
  api.call(endpoints.listAgents, { query: { limit: AGENTS_PAGE_SIZE, cursor }, signal });

export const getAgentsInfiniteQueryOptions = (api: ApiClient) =>
  infiniteQueryOptions({
    queryKey: agentsQueryKeys.list(),
    queryFn: ({ pageParam, signal }) => getAgents(api, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });

export const useAgents = () => useInfiniteQuery(getAgentsInfiniteQueryOptions(useApiClient()));

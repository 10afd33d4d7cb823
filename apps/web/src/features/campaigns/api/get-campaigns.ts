import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { campaignsQueryKeys } from './query-keys';

export const CAMPAIGNS_PAGE_SIZE = 10;

/** One agent's campaigns, newest first. */
export const getCampaigns = (api: ApiClient, agentId: string, cursor: string | null, signal?: AbortSignal) =>
  api.call(endpoints.listCampaigns, { query: { agentId, limit: CAMPAIGNS_PAGE_SIZE, cursor }, signal });

export const getCampaignsInfiniteQueryOptions = (api: ApiClient, agentId: string) =>
  infiniteQueryOptions({
    queryKey: campaignsQueryKeys.list(agentId),
    queryFn: ({ pageParam, signal }) => getCampaigns(api, agentId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });

export const useAgentCampaigns = (agentId: string) => useInfiniteQuery(getCampaignsInfiniteQueryOptions(useApiClient(), agentId));

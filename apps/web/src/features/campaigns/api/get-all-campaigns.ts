import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints, type TCampaign } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { campaignsQueryKeys } from './query-keys';

export const ALL_CAMPAIGNS_PAGE_SIZE = 25;

export type CampaignStatus = TCampaign['status'];

/** Every campaign of the user, newest first, optionally only those in one status. */
export const getAllCampaigns = (api: ApiClient, status: CampaignStatus | null, cursor: string | null, signal?: AbortSignal) =>
  api.call(endpoints.listCampaigns, { query: { limit: ALL_CAMPAIGNS_PAGE_SIZE, cursor, status }, signal });

export const getAllCampaignsInfiniteQueryOptions = (api: ApiClient, status: CampaignStatus | null) =>
  infiniteQueryOptions({
    queryKey: campaignsQueryKeys.everyList(status),
    queryFn: ({ pageParam, signal }) => getAllCampaigns(api, status, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });

export const useAllCampaigns = (status: CampaignStatus | null) => useInfiniteQuery(getAllCampaignsInfiniteQueryOptions(useApiClient(), status));

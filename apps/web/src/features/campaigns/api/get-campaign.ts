import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { campaignsQueryKeys } from './query-keys';

export const CAMPAIGN_CONTACTS_PAGE_SIZE = 50;
/** Results arrive while the page is open: the shown pages are read again this often. */
export const CAMPAIGN_POLL_MS = 3_000;

export const getCampaign = (api: ApiClient, campaignId: string, cursor: string | null, signal?: AbortSignal) =>
  api.call(endpoints.getCampaign, { params: { id: campaignId }, query: { limit: CAMPAIGN_CONTACTS_PAGE_SIZE, cursor }, signal });

/** The campaign with its contacts a page at a time; every page shown is polled for new results. */
export const getCampaignInfiniteQueryOptions = (api: ApiClient, campaignId: string) =>
  infiniteQueryOptions({
    queryKey: campaignsQueryKeys.contacts(campaignId),
    queryFn: ({ pageParam, signal }) => getCampaign(api, campaignId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.contacts.nextCursor,
    refetchInterval: CAMPAIGN_POLL_MS,
  });

export const useCampaign = (campaignId: string) => useInfiniteQuery(getCampaignInfiniteQueryOptions(useApiClient(), campaignId));

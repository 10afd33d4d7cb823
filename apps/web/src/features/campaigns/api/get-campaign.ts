import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { useIsLive } from '../../../lib/live-events';
import { campaignsQueryKeys } from './query-keys';

export const CAMPAIGN_CONTACTS_PAGE_SIZE = 50;
/** Results arrive while the page is open: without the live stream, the shown pages are read again this often. */
export const CAMPAIGN_POLL_MS = 3_000;

export const getCampaign = (api: ApiClient, campaignId: string, cursor: string | null, signal?: AbortSignal) =>
  api.call(endpoints.getCampaign, { params: { id: campaignId }, query: { limit: CAMPAIGN_CONTACTS_PAGE_SIZE, cursor }, signal });

/** The campaign with its contacts a page at a time; the live stream invalidates it as results arrive, else every page shown is polled. */
export const getCampaignInfiniteQueryOptions = (api: ApiClient, campaignId: string, { isLive = false }: { isLive?: boolean } = {}) =>
  infiniteQueryOptions({
    queryKey: campaignsQueryKeys.contacts(campaignId),
    queryFn: ({ pageParam, signal }) => getCampaign(api, campaignId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.contacts.nextCursor,
    refetchInterval: isLive ? false : CAMPAIGN_POLL_MS,
  });

export const useCampaign = (campaignId: string) => useInfiniteQuery(getCampaignInfiniteQueryOptions(useApiClient(), campaignId, { isLive: useIsLive() }));

import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { useIsLive } from '../../../lib/live-events';
import { CAMPAIGN_POLL_MS } from './get-campaign';
import { campaignsQueryKeys } from './query-keys';

export const getCampaignStats = (api: ApiClient, campaignId: string, signal?: AbortSignal) =>
  api.call(endpoints.getCampaignStats, { params: { id: campaignId }, signal });

export const getCampaignStatsQueryOptions = (api: ApiClient, campaignId: string, { isLive = false }: { isLive?: boolean } = {}) =>
  queryOptions({
    queryKey: campaignsQueryKeys.stats(campaignId),
    queryFn: ({ signal }) => getCampaignStats(api, campaignId, signal),
    // The live stream invalidates them as results arrive; polled only while it is down.
    refetchInterval: isLive ? false : CAMPAIGN_POLL_MS,
  });

export const useCampaignStats = (campaignId: string) => useQuery(getCampaignStatsQueryOptions(useApiClient(), campaignId, { isLive: useIsLive() }));

import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { campaignsQueryKeys } from './query-keys';

/**
 * The queue moves with the clock (windows open, retries fall due, leases expire), which no live
 * event reports: a running campaign's queue is read again this often.
 */
export const CAMPAIGN_QUEUE_POLL_MS = 10_000;

export const getCampaignQueue = (api: ApiClient, campaignId: string, signal?: AbortSignal) =>
  api.call(endpoints.getCampaignQueue, { params: { id: campaignId }, signal });

export const getCampaignQueueQueryOptions = (api: ApiClient, campaignId: string, { isActive }: { isActive: boolean }) =>
  queryOptions({
    queryKey: campaignsQueryKeys.queue(campaignId),
    queryFn: ({ signal }) => getCampaignQueue(api, campaignId, signal),
    refetchInterval: isActive ? CAMPAIGN_QUEUE_POLL_MS : false,
  });

export const useCampaignQueue = (campaignId: string, isActive: boolean) => useQuery(getCampaignQueueQueryOptions(useApiClient(), campaignId, { isActive }));

import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import type { AnalyticsRequest } from '../analytics-filters';
import { analyticsQueryKeys } from './query-keys';

/** `field`: a custom field's key, for the answer rate by its values (null: that chart is left out). */
export type CampaignAnalyticsRequest = AnalyticsRequest & { field: string | null };

export const getCampaignAnalytics = (api: ApiClient, request: CampaignAnalyticsRequest, signal?: AbortSignal) =>
  api.call(endpoints.getCampaignAnalytics, { query: request, signal });

export const getCampaignAnalyticsQueryOptions = (api: ApiClient, request: CampaignAnalyticsRequest) =>
  queryOptions({ queryKey: analyticsQueryKeys.section('campaigns', request), queryFn: ({ signal }) => getCampaignAnalytics(api, request, signal) });

export const useCampaignAnalytics = (request: CampaignAnalyticsRequest) => useQuery(getCampaignAnalyticsQueryOptions(useApiClient(), request));

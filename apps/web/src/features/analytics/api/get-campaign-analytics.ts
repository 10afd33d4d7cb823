import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import type { AnalyticsRequest } from '../analytics-filters';
import { analyticsQueryKeys } from './query-keys';

export const getCampaignAnalytics = (api: ApiClient, request: AnalyticsRequest, signal?: AbortSignal) =>
  api.call(endpoints.getCampaignAnalytics, { query: request, signal });

export const getCampaignAnalyticsQueryOptions = (api: ApiClient, request: AnalyticsRequest) =>
  queryOptions({ queryKey: analyticsQueryKeys.section('campaigns', request), queryFn: ({ signal }) => getCampaignAnalytics(api, request, signal) });

export const useCampaignAnalytics = (request: AnalyticsRequest) => useQuery(getCampaignAnalyticsQueryOptions(useApiClient(), request));

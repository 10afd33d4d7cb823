import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import type { AnalyticsRequest } from '../analytics-filters';
import { analyticsQueryKeys } from './query-keys';

export const getSyncAnalytics = (api: ApiClient, request: AnalyticsRequest, signal?: AbortSignal) =>
  api.call(endpoints.getSyncAnalytics, { query: request, signal });

export const getSyncAnalyticsQueryOptions = (api: ApiClient, request: AnalyticsRequest) =>
  queryOptions({ queryKey: analyticsQueryKeys.section('sync', request), queryFn: ({ signal }) => getSyncAnalytics(api, request, signal) });

export const useSyncAnalytics = (request: AnalyticsRequest) => useQuery(getSyncAnalyticsQueryOptions(useApiClient(), request));

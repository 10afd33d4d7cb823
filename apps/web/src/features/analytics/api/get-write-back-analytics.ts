import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import type { AnalyticsRequest } from '../analytics-filters';
import { analyticsQueryKeys } from './query-keys';

export const getWriteBackAnalytics = (api: ApiClient, request: AnalyticsRequest, signal?: AbortSignal) =>
  api.call(endpoints.getWriteBackAnalytics, { query: request, signal });

export const getWriteBackAnalyticsQueryOptions = (api: ApiClient, request: AnalyticsRequest) =>
  queryOptions({ queryKey: analyticsQueryKeys.section('write-back', request), queryFn: ({ signal }) => getWriteBackAnalytics(api, request, signal) });

export const useWriteBackAnalytics = (request: AnalyticsRequest) => useQuery(getWriteBackAnalyticsQueryOptions(useApiClient(), request));

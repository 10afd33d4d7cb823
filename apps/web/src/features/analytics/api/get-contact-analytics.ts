import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import type { AnalyticsRequest } from '../analytics-filters';
import { analyticsQueryKeys } from './query-keys';

export const getContactAnalytics = (api: ApiClient, request: AnalyticsRequest, signal?: AbortSignal) =>
  api.call(endpoints.getContactAnalytics, { query: request, signal });

export const getContactAnalyticsQueryOptions = (api: ApiClient, request: AnalyticsRequest) =>
  queryOptions({ queryKey: analyticsQueryKeys.section('contacts', request), queryFn: ({ signal }) => getContactAnalytics(api, request, signal) });

export const useContactAnalytics = (request: AnalyticsRequest) => useQuery(getContactAnalyticsQueryOptions(useApiClient(), request));

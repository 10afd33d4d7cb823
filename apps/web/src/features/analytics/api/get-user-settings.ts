import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { analyticsQueryKeys } from './query-keys';

export const getUserSettings = (api: ApiClient, signal?: AbortSignal) => api.call(endpoints.getUserSettings, { signal });

export const getUserSettingsQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: analyticsQueryKeys.settings(), queryFn: ({ signal }) => getUserSettings(api, signal), staleTime: Infinity });

export const useUserSettings = () => useQuery(getUserSettingsQueryOptions(useApiClient()));

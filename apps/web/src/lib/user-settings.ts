import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TUpdateUserSettingsBody } from '@voiceagent/shared';
import type { ApiClient } from './api-client';
import { useApiClient } from './backend';

/**
 * The user's settings (analytics' time zone, the suppressions' CRM write-back): one cache entry
 * for every screen that shows one of them. Only this user changes them, and every change here
 * writes the answer (all settings as they now are) into that entry, so it never goes stale.
 */
const USER_SETTINGS_KEY = ['me', 'settings'] as const;

export const getUserSettings = (api: ApiClient, signal?: AbortSignal) => api.call(endpoints.getUserSettings, { signal });

export const getUserSettingsQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: USER_SETTINGS_KEY, queryFn: ({ signal }) => getUserSettings(api, signal), staleTime: Infinity });

export const useUserSettings = () => useQuery(getUserSettingsQueryOptions(useApiClient()));

export const useUpdateUserSettings = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TUpdateUserSettingsBody) => api.call(endpoints.updateUserSettings, { body }),
    onSuccess: (settings) => queryClient.setQueryData(USER_SETTINGS_KEY, settings),
  });
};

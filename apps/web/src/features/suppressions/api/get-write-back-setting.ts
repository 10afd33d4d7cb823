import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { suppressionsQueryKeys } from './query-keys';

/** The user's settings, of which this screen shows `suppressionWriteBack`. */
export const getUserSettings = (api: ApiClient, signal?: AbortSignal) => api.call(endpoints.getUserSettings, { signal });

export const getUserSettingsQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: suppressionsQueryKeys.settings(), queryFn: ({ signal }) => getUserSettings(api, signal), staleTime: 60_000 });

export const useUserSettings = () => useQuery(getUserSettingsQueryOptions(useApiClient()));

/** Turns the write-back on or off; the answer (every setting as it is now) replaces the cached settings. */
export const useSetWriteBack = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (isOn: boolean) => api.call(endpoints.updateUserSettings, { body: { suppressionWriteBack: isOn } }),
    onSuccess: (settings) => queryClient.setQueryData(suppressionsQueryKeys.settings(), settings),
  });
};

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TUpdateUserSettingsBody } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { analyticsQueryKeys } from './query-keys';

export const updateUserSettings = (api: ApiClient, body: TUpdateUserSettingsBody) => api.call(endpoints.updateUserSettings, { body });

/** Saves the settings and puts the answer in the cache, so every screen reading them follows at once. */
export const useUpdateUserSettings = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TUpdateUserSettingsBody) => updateUserSettings(api, body),
    onSuccess: (settings) => queryClient.setQueryData(analyticsQueryKeys.settings(), settings),
  });
};

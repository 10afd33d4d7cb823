import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TCrmSettingsBody, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** Changes a connection's settings; a new phone region starts the full sync that re-reads every number. */
export const updateCrmSettings = (api: ApiClient, platform: TPlatform, settings: TCrmSettingsBody) =>
  api.call(endpoints.updateCrmSettings, { params: { platform }, body: settings });

export const useUpdateCrmSettings = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ platform, settings }: { platform: TPlatform; settings: TCrmSettingsBody }) => updateCrmSettings(api, platform, settings),
    // The connection shows its new region and the sync it started.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: crmQueryKeys.credentials() }),
  });
};

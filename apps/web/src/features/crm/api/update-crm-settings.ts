import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZCrmSettingsResponse, type TCrmSettingsBody, type TCrmSettingsResponse, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** Changes a connection's settings; a new phone region starts the full sync that re-reads every number. */
export const updateCrmSettings = (api: ApiClient, platform: TPlatform, settings: TCrmSettingsBody): Promise<TCrmSettingsResponse> =>
  api.request(`/api/v1/crm/${platform}/settings`, { method: 'PATCH', body: settings, schema: ZCrmSettingsResponse });

export const useUpdateCrmSettings = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ platform, settings }: { platform: TPlatform; settings: TCrmSettingsBody }) => updateCrmSettings(api, platform, settings),
    // The connection shows its new region and the sync it started.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: crmQueryKeys.credentials() }),
  });
};

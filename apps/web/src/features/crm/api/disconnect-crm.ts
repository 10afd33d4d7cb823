import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

export const disconnectCrm = (api: ApiClient, platform: TPlatform) => api.call(endpoints.disconnectCrm, { params: { platform } });

export const useDisconnectCrm = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (platform: TPlatform) => disconnectCrm(api, platform),
    // The connection and its synced contacts are gone: every CRM query is out of date.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: crmQueryKeys.all }),
  });
};

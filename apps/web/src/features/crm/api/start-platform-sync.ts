import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZSyncStartResponse, type TPlatform, type TSyncStartResponse } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** Queues a sync of one platform; `alreadyRunning` when one was under way (its run id is returned). */
export const startPlatformSync = (api: ApiClient, platform: TPlatform): Promise<TSyncStartResponse> =>
  api.request(`/api/v1/crm/${platform}/sync`, { method: 'POST', schema: ZSyncStartResponse });

export const useStartPlatformSync = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (platform: TPlatform) => startPlatformSync(api, platform),
    // The connection now has an active run, which the card follows.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: crmQueryKeys.credentials() }),
  });
};

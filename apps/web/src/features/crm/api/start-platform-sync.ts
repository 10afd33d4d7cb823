import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** Queues a sync of one platform; `alreadyRunning` when one was under way (its run id is returned). */
export const startPlatformSync = (api: ApiClient, platform: TPlatform) => api.call(endpoints.startPlatformSync, { params: { platform } });

export const useStartPlatformSync = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (platform: TPlatform) => startPlatformSync(api, platform),
    // The connection now has an active run, which the card follows.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: crmQueryKeys.credentials() }),
  });
};

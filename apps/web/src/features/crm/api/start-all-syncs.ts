import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZSyncAllResponse, type TSyncAllResponse } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** Queues a sync of every connected platform; each result is a run or the reason none started. */
export const startAllSyncs = (api: ApiClient): Promise<TSyncAllResponse> =>
  api.request('/api/v1/crm/sync', { method: 'POST', schema: ZSyncAllResponse });

export const useStartAllSyncs = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => startAllSyncs(api),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: crmQueryKeys.credentials() }),
  });
};

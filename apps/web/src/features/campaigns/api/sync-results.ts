import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { campaignsQueryKeys } from './query-keys';

export const syncResults = (api: ApiClient, campaignId: string) => api.call(endpoints.syncCampaignResults, { params: { id: campaignId } });

/** Queues the campaign's unfinished write-backs again (the failed ones included). */
export const useSyncResults = (campaignId: string) => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => syncResults(api, campaignId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: campaignsQueryKeys.detail(campaignId) });
    },
  });
};

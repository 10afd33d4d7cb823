import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZCreateCampaignResponse, type TCreateCampaignBody, type TCreateCampaignResponse } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { campaignsQueryKeys } from './query-keys';

export const createCampaign = (api: ApiClient, body: TCreateCampaignBody): Promise<TCreateCampaignResponse> =>
  api.request('/api/v1/campaigns', { method: 'POST', body, schema: ZCreateCampaignResponse });

export const useCreateCampaign = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateCampaignBody) => createCampaign(api, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [...campaignsQueryKeys.all, 'list'] });
    },
  });
};

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TCreateCampaignBody } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { campaignsQueryKeys } from './query-keys';

export const createCampaign = (api: ApiClient, body: TCreateCampaignBody) => api.call(endpoints.createCampaign, { body });

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

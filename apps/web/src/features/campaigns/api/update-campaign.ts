import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TCallingRulesInput } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { campaignsQueryKeys } from './query-keys';

/** Changes a campaign's calling rules (PATCH: what is sent replaces what it had). */
export const updateCampaignRules = (api: ApiClient, campaignId: string, rules: TCallingRulesInput) =>
  api.call(endpoints.updateCampaign, { params: { id: campaignId }, body: rules });

export const useUpdateCampaignRules = (campaignId: string) => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rules: TCallingRulesInput) => updateCampaignRules(api, campaignId, rules),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignsQueryKeys.detail(campaignId) }),
  });
};

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { campaignsQueryKeys } from './query-keys';

export type CampaignTransition = 'pause' | 'resume' | 'cancel';

const ENDPOINTS = { pause: endpoints.pauseCampaign, resume: endpoints.resumeCampaign, cancel: endpoints.cancelCampaign } as const;

/** Pauses, resumes or cancels; the server answers the campaign as it is now (409 when the move does not apply). */
export const changeCampaignStatus = (api: ApiClient, campaignId: string, transition: CampaignTransition) =>
  api.call(ENDPOINTS[transition], { params: { id: campaignId } });

export const useChangeCampaignStatus = (campaignId: string) => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (transition: CampaignTransition) => changeCampaignStatus(api, campaignId, transition),
    // A refusal (409) means the page was behind: both ways, it is read again.
    onSettled: () => queryClient.invalidateQueries({ queryKey: campaignsQueryKeys.detail(campaignId) }),
  });
};

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TCreateAgentBody } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { agentsQueryKeys } from './query-keys';

export const createAgent = (api: ApiClient, body: TCreateAgentBody) => api.call(endpoints.createAgent, { body });

export const useCreateAgent = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateAgentBody) => createAgent(api, body),
    onSuccess: async (created) => {
      // The agent page opens next: hand it the agent instead of asking again.
      queryClient.setQueryData(agentsQueryKeys.detail(created.agent.id), created.agent);
      await queryClient.invalidateQueries({ queryKey: agentsQueryKeys.list() });
    },
  });
};

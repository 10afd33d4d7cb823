import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TUpdateAgentBody } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { agentsQueryKeys } from './query-keys';

/** Changes what the agent is called and says; its contacts stay. */
export const updateAgent = (api: ApiClient, agentId: string, body: TUpdateAgentBody) => api.call(endpoints.updateAgent, { params: { id: agentId }, body });

export const useUpdateAgent = (agentId: string) => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TUpdateAgentBody) => updateAgent(api, agentId, body),
    onSuccess: async (agent) => {
      // The page shows the answer at once; the list (names, voices) is read again.
      queryClient.setQueryData(agentsQueryKeys.detail(agentId), agent);
      await queryClient.invalidateQueries({ queryKey: agentsQueryKeys.list() });
    },
  });
};

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { agentsQueryKeys } from './query-keys';

export const removeAgentContacts = (api: ApiClient, agentId: string, contactIds: string[]) =>
  api.call(endpoints.removeAgentContacts, { params: { id: agentId }, body: { contactIds } });

/** Takes contacts off the agent's list; the agent (its count) and its list are read again. */
export const useRemoveAgentContacts = (agentId: string) => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (contactIds: string[]) => removeAgentContacts(api, agentId, contactIds),
    onSuccess: async () => {
      // The list is a snapshot kept forever (staleTime Infinity): it must be dropped, not just marked stale.
      queryClient.removeQueries({ queryKey: agentsQueryKeys.contacts(agentId) });
      await queryClient.invalidateQueries({ queryKey: agentsQueryKeys.detail(agentId) });
    },
  });
};

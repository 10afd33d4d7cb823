import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { agentsQueryKeys } from './query-keys';

export const AGENT_CONTACTS_PAGE_SIZE = 50;

export const getAgentContacts = (api: ApiClient, agentId: string, cursor: string | null, signal?: AbortSignal) =>
  api.call(endpoints.listAgentContacts, { params: { id: agentId }, query: { limit: AGENT_CONTACTS_PAGE_SIZE, cursor }, signal });

export const getAgentContactsInfiniteQueryOptions = (api: ApiClient, agentId: string) =>
  infiniteQueryOptions({
    queryKey: agentsQueryKeys.contacts(agentId),
    queryFn: ({ pageParam, signal }) => getAgentContacts(api, agentId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // A snapshot never changes: what was read stays right.
    staleTime: Infinity,
  });

export const useAgentContacts = (agentId: string) => useInfiniteQuery(getAgentContactsInfiniteQueryOptions(useApiClient(), agentId));

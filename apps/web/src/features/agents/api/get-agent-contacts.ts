import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { ZAgentContactListResponse, type TAgentContactListResponse } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { agentsQueryKeys } from './query-keys';

export const AGENT_CONTACTS_PAGE_SIZE = 50;

export const getAgentContacts = (api: ApiClient, agentId: string, cursor: string | null, signal?: AbortSignal): Promise<TAgentContactListResponse> =>
  api.request(`/api/v1/agents/${encodeURIComponent(agentId)}/contacts`, {
    schema: ZAgentContactListResponse,
    signal,
    query: { limit: AGENT_CONTACTS_PAGE_SIZE, cursor },
  });

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

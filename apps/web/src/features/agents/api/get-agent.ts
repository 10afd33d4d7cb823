import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { agentsQueryKeys } from './query-keys';

export const getAgent = (api: ApiClient, agentId: string, signal?: AbortSignal) => api.call(endpoints.getAgent, { params: { id: agentId }, signal });

export const getAgentQueryOptions = (api: ApiClient, agentId: string) =>
  queryOptions({
    queryKey: agentsQueryKeys.detail(agentId),
    queryFn: ({ signal }) => getAgent(api, agentId, signal),
  });

export const useAgent = (agentId: string) => useQuery(getAgentQueryOptions(useApiClient(), agentId));

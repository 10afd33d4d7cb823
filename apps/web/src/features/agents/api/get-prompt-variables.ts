import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { agentsQueryKeys } from './query-keys';

/** The variables a greeting and instructions may use: contact fields, then the user's mapped custom keys. */
export const getPromptVariables = async (api: ApiClient, signal?: AbortSignal) => (await api.call(endpoints.listPromptVariables, { signal })).variables;

export const getPromptVariablesQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: agentsQueryKeys.promptVariables(),
    queryFn: ({ signal }) => getPromptVariables(api, signal),
  });

export const usePromptVariables = () => useQuery(getPromptVariablesQueryOptions(useApiClient()));

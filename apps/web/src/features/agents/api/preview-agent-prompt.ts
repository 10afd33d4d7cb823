import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints, type TPromptPreviewBody } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { agentsQueryKeys } from './query-keys';

/** The greeting and instructions rendered for one contact, with the variables it has no value for. */
export const previewAgentPrompt = (api: ApiClient, body: TPromptPreviewBody, signal?: AbortSignal) => api.call(endpoints.previewAgentPrompt, { body, signal });

// A POST, but it changes nothing: read as a query, so a text typed again is answered from the cache.
export const getPromptPreviewQueryOptions = (api: ApiClient, body: TPromptPreviewBody) =>
  queryOptions({
    queryKey: [...agentsQueryKeys.promptPreview(), body],
    queryFn: ({ signal }) => previewAgentPrompt(api, body, signal),
    // The last preview stays on screen while the next one renders.
    placeholderData: keepPreviousData,
  });

/** null: no contact chosen yet, nothing to render. */
export const usePromptPreview = (body: TPromptPreviewBody | null) => {
  const api = useApiClient();
  return useQuery({ ...getPromptPreviewQueryOptions(api, body ?? { contactId: '' }), enabled: body !== null });
};

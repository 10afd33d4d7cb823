import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { segmentsQueryKeys } from './query-keys';

/** Reads a CRM list segment's members from its CRM now, rather than at the next sync. */
export const refreshSegment = (api: ApiClient, segmentId: string) => api.call(endpoints.refreshSegment, { params: { id: segmentId } });

export const useRefreshSegment = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (segmentId: string) => refreshSegment(api, segmentId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: segmentsQueryKeys.list() }),
  });
};

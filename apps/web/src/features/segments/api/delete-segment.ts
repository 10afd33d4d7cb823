import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { segmentsQueryKeys } from './query-keys';

/** Deletes a segment; agents made from it keep the contacts they last took. */
export const deleteSegment = (api: ApiClient, segmentId: string) => api.call(endpoints.deleteSegment, { params: { id: segmentId } });

export const useDeleteSegment = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (segmentId: string) => deleteSegment(api, segmentId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentsQueryKeys.all }),
  });
};

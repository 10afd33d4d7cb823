import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TUpdateSegmentBody } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { segmentsQueryKeys } from './query-keys';

/** Renames a segment or changes its description (or its filter). */
export const updateSegment = (api: ApiClient, segmentId: string, body: TUpdateSegmentBody) =>
  api.call(endpoints.updateSegment, { params: { id: segmentId }, body });

export const useUpdateSegment = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ segmentId, body }: { segmentId: string; body: TUpdateSegmentBody }) => updateSegment(api, segmentId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentsQueryKeys.all }),
  });
};

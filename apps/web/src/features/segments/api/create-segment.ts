import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TCreateSegmentBody } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { segmentsQueryKeys } from './query-keys';

export const createSegment = (api: ApiClient, body: TCreateSegmentBody) => api.call(endpoints.createSegment, { body });

export const useCreateSegment = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateSegmentBody) => createSegment(api, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentsQueryKeys.all }),
  });
};

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { bulkUpdatesQueryKeys } from './query-keys';

export const cancelBulkUpdate = (api: ApiClient, jobId: string) => api.call(endpoints.cancelBulkUpdate, { params: { id: jobId } });

/** Stops the job before its next batch; the rows not yet sent are skipped. */
export const useCancelBulkUpdate = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => cancelBulkUpdate(api, jobId),
    onSuccess: async (_answer, jobId) => {
      await queryClient.invalidateQueries({ queryKey: bulkUpdatesQueryKeys.job(jobId) });
    },
  });
};

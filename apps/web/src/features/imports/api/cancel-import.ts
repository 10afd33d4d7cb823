import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { importsQueryKeys } from './query-keys';

export const cancelImport = (api: ApiClient, id: string) => api.call(endpoints.cancelImport, { params: { id } });

/** Stops the import before its next batch; the rows not yet sent are skipped. */
export const useCancelImport = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cancelImport(api, id),
    onSuccess: (answer) => queryClient.setQueryData(importsQueryKeys.one(answer.import.id), answer),
  });
};

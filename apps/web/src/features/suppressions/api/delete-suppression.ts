import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { suppressionsQueryKeys } from './query-keys';

/** Lets the number be called again. */
export const deleteSuppression = (api: ApiClient, id: string) => api.call(endpoints.deleteSuppression, { params: { id } });

export const useDeleteSuppression = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteSuppression(api, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: suppressionsQueryKeys.all }),
  });
};

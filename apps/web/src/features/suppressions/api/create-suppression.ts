import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TCreateSuppressionInput } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { suppressionsQueryKeys } from './query-keys';

/** Adds a number (typed, or a contact's with its id); a number already listed answers its entry. */
export const createSuppression = (api: ApiClient, body: TCreateSuppressionInput) => api.call(endpoints.createSuppression, { body });

export const useCreateSuppression = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateSuppressionInput) => createSuppression(api, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: suppressionsQueryKeys.all }),
  });
};

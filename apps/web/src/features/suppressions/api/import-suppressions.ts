import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { suppressionsQueryKeys } from './query-keys';

/** Uploads a CSV of numbers as multipart/form-data (the contract's `{ file }` is the form's part). */
export const importSuppressions = (api: ApiClient, file: File) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.call(endpoints.importSuppressions, { body: form as unknown as { file: string } });
};

export const useImportSuppressions = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => importSuppressions(api, file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: suppressionsQueryKeys.all }),
  });
};

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TImportMapping } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { importsQueryKeys } from './query-keys';

export const startImport = (api: ApiClient, id: string, mapping: TImportMapping) => api.call(endpoints.startImport, { params: { id }, body: { mapping } });

export const useStartImport = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, mapping }: { id: string; mapping: TImportMapping }) => startImport(api, id, mapping),
    onSuccess: (answer) => queryClient.setQueryData(importsQueryKeys.one(answer.import.id), answer),
  });
};

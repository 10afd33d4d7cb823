import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TImportCrmListBody } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { segmentsQueryKeys } from './query-keys';

/** A CRM list as a segment whose members follow the CRM after every sync. */
export const importCrmList = (api: ApiClient, body: TImportCrmListBody) => api.call(endpoints.importCrmList, { body });

export const useImportCrmList = () => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TImportCrmListBody) => importCrmList(api, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentsQueryKeys.list() }),
  });
};

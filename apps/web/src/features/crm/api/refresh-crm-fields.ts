import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** Reads the CRM's catalogue again: fields added there appear, mappings of removed ones turn broken. */
export const refreshCrmFields = (api: ApiClient, platform: TPlatform) => api.call(endpoints.refreshCrmFields, { params: { platform } });

export const useRefreshCrmFields = (platform: TPlatform) => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => refreshCrmFields(api, platform),
    onSuccess: async (catalogue) => {
      queryClient.setQueryData(crmQueryKeys.fields(platform), catalogue);
      // A refresh decides which mappings are broken: their statuses are read again.
      await queryClient.invalidateQueries({ queryKey: crmQueryKeys.fieldMappings(platform) });
    },
  });
};

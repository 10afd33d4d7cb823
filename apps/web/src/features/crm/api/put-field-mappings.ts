import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints, type TFieldMappingsBody, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** Replaces the connection's mapping; the answer names the backfill it started, if anything changed. */
export const putFieldMappings = (api: ApiClient, platform: TPlatform, body: TFieldMappingsBody) =>
  api.call(endpoints.putFieldMappings, { params: { platform }, body });

export const usePutFieldMappings = (platform: TPlatform) => {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TFieldMappingsBody) => putFieldMappings(api, platform, body),
    onSuccess: async (saved) => {
      queryClient.setQueryData(crmQueryKeys.fieldMappings(platform), { ...saved, backfill: null });
      // The connection now has the backfill as its active run, which the card follows.
      await queryClient.invalidateQueries({ queryKey: crmQueryKeys.credentials() });
    },
  });
};

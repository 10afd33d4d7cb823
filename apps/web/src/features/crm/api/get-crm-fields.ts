import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** The connection's cached catalogue of contact (and lead) fields. */
export const getCrmFields = (api: ApiClient, platform: TPlatform, signal?: AbortSignal) => api.call(endpoints.listCrmFields, { params: { platform }, signal });

export const getCrmFieldsQueryOptions = (api: ApiClient, platform: TPlatform) =>
  queryOptions({
    queryKey: crmQueryKeys.fields(platform),
    queryFn: ({ signal }) => getCrmFields(api, platform, signal),
    // The server caches it too; it changes only when someone refreshes it.
    staleTime: 5 * 60_000,
  });

export const useCrmFields = (platform: TPlatform, { isEnabled = true }: { isEnabled?: boolean } = {}) =>
  useQuery({ ...getCrmFieldsQueryOptions(useApiClient(), platform), enabled: isEnabled });

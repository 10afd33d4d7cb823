import { queryOptions, useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { endpoints, type TFieldMappingsResponse, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** Which fields the connection syncs and where each goes (the CRM's defaults until the user saves). */
export const getFieldMappings = (api: ApiClient, platform: TPlatform, signal?: AbortSignal) =>
  api.call(endpoints.getFieldMappings, { params: { platform }, signal });

export const getFieldMappingsQueryOptions = (api: ApiClient, platform: TPlatform) =>
  queryOptions({
    queryKey: crmQueryKeys.fieldMappings(platform),
    queryFn: ({ signal }) => getFieldMappings(api, platform, signal),
  });

export const useFieldMappings = (platform: TPlatform, { isEnabled = true }: { isEnabled?: boolean } = {}) =>
  useQuery({ ...getFieldMappingsQueryOptions(useApiClient(), platform), enabled: isEnabled });

/**
 * The mappings of every connected platform, for the contacts list's columns: a platform whose
 * mapping cannot be read only lacks its columns.
 */
export function useConnectedFieldMappings(platforms: readonly TPlatform[]): ConnectedFieldMappings {
  const api = useApiClient();
  return useQueries({ queries: platforms.map((platform) => getFieldMappingsQueryOptions(api, platform)), combine: combineMappings });
}

type ConnectedFieldMappings = { mappings: TFieldMappingsResponse[]; isPending: boolean };

// Stable, so TanStack Query keeps the combined result (and the columns built from it) between renders.
const combineMappings = (results: Array<UseQueryResult<TFieldMappingsResponse>>): ConnectedFieldMappings => ({
  mappings: results.flatMap((result) => (result.data ? [result.data] : [])),
  isPending: results.some((result) => result.isPending),
});

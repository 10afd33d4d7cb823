import { useQuery } from '@tanstack/react-query';
import { endpoints, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { bulkUpdatesQueryKeys } from './query-keys';

/** The connections, to know which CRMs a bulk update can write to. */
export const getConnections = (api: ApiClient, signal?: AbortSignal) => api.call(endpoints.listCrmCredentials, { signal });

export const useConnections = () => {
  const api = useApiClient();
  return useQuery({ queryKey: bulkUpdatesQueryKeys.connections(), queryFn: ({ signal }) => getConnections(api, signal) });
};

/** The connection's field catalogue (contacts, and leads where the CRM has them). */
export const getCrmFields = (api: ApiClient, platform: TPlatform, signal?: AbortSignal) => api.call(endpoints.listCrmFields, { params: { platform }, signal });

export const useCrmFields = (platform: TPlatform, { isEnabled = true }: { isEnabled?: boolean } = {}) => {
  const api = useApiClient();
  return useQuery({
    queryKey: bulkUpdatesQueryKeys.fields(platform),
    queryFn: ({ signal }) => getCrmFields(api, platform, signal),
    // The server caches it too; it changes only when someone refreshes it.
    staleTime: 5 * 60_000,
    enabled: isEnabled,
  });
};

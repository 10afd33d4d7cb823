import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints, type TPlatform } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { segmentsQueryKeys } from './query-keys';

/** The contact lists of one connected CRM (HubSpot lists, Zoho custom views, Salesforce list views). */
export const getCrmLists = (api: ApiClient, platform: TPlatform, signal?: AbortSignal) => api.call(endpoints.listCrmLists, { params: { platform }, signal });

export const getCrmListsQueryOptions = (api: ApiClient, platform: TPlatform) =>
  queryOptions({
    queryKey: segmentsQueryKeys.crmLists(platform),
    queryFn: ({ signal }) => getCrmLists(api, platform, signal),
    // A missing scope or connection will not mend by asking again.
    retry: false,
  });

export const useCrmLists = (platform: TPlatform | null) => {
  const api = useApiClient();
  return useQuery({ ...getCrmListsQueryOptions(api, platform ?? 'hubspot'), enabled: platform !== null });
};

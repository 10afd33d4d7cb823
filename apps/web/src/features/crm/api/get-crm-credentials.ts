import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZCrmCredentialsResponse, type TCrmCredentialsResponse } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

export const getCrmCredentials = (api: ApiClient, signal?: AbortSignal): Promise<TCrmCredentialsResponse> =>
  api.request('/api/v1/crm/credentials', { schema: ZCrmCredentialsResponse, signal });

export const getCrmCredentialsQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: crmQueryKeys.credentials(),
    queryFn: ({ signal }) => getCrmCredentials(api, signal),
  });

export const useCrmCredentials = () => useQuery(getCrmCredentialsQueryOptions(useApiClient()));

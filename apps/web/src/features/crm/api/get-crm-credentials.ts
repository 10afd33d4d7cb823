import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

export const getCrmCredentials = (api: ApiClient, signal?: AbortSignal) => api.call(endpoints.listCrmCredentials, { signal });

export const getCrmCredentialsQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: crmQueryKeys.credentials(),
    queryFn: ({ signal }) => getCrmCredentials(api, signal),
  });

export const useCrmCredentials = () => useQuery(getCrmCredentialsQueryOptions(useApiClient()));

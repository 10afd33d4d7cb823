import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints, type TPublicConfig } from '@voiceagent/shared';
import { createApiClient } from './api-client';

// The only call made before anyone can be signed in, so it carries no token.
const publicApi = createApiClient({ getAccessToken: async () => null });

export const PUBLIC_CONFIG_QUERY_KEY = ['public-config'] as const;

export const getPublicConfig = (): Promise<TPublicConfig> => publicApi.call(endpoints.getPublicConfig);

export const getPublicConfigQueryOptions = () =>
  queryOptions({
    queryKey: PUBLIC_CONFIG_QUERY_KEY,
    queryFn: getPublicConfig,
    // Fixed for the life of the page; a failure is shown at once with a Retry button.
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });

export const usePublicConfig = () => useQuery(getPublicConfigQueryOptions());

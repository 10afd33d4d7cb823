import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints, type TPlatform, type TSyncRun } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { crmQueryKeys } from './query-keys';

/** The platform's most recent sync run (null before the first): how the last sync ended. */
export const getLatestSyncRun = async (api: ApiClient, platform: TPlatform, signal?: AbortSignal): Promise<TSyncRun | null> => {
  const { runs } = await api.call(endpoints.listSyncRuns, { query: { platform, limit: 1 }, signal });
  return runs[0] ?? null;
};

export const getLatestSyncRunQueryOptions = (api: ApiClient, platform: TPlatform) =>
  queryOptions({
    queryKey: crmQueryKeys.latestSyncRun(platform),
    queryFn: ({ signal }) => getLatestSyncRun(api, platform, signal),
  });

export const useLatestSyncRun = (platform: TPlatform, { isEnabled }: { isEnabled: boolean }) =>
  useQuery({ ...getLatestSyncRunQueryOptions(useApiClient(), platform), enabled: isEnabled });

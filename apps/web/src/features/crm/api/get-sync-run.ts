import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints, type TSyncRun } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { useIsLive } from '../../../lib/live-events';
import { crmQueryKeys } from './query-keys';

const POLL_MS = 1_000;

export const isSyncRunActive = (run: TSyncRun): boolean => run.status === 'queued' || run.status === 'running';

export const getSyncRun = (api: ApiClient, runId: string, signal?: AbortSignal) => api.call(endpoints.getSyncRun, { params: { id: runId }, signal });

export const getSyncRunQueryOptions = (api: ApiClient, runId: string, { isLive = false }: { isLive?: boolean } = {}) =>
  queryOptions({
    queryKey: crmQueryKeys.syncRun(runId),
    queryFn: ({ signal }) => getSyncRun(api, runId, signal),
    // The live stream writes each page's progress into this query; without it, the bar is asked every second until the run ends.
    refetchInterval: (query) => (isLive || (query.state.data && !isSyncRunActive(query.state.data)) ? false : POLL_MS),
    staleTime: 0,
  });

export const useSyncRun = (runId: string) => useQuery(getSyncRunQueryOptions(useApiClient(), runId, { isLive: useIsLive() }));

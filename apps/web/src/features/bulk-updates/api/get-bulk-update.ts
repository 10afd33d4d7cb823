import { useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { useIsLive } from '../../../lib/live-events';
import { bulkUpdatesQueryKeys } from './query-keys';

/** How often a running job's progress is read again. */
export const BULK_UPDATE_POLL_MS = 1000;
/** Failed rows shown in the dialog; the rest are counted. */
export const FAILED_ROWS_SHOWN = 50;

/** The job with its first failed rows (the server lists failed rows first). */
export const getBulkUpdate = (api: ApiClient, jobId: string, signal?: AbortSignal) =>
  api.call(endpoints.getBulkUpdate, { params: { id: jobId }, query: { status: 'failed', limit: FAILED_ROWS_SHOWN }, signal });

export const useBulkUpdate = (jobId: string | null) => {
  const api = useApiClient();
  const isLive = useIsLive();
  return useQuery({
    queryKey: bulkUpdatesQueryKeys.job(jobId ?? 'none'),
    queryFn: ({ signal }) => getBulkUpdate(api, jobId!, signal),
    enabled: jobId !== null,
    // The live stream invalidates it as batches finish; polled until the job ends only while the stream is down.
    refetchInterval: (query) => (isLive || query.state.data?.job.finishedAt ? false : BULK_UPDATE_POLL_MS),
  });
};

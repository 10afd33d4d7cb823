import { useMutation, useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { useIsLive } from '../../../lib/live-events';
import { agentsQueryKeys } from './query-keys';

/** Archives contacts in their CRMs (a job); `confirm: true` is the second confirmation the person gave. */
export const archiveContacts = (api: ApiClient, crmContactIds: string[]) =>
  api.call(endpoints.createBulkDelete, { body: { selection: { contactIds: crmContactIds }, confirm: true } });

export const useArchiveContacts = () => {
  const api = useApiClient();
  return useMutation({ mutationFn: (crmContactIds: string[]) => archiveContacts(api, crmContactIds) });
};

/** The archive job, updated by the live stream (read every second until it ends while the stream is down). */
export const useArchiveJob = (jobId: string | null) => {
  const api = useApiClient();
  const isLive = useIsLive();
  return useQuery({
    queryKey: agentsQueryKeys.archiveJob(jobId ?? 'none'),
    queryFn: ({ signal }) => api.call(endpoints.getBulkDelete, { params: { id: jobId! }, query: { status: 'failed', limit: 20 }, signal }),
    enabled: jobId !== null,
    refetchInterval: (query) => (isLive || query.state.data?.job.finishedAt ? false : 1000),
  });
};

import { useQuery } from '@tanstack/react-query';
import { endpoints } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';
import { importsQueryKeys } from './query-keys';

/** How often a running import's progress is read again. */
export const IMPORT_POLL_MS = 1000;

export const getImport = (api: ApiClient, id: string, signal?: AbortSignal) => api.call(endpoints.getImport, { params: { id }, signal });

export const useImport = (id: string | null) => {
  const api = useApiClient();
  return useQuery({
    queryKey: importsQueryKeys.one(id ?? 'none'),
    queryFn: ({ signal }) => getImport(api, id!, signal),
    enabled: id !== null,
    // Polled while it runs; one waiting for its mapping or ended does not change by itself.
    refetchInterval: (query) => (['queued', 'running'].includes(query.state.data?.import.status ?? '') ? IMPORT_POLL_MS : false),
  });
};

import { useMutation } from '@tanstack/react-query';
import { endpoints, type TBulkUpdateBody } from '@voiceagent/shared';
import type { ApiClient } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/backend';

/** A dry run (the counts the confirmation names) or the job itself, by `dryRun`. */
export const createBulkUpdate = (api: ApiClient, body: TBulkUpdateBody) => api.call(endpoints.createBulkUpdate, { body });

export const useCreateBulkUpdate = () => {
  const api = useApiClient();
  return useMutation({ mutationFn: (body: TBulkUpdateBody) => createBulkUpdate(api, body) });
};

import type { TPlatform } from '@voiceagent/shared';

// Every bulk-update query lives under one root.
export const bulkUpdatesQueryKeys = {
  all: ['bulk-updates'] as const,
  connections: () => [...bulkUpdatesQueryKeys.all, 'connections'] as const,
  fields: (platform: TPlatform) => [...bulkUpdatesQueryKeys.all, 'fields', platform] as const,
  job: (jobId: string) => [...bulkUpdatesQueryKeys.all, 'job', jobId] as const,
};

import type { TPlatform } from '@voiceagent/shared';

// Every segments query lives under one root, so a save, rename or delete refreshes them with one invalidation.
export const segmentsQueryKeys = {
  all: ['segments'] as const,
  list: () => [...segmentsQueryKeys.all, 'list'] as const,
  crmLists: (platform: TPlatform) => [...segmentsQueryKeys.all, 'crm-lists', platform] as const,
};

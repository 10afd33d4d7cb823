import type { AnalyticsRequest } from '../analytics-filters';

// Every analytics query under one root; each section is its own query, so one failing leaves the others.
export const analyticsQueryKeys = {
  all: ['analytics'] as const,
  section: (section: 'contacts' | 'sync' | 'campaigns' | 'write-back', request: AnalyticsRequest) => [...analyticsQueryKeys.all, section, request] as const,
};

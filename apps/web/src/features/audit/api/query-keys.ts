import type { AuditFilter } from './get-audit-events';

// Every activity-log query under one root: a new event anywhere refreshes them all with one invalidation.
export const auditQueryKeys = {
  all: ['audit'] as const,
  list: (filter: AuditFilter) => [...auditQueryKeys.all, 'list', filter] as const,
};

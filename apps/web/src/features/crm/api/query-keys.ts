// Every CRM query lives under one root, so a change to connections (connect, disconnect, a
// finished sync) can refresh all of them with one invalidation.
export const crmQueryKeys = {
  all: ['crm'] as const,
  credentials: () => [...crmQueryKeys.all, 'credentials'] as const,
  contacts: () => [...crmQueryKeys.all, 'contacts'] as const,
  syncRun: (runId: string) => [...crmQueryKeys.all, 'sync-runs', runId] as const,
  latestSyncRun: (platform: string) => [...crmQueryKeys.all, 'sync-runs', 'latest', platform] as const,
  /** Under contacts(): a finished sync or backfill resets it with the lists. */
  contact: (contactId: string) => [...crmQueryKeys.contacts(), 'detail', contactId] as const,
  fields: (platform: string) => [...crmQueryKeys.all, 'fields', platform] as const,
  fieldMappings: (platform: string) => [...crmQueryKeys.all, 'field-mappings', platform] as const,
};

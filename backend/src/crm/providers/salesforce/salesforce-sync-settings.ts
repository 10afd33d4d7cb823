/** How a Salesforce sync reads an org; tests shrink the sizes and waits. */
export type SalesforceSyncSettings = {
  /** A full sync of more Contacts and unconverted Leads than this reads them through Bulk API 2.0. */
  bulkThreshold: number;
  /** Share of the org's daily API allowance syncs leave to its other integrations. */
  apiReservePercent: number;
  /** Records per REST query batch (Sforce-Query-Options batchSize, 200..2000). */
  restBatchSize: number;
  /** Records per keyset query of an incremental read (SOQL LIMIT). */
  keysetLimit: number;
  /** Records per Bulk results request (maxRecords): one sync page. */
  bulkMaxRecords: number;
  /** How long one page waits for a Bulk job before handing the run on (the next page waits again). */
  bulkPollBudgetMs: number;
  /** Pages a run may spend waiting for one Bulk job before it gives up. */
  bulkMaxWaits: number;
  /** A known API usage older than this is read again from /limits before a sync page. */
  usageMaxAgeMs: number;
  /** Deletions are kept this long (getDeleted's window); an incremental run from further back becomes a full one. */
  deletedWindowDays: number;
  now: () => number;
};

export const SALESFORCE_SYNC_SETTINGS: SalesforceSyncSettings = {
  bulkThreshold: 50_000,
  apiReservePercent: 20,
  restBatchSize: 2000,
  keysetLimit: 2000,
  bulkMaxRecords: 10_000,
  bulkPollBudgetMs: 60_000,
  bulkMaxWaits: 60,
  usageMaxAgeMs: 5 * 60 * 1000,
  deletedWindowDays: 30,
  now: Date.now,
};

/**
 * Zoho's paging limits for Get Records. Zoho's, not tunables: tests shrink them to reach a cap
 * with fewer contacts; production uses the defaults.
 */
export type ZohoSyncSettings = {
  /** Zoho serves at most 200 records per page. */
  perPage: number;
  /** One chain of page tokens reaches at most 100,000 records (PAGINATION_LIMIT_EXCEEDED after). */
  pageTokenMaxRecords: number;
};

export const ZOHO_SYNC_SETTINGS: ZohoSyncSettings = { perPage: 200, pageTokenMaxRecords: 100_000 };

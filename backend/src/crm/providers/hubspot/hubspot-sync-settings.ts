/**
 * HubSpot's paging limits. They are HubSpot's, not tunables: tests may shrink them to reach a
 * cap with fewer contacts, production uses the defaults.
 */
export type HubSpotSyncSettings = {
  /** The contacts list serves at most 100 per page. */
  listPageSize: number;
  /** Search serves at most 200 per page… */
  searchPageSize: number;
  /** …and at most the first 10,000 results of a query ("after + limit must not exceed 10,000"). */
  searchResultCap: number;
};

export const HUBSPOT_SYNC_SETTINGS: HubSpotSyncSettings = { listPageSize: 100, searchPageSize: 200, searchResultCap: 10_000 };

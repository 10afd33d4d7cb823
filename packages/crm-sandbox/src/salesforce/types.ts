/** Options of the Salesforce sandbox: its connected apps, orgs, clock, bulk timing and limits. */

export type SalesforceAppConfig = {
  clientId: string;
  clientSecret: string;
  name: string;
  /** Compared exactly with the authorize and token requests' redirect_uri. */
  redirectUris: string[];
  /** The connected app's "Require PKCE" setting (default true): an authorize request without a challenge is refused. */
  requirePkce?: boolean;
  /** The "rotate refresh tokens" policy (default false): each refresh returns a new refresh token and kills the old one. */
  rotateRefreshTokens?: boolean;
};

export type SalesforceUserConfig = { firstName: string; lastName: string; email: string; username?: string };

export type SalesforceOrgConfig = {
  name: string;
  /** Sandbox orgs sign in through testLoginUrl (test.salesforce.com), production ones through loginUrl. */
  isSandbox?: boolean;
  contactCount?: number;
  leadCount?: number;
  /** Seed of this org's own people; the shared people come from the sandbox's `sharedSeed`. */
  seed?: number;
  /** The rolling 24-hour API allowance (default 100,000). */
  dailyApiLimit?: number;
  /** Access tokens die this long after they were issued, in sandbox time (default 7200 s). */
  sessionTimeoutSeconds?: number;
  /** Default: one admin user. Several users show a choice on the consent page. */
  users?: SalesforceUserConfig[];
  /** The instance origin's port (default 0: a free one). */
  port?: number;
};

export type SalesforceBulkTiming = {
  /** Real milliseconds a new job stays UploadComplete before it reports InProgress. */
  inProgressAfterMs: number;
  /** Real milliseconds before a job may report JobComplete (it also waits for its results to be ready). */
  completeAfterMs: number;
  /** Status polls a job answers before it may report JobComplete. */
  minPolls: number;
};

export type SalesforceSandboxOptions = {
  /** Interface every origin listens on (default 127.0.0.1). */
  host?: string;
  /** Ports of the login origins (default 0: free ones). */
  loginPort?: number;
  testLoginPort?: number;
  apps?: SalesforceAppConfig[];
  orgs?: SalesforceOrgConfig[];
  /** Seed of the people every CRM shares; give HubSpot and Zoho the same value. */
  sharedSeed?: number;
  /** The sandbox clock in epoch ms (token expiry, stamps of changes, API usage window, locator expiry). */
  now?: () => number;
  bulk?: Partial<SalesforceBulkTiming>;
  /** Seed of the fault injector's dice, so a fraction of faults repeats run to run. */
  faultSeed?: number;
  requestLogSize?: number;
  /** Unused query locators expire after this long in sandbox time (default 15 min). */
  queryLocatorTtlMs?: number;
  /** Open query locators kept per org; the least recently used goes first (default 100). */
  maxQueryLocators?: number;
  /** Seeded people kept in memory once generated, per org: the first this many (default 500,000, ~150 MB). */
  personCacheLimit?: number;
  /**
   * Generate every org's seeded people in the background right after start (default false).
   * A first read is bound by faker (~25 µs a person); once warm, REST reads and bulk exports
   * run from memory. `admin.warmUp()` does the same on demand and says when it is done.
   */
  warmOnStart?: boolean;
};

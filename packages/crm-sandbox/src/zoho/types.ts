import type { NotifierSettings } from './notifier';
/** Shared shapes of the Zoho sandbox: its options, data centres, apps, accounts and limits. */

export type ZohoEdition = 'free' | 'standard' | 'professional' | 'enterprise' | 'ultimate';

export type ZohoDataCentre = {
  /** The `location` Zoho names in the OAuth callback (us, eu, in…), also this sandbox's path segment. */
  location: string;
  /** The real domain suffix (com, eu, in, com.au…), shown on the consent page. */
  domain: string;
  name: string;
};

export type ZohoAppConfig = {
  clientId: string;
  clientSecret: string;
  name: string;
  /** Zoho compares the redirect_uri exactly against these. */
  redirectUris: string[];
};

export type ZohoAccountConfig = {
  name: string;
  /** A data centre `location`, e.g. 'us' or 'eu'. */
  dataCentre: string;
  contactCount: number;
  /** Seed of this account's own people; the shared people come from the sandbox's `sharedSeed`. */
  seed?: number;
  edition?: ZohoEdition;
  /** Overrides the edition's concurrency limit. */
  concurrencyLimit?: number;
  timeZone?: { name: string; offsetMinutes: number };
  user?: { firstName: string; lastName: string; email: string };
};

export type ZohoLimits = {
  accessTokenTtlSeconds: number;
  grantCodeTtlSeconds: number;
  /** Access tokens one refresh token may mint per window (Zoho: 10 per 10 minutes). */
  refreshMintLimit: number;
  refreshMintWindowSeconds: number;
  /** Zoho keeps 20 refresh tokens per user; the 21st silently deletes the oldest. */
  refreshTokensPerUser: number;
  /** Zoho keeps 30 live access tokens per refresh token; the 31st deletes the oldest. */
  accessTokensPerRefreshToken: number;
  maxPerPage: number;
  /** Records reachable with `page` before `page_token` is required. */
  discretePagingLimit: number;
  /** Records one chain of page tokens may reach (Zoho: 100,000). */
  pageTokenMaxRecords: number;
  pageTokenTtlSeconds: number;
  maxRecordsPerWrite: number;
  maxFieldsPerRequest: number;
  concurrencyByEdition: Record<ZohoEdition, number>;
  /** Zoho's sub-concurrency: writes of more than `subConcurrencyRecordThreshold` records share this limit. */
  subConcurrencyLimit: number;
  subConcurrencyRecordThreshold: number;
  /** API credits per rolling 24 hours per org; null leaves credits unlimited. */
  creditsPerDay: number | null;
  requestLogSize: number;
};

export type ZohoSandboxOptions = {
  /** The sandbox clock in epoch milliseconds (token expiry, Modified_Time of changes, page tokens). */
  now?: () => number;
  /** Public base URL (no trailing slash); without it, URLs are built from each request's Host. */
  publicUrl?: string;
  dataCentres?: ZohoDataCentre[];
  apps?: ZohoAppConfig[];
  accounts?: ZohoAccountConfig[];
  /** Seed of the people every CRM shares; give the HubSpot sandbox the same value. */
  sharedSeed?: number;
  limits?: Partial<ZohoLimits>;
  /** Seed of the fault injector's dice, so a fraction of faults repeats run to run. */
  faultSeed?: number;
  /** Notification batching and delivery (batch window, ids per notification, timeouts). */
  notifications?: Partial<NotifierSettings>;
};

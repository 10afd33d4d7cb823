import { createHash } from 'node:crypto';
import path from 'node:path';
import { ZPhoneRegion, type TPhoneRegion } from '@voiceagent/shared';
import { z } from 'zod';
import type { ScryptParams } from './auth/password-hash';
import type { CrmRegistryOptions } from './crm/registry';

/**
 * The environment, parsed once at start-up. This is the only module that reads process.env;
 * everything else receives the typed `AppConfig`. Every variable is documented in .env.example.
 */
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), z.url().optional());

const ZEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('.data'),
    DATABASE_URL: optionalUrl,
    BACKEND_URL: optionalUrl,
    PUBLIC_WEBHOOK_BASE_URL: optionalUrl,
    FRONTEND_URL: optionalUrl,
    WEB_DIST_DIR: optionalString,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    JSON_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'a size such as 100kb or 1mb').default('1mb'),
    SUPABASE_URL: optionalUrl,
    SUPABASE_ANON_KEY: optionalString,
    SUPABASE_JWT_SECRET: optionalString,
    JWT_AUDIENCE: z.string().min(1).default('authenticated'),
    LOCAL_AUTH_JWT_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'at least 32 characters').optional()),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
    AUTH_SESSION_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(0).max(31_536_000).default(2_592_000),
    AUTH_SESSION_INACTIVITY_SECONDS: z.coerce.number().int().min(0).max(31_536_000).default(604_800),
    AUTH_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    AUTH_RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).max(1_000_000).default(30),
    AUTH_RATE_LIMIT_PER_EMAIL: z.coerce.number().int().min(0).max(1_000_000).default(10),
    AUTH_RATE_LIMIT_REFRESH_PER_IP: z.coerce.number().int().min(0).max(1_000_000).default(150),
    AUTH_LOCKOUT_AFTER_FAILURES: z.coerce.number().int().min(0).max(1000).default(5),
    AUTH_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
    AUTH_LOCKOUT_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    AUTH_PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    AUTH_PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(1000).default(8),
    AUTH_PASSWORD_HASH_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    SERVICE_API_KEYS: z.preprocess(
      emptyToUndefined,
      z.string().refine((v) => parseServiceApiKeys(v) !== undefined, 'comma-separated keys of 32 to 256 printable characters, no spaces').optional(),
    ),
    USER_STATUS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    RATE_LIMIT_PER_MINUTE_USER: z.coerce.number().int().min(0).max(1_000_000).default(1200),
    RATE_LIMIT_PER_MINUTE_IP: z.coerce.number().int().min(0).max(1_000_000).default(6000),
    CRM_ENCRYPTION_KEY: z.preprocess(emptyToUndefined, z.string().refine(isBase64Key32, 'a base64-encoded 32-byte key').optional()),
    CRM_ENCRYPTION_KEY_ID: z.string().regex(/^[\w-]{1,32}$/, 'letters, digits, - and _ (at most 32)').default('k1'),
    CRM_ENCRYPTION_PREVIOUS_KEYS: z.preprocess(
      emptyToUndefined,
      z.string().refine((v) => parsePreviousKeys(v) !== undefined, 'comma-separated id:base64key pairs').optional(),
    ),
    // Real-time sync: Zoho's channels are renewed this long before they expire.
    ZOHO_WATCH_RENEW_BEFORE_MINUTES: z.coerce.number().int().min(10).max(1380).default(120),
    CRM_SANDBOX: z.enum(['auto', 'on', 'off']).default('auto'),
    CRM_SANDBOX_CONTACTS: z.coerce.number().int().min(0).max(1_000_000).default(1000),
    HUBSPOT_CLIENT_ID: optionalString,
    HUBSPOT_CLIENT_SECRET: optionalString,
    HUBSPOT_API_URL: z.url().default('https://api.hubapi.com'),
    HUBSPOT_AUTHORIZE_URL: z.url().default('https://app.hubspot.com/oauth/authorize'),
    ZOHO_CLIENT_ID: optionalString,
    ZOHO_CLIENT_SECRET: optionalString,
    ZOHO_ACCOUNTS_URL: z.url().default('https://accounts.zoho.com'),
    SALESFORCE_CLIENT_ID: optionalString,
    SALESFORCE_CLIENT_SECRET: optionalString,
    SALESFORCE_LOGIN_URL: z.url().default('https://login.salesforce.com'),
    SALESFORCE_SANDBOX_LOGIN_URL: z.url().default('https://test.salesforce.com'),
    SALESFORCE_BULK_THRESHOLD: z.coerce.number().int().min(0).max(100_000_000).default(50_000),
    SALESFORCE_API_RESERVE_PERCENT: z.coerce.number().int().min(0).max(90).default(20),
    SALESFORCE_POLL_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    SYNC_WORKERS: z.enum(['on', 'off']).default('on'),
    SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
    SYNC_JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(4).max(3600).default(600),
    SYNC_DELETION_SCAN_HOURS: z.coerce.number().int().min(0).max(168).default(24),
    SYNC_INTERVAL_WITH_WEBHOOKS_MINUTES: z.coerce.number().int().min(0).max(1440).default(60),
    WEBHOOK_DEGRADED_AFTER_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
    SYNC_DEFAULT_PHONE_REGION: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 region such as US or DE')
      .refine((region) => ZPhoneRegion.safeParse(region).success, 'a region with a phone numbering plan')
      .transform((region) => region as TPhoneRegion)
      .default('US'),
    CAMPAIGN_WRITEBACK_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    CAMPAIGN_WRITEBACK_RETRY_LIMIT: z.coerce.number().int().min(0).max(50).default(10),
    CAMPAIGN_WRITEBACK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    CAMPAIGN_WRITEBACK_JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(3600).default(120),
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
    ANALYTICS_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(15_000),
  });

/** Rules between variables, checked even when single variables are wrong so one message names all. */
function crossVariableProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (env.SUPABASE_URL && !env.SUPABASE_ANON_KEY) problems.push('  SUPABASE_ANON_KEY: required when SUPABASE_URL is set');
  for (const provider of ['HUBSPOT', 'ZOHO', 'SALESFORCE']) {
    if (Boolean(env[`${provider}_CLIENT_ID`]) !== Boolean(env[`${provider}_CLIENT_SECRET`])) {
      problems.push(`  ${provider}_CLIENT_ID / ${provider}_CLIENT_SECRET: set both or neither`);
    }
  }
  if (env.NODE_ENV === 'production' && !env.CRM_ENCRYPTION_KEY) {
    problems.push('  CRM_ENCRYPTION_KEY: required in production (a base64-encoded 32-byte key: `openssl rand -base64 32`)');
  }
  return problems;
}

export type AuthConfig =
  | { mode: 'supabase'; supabaseUrl: string; anonKey: string; jwtSecret?: string; audience: string }
  | {
      mode: 'local';
      jwtSecret?: string;
      audience: string;
      accessTokenTtlSeconds: number;
      sessions: SessionLifetimeConfig;
      guard: AuthGuardConfig;
      /** scrypt's cost; never from the environment (production keeps OWASP's): the test product lowers it so test accounts are cheap. */
      passwordHashParams?: ScryptParams;
    };

/** Local mode: how long a sign-in's refresh tokens keep working. 0 turns a limit off. */
export type SessionLifetimeConfig = {
  /** From sign-in, however often the session is refreshed (Supabase's "time-box"). */
  maxLifetimeSeconds: number;
  /** Since the session was last refreshed (Supabase's "inactivity timeout"). */
  inactivitySeconds: number;
};

/** Local mode: what stands between /auth/v1 and password guessing. A limit of 0 turns it off. */
export type AuthGuardConfig = {
  rateLimitWindowSeconds: number;
  /** Sign-ins and sign-ups per client IP per window. */
  perIp: number;
  /** Sign-ins and sign-ups naming one email address per window, from anywhere. */
  perEmail: number;
  /** Refresh-token grants per client IP per window. */
  refreshPerIp: number;
  /** Failed sign-ins for one email address before it is locked. */
  lockoutAfterFailures: number;
  /** The first lock; each further failure doubles it, up to lockoutMaxSeconds. */
  lockoutSeconds: number;
  lockoutMaxSeconds: number;
  /** Password hashes (scrypt, 128 MiB each) one process computes at once. */
  hashConcurrency: number;
  /** Sign-ins waiting for a hashing slot, per line (see hash-limiter.ts); one more is answered 429 at once. */
  hashQueue: number;
  /** The longest a sign-in waits for a hashing slot before it is answered 429. */
  hashWaitMs: number;
};

/** An OAuth app at a provider: the real one from the environment, or the sandbox's. */
export type ProviderAppConfig = {
  clientId: string;
  clientSecret: string;
  /**
   * HubSpot: consent page URL. Zoho: the default accounts server (data centres may send the user
   * elsewhere). Salesforce: the production login host.
   */
  authorizeUrl: string;
  /**
   * HubSpot: API base URL. Zoho: the default accounts server (the API domain comes with the
   * tokens). Salesforce: the production login host (the instance URL comes with the tokens).
   */
  apiBaseUrl: string;
  /** Salesforce: the login host of sandbox orgs (test.salesforce.com). */
  sandboxLoginUrl?: string;
  isSandbox: boolean;
};

/** How Salesforce syncs read an org. */
export type SalesforceSyncConfig = {
  /** SALESFORCE_BULK_THRESHOLD: a full sync of more records than this reads them through Bulk API 2.0. */
  bulkThreshold: number;
  /** SALESFORCE_API_RESERVE_PERCENT: share of the org's daily API allowance syncs leave to its other integrations. */
  apiReservePercent: number;
};

export type EncryptionKeyConfig = { id: string; key: Buffer };

export type CrmConfig = {
  /** null: not configured; run mode then starts that provider's sandbox when isSandboxEnabled. */
  hubspot: ProviderAppConfig | null;
  zoho: ProviderAppConfig | null;
  salesforce: ProviderAppConfig | null;
  salesforceSync: SalesforceSyncConfig;
  /** HubSpot's paging limits; never from the environment (they are HubSpot's): tests shrink them to reach a cap sooner. */
  hubspotSync?: CrmRegistryOptions['hubspotSync'];
  /** Provider call timeouts and retry delays; never from the environment: tests shrink the backoff so retries cost less time. */
  providerHttp?: CrmRegistryOptions['http'];
  /**
   * CRM_SANDBOX: on, or auto outside production. A production server offers no stand-in CRM
   * with made-up contacts unless its operator asked for one.
   */
  isSandboxEnabled: boolean;
  sandboxContacts: number;
  /** The key new ciphertexts use; undefined in local mode until one is generated into DATA_DIR. */
  encryptionKey?: EncryptionKeyConfig;
  previousEncryptionKeys: EncryptionKeyConfig[];
};

export type SyncConfig = {
  /** Run sync jobs in this process (the API); `pnpm worker` runs them regardless. */
  workers: boolean;
  /** Sync jobs one process runs at once. */
  concurrency: number;
  /** Minutes between incremental syncs of each connection; 0: only on connect and on demand. */
  intervalMinutes: number;
  /** A job not finished after this long is presumed dead (its worker was killed) and handed to another. */
  jobTimeoutSeconds: number;
  /** Region for national-format numbers when neither the contact nor the connection names one. */
  defaultPhoneRegion: TPhoneRegion;
  /** SYNC_INTERVAL_WITH_WEBHOOKS_MINUTES: the interval instead, for connections whose webhooks are healthy (0: like intervalMinutes). */
  intervalWithWebhooksMinutes: number;
  /** SYNC_DELETION_SCAN_HOURS: how often an incremental sync also looks for deletions a provider cannot find by time (HubSpot); 0: every run. */
  deletionScanHours: number;
  /** SALESFORCE_POLL_INTERVAL_SECONDS: how often each Salesforce connection is asked whether anything changed (one request); 0: off. */
  salesforcePollIntervalSeconds: number;
};

/** Real-time sync: CRMs push changes to us (crm/webhooks/). */
export type WebhooksConfig = {
  /** PUBLIC_WEBHOOK_BASE_URL: the origin CRMs call; HubSpot signs the full URL it called, so this must be it exactly. */
  publicBaseUrl: string;
  /** WEBHOOK_DEGRADED_AFTER_MINUTES: no event this long while an incremental sync found changes → degraded. */
  degradedAfterMinutes: number;
};

export type ServiceAuthConfig = {
  /** sha256 of each SERVICE_API_KEYS entry: the keys themselves are not kept in memory. */
  apiKeyHashes: Buffer[];
};

/** Requests per minute on /api; 0 turns that limit off. */
export type RateLimitConfig = { perMinuteUser: number; perMinuteIp: number };

export type CampaignsConfig = {
  /** Connections one process writes back at once, per platform (a job per connection, in batches). */
  writeBackConcurrency: number;
  /** Retries of a failed write-back before it shows as failed (POST /campaigns/:id/sync-results tries again). */
  writeBackRetryLimit: number;
  /** Seconds before the first retry; each later one waits about twice as long. */
  writeBackRetryDelaySeconds: number;
  /** A write-back job not finished after this long is presumed dead; the calls it held count a failed attempt. */
  writeBackJobTimeoutSeconds: number;
};

export type AuditConfig = {
  /** Days the activity log keeps an event; 0 keeps every event. */
  retentionDays: number;
};

export type AnalyticsConfig = {
  /** How long one analytics query may run before Postgres cancels it and the request is answered 503. */
  statementTimeoutMs: number;
};

export type AppConfig = {
  env: 'development' | 'production' | 'test';
  /**
   * How long a filter tree's exact count may take before the planner's estimate is shown instead
   * (25 ms by default); never from the environment: a test that compares counts made apart sets a
   * long one, since on a loaded machine one of two equal counts may run out of time.
   */
  treeCountBudgetMs?: number;
  port: number;
  host: string;
  /** Absolute path holding the embedded database and generated local secrets. */
  dataDir: string;
  databaseUrl?: string;
  /** Public origin of this API, e.g. http://localhost:4000 (OAuth redirect URIs are built from it). */
  backendUrl: string;
  /** The only origin CORS admits and the only place OAuth callbacks redirect to. */
  frontendUrl: string;
  webDistDir: string;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  jsonBodyLimit: string;
  auth: AuthConfig;
  serviceAuth: ServiceAuthConfig;
  /** USER_STATUS_CACHE_MS: how long a user's banned-or-deleted status is trusted per process (0: looked up on every request). */
  userStatusCacheMs: number;
  rateLimit: RateLimitConfig;
  crm: CrmConfig;
  sync: SyncConfig;
  webhooks: WebhooksConfig;
  campaigns: CampaignsConfig;
  audit: AuditConfig;
  analytics: AnalyticsConfig;
  /** Zoho notification channels are renewed once they expire within this many minutes. */
  zohoWatch: { renewBeforeMinutes: number };
};

export class ConfigError extends Error {}

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ZEnv.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)),
    ...crossVariableProblems(env),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid environment:\n${problems.join('\n')}\nSee .env.example for every variable.`);
  }
  const e = parsed.data;
  // pnpm runs package scripts inside the package folder; INIT_CWD is where the user typed the command.
  const baseDir = env.INIT_CWD ?? process.cwd();
  const backendUrl = stripSlash(e.BACKEND_URL ?? `http://localhost:${e.PORT}`);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(baseDir, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    backendUrl,
    frontendUrl: stripSlash(e.FRONTEND_URL ?? backendUrl),
    zohoWatch: { renewBeforeMinutes: e.ZOHO_WATCH_RENEW_BEFORE_MINUTES },
    webDistDir: e.WEB_DIST_DIR ? path.resolve(baseDir, e.WEB_DIST_DIR) : path.join(REPO_ROOT, 'apps/web/dist'),
    logLevel: e.LOG_LEVEL,
    jsonBodyLimit: e.JSON_BODY_LIMIT,
    auth: e.SUPABASE_URL
      ? {
          mode: 'supabase',
          supabaseUrl: stripSlash(e.SUPABASE_URL),
          anonKey: e.SUPABASE_ANON_KEY ?? '',
          jwtSecret: e.SUPABASE_JWT_SECRET,
          audience: e.JWT_AUDIENCE,
        }
      : {
          mode: 'local',
          jwtSecret: e.LOCAL_AUTH_JWT_SECRET,
          audience: e.JWT_AUDIENCE,
          accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
          sessions: { maxLifetimeSeconds: e.AUTH_SESSION_MAX_LIFETIME_SECONDS, inactivitySeconds: e.AUTH_SESSION_INACTIVITY_SECONDS },
          guard: {
            rateLimitWindowSeconds: e.AUTH_RATE_LIMIT_WINDOW_SECONDS,
            perIp: e.AUTH_RATE_LIMIT_PER_IP,
            perEmail: e.AUTH_RATE_LIMIT_PER_EMAIL,
            refreshPerIp: e.AUTH_RATE_LIMIT_REFRESH_PER_IP,
            lockoutAfterFailures: e.AUTH_LOCKOUT_AFTER_FAILURES,
            lockoutSeconds: e.AUTH_LOCKOUT_SECONDS,
            lockoutMaxSeconds: Math.max(e.AUTH_LOCKOUT_MAX_SECONDS, e.AUTH_LOCKOUT_SECONDS),
            hashConcurrency: e.AUTH_PASSWORD_HASH_CONCURRENCY,
            hashQueue: e.AUTH_PASSWORD_HASH_QUEUE,
            hashWaitMs: e.AUTH_PASSWORD_HASH_WAIT_MS,
          },
        },
    serviceAuth: {
      apiKeyHashes: (e.SERVICE_API_KEYS ? (parseServiceApiKeys(e.SERVICE_API_KEYS) ?? []) : []).map((key) => createHash('sha256').update(key).digest()),
    },
    userStatusCacheMs: e.USER_STATUS_CACHE_MS,
    rateLimit: { perMinuteUser: e.RATE_LIMIT_PER_MINUTE_USER, perMinuteIp: e.RATE_LIMIT_PER_MINUTE_IP },
    crm: {
      hubspot:
        e.HUBSPOT_CLIENT_ID && e.HUBSPOT_CLIENT_SECRET
          ? {
              clientId: e.HUBSPOT_CLIENT_ID,
              clientSecret: e.HUBSPOT_CLIENT_SECRET,
              authorizeUrl: e.HUBSPOT_AUTHORIZE_URL,
              apiBaseUrl: stripSlash(e.HUBSPOT_API_URL),
              isSandbox: false,
            }
          : null,
      zoho:
        e.ZOHO_CLIENT_ID && e.ZOHO_CLIENT_SECRET
          ? {
              clientId: e.ZOHO_CLIENT_ID,
              clientSecret: e.ZOHO_CLIENT_SECRET,
              authorizeUrl: stripSlash(e.ZOHO_ACCOUNTS_URL),
              apiBaseUrl: stripSlash(e.ZOHO_ACCOUNTS_URL),
              isSandbox: false,
            }
          : null,
      salesforce:
        e.SALESFORCE_CLIENT_ID && e.SALESFORCE_CLIENT_SECRET
          ? {
              clientId: e.SALESFORCE_CLIENT_ID,
              clientSecret: e.SALESFORCE_CLIENT_SECRET,
              authorizeUrl: stripSlash(e.SALESFORCE_LOGIN_URL),
              apiBaseUrl: stripSlash(e.SALESFORCE_LOGIN_URL),
              sandboxLoginUrl: stripSlash(e.SALESFORCE_SANDBOX_LOGIN_URL),
              isSandbox: false,
            }
          : null,
      salesforceSync: { bulkThreshold: e.SALESFORCE_BULK_THRESHOLD, apiReservePercent: e.SALESFORCE_API_RESERVE_PERCENT },
      isSandboxEnabled: e.CRM_SANDBOX === 'on' || (e.CRM_SANDBOX === 'auto' && e.NODE_ENV !== 'production'),
      sandboxContacts: e.CRM_SANDBOX_CONTACTS,
      encryptionKey: e.CRM_ENCRYPTION_KEY ? { id: e.CRM_ENCRYPTION_KEY_ID, key: Buffer.from(e.CRM_ENCRYPTION_KEY, 'base64') } : undefined,
      previousEncryptionKeys: e.CRM_ENCRYPTION_PREVIOUS_KEYS ? (parsePreviousKeys(e.CRM_ENCRYPTION_PREVIOUS_KEYS) ?? []) : [],
    },
    sync: {
      workers: e.SYNC_WORKERS === 'on',
      concurrency: e.SYNC_CONCURRENCY,
      intervalMinutes: e.SYNC_INTERVAL_MINUTES,
      jobTimeoutSeconds: e.SYNC_JOB_TIMEOUT_SECONDS,
      defaultPhoneRegion: e.SYNC_DEFAULT_PHONE_REGION,
      deletionScanHours: e.SYNC_DELETION_SCAN_HOURS,
      intervalWithWebhooksMinutes: e.SYNC_INTERVAL_WITH_WEBHOOKS_MINUTES,
      salesforcePollIntervalSeconds: e.SALESFORCE_POLL_INTERVAL_SECONDS,
    },
    webhooks: {
      // As the OAuth redirect URIs are: this API's public URL unless a proxy or tunnel shows CRMs another.
      publicBaseUrl: stripSlash(e.PUBLIC_WEBHOOK_BASE_URL ?? backendUrl),
      degradedAfterMinutes: e.WEBHOOK_DEGRADED_AFTER_MINUTES,
    },
    campaigns: {
      writeBackConcurrency: e.CAMPAIGN_WRITEBACK_CONCURRENCY,
      writeBackRetryLimit: e.CAMPAIGN_WRITEBACK_RETRY_LIMIT,
      writeBackRetryDelaySeconds: e.CAMPAIGN_WRITEBACK_RETRY_DELAY_SECONDS,
      writeBackJobTimeoutSeconds: e.CAMPAIGN_WRITEBACK_JOB_TIMEOUT_SECONDS,
    },
    audit: { retentionDays: e.AUDIT_RETENTION_DAYS },
    analytics: { statementTimeoutMs: e.ANALYTICS_STATEMENT_TIMEOUT_MS },
  };
}

function isBase64Key32(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

/** "old1:base64,old2:base64" → keys that can still decrypt values written before a rotation. */
function parsePreviousKeys(value: string): EncryptionKeyConfig[] | undefined {
  const keys: EncryptionKeyConfig[] = [];
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [id, key] = pair.split(':');
    if (!id || !key || !isBase64Key32(key)) return undefined;
    keys.push({ id, key: Buffer.from(key, 'base64') });
  }
  return keys;
}

/** "key1,key2": long random strings (openssl rand -hex 32), so a key cannot be guessed. */
function parseServiceApiKeys(value: string): string[] | undefined {
  const keys = value.split(',').map((k) => k.trim()).filter(Boolean);
  return keys.length > 0 && keys.every((key) => /^[\x21-\x7E]{32,256}$/.test(key)) ? keys : undefined;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

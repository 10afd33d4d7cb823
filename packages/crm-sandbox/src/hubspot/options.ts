import { resolveWebhookOptions, type HubSpotWebhookOptions, type ResolvedWebhookOptions } from './webhooks/delivery-options';
import type { TAppWebhooksInput } from './webhooks/webhook-schemas';

/** An OAuth app registered with the sandbox, as a HubSpot developer account would hold it. */
export type HubSpotAppInput = {
  name: string;
  clientId?: string;
  clientSecret?: string;
  /** Redirect URLs the app registered. Empty accepts any URL, so a dev server on a random port can connect. */
  redirectUris?: string[];
  /** Webhook target and subscriptions (default: every contact event); none when absent. */
  webhooks?: TAppWebhooksInput;
};

/** A HubSpot account (portal) whose contacts are the seeded people plus an overlay of changes. */
export type HubSpotPortalInput = {
  id?: number;
  name: string;
  contactCount?: number;
  accountSeed?: number;
  /** Accounts (in either sandbox) with the same shared seed have some of the same people. */
  sharedSeed?: number;
  domain?: string;
};

export type HubSpotRateLimitOptions = {
  /** Requests per portal per rolling 10 seconds (HubSpot: 100 for OAuth apps). */
  tenSecondlyRolling?: number;
  /** The length of that rolling window (HubSpot: 10 s); tests shorten it to reach its limit sooner in real time. */
  rollingIntervalMs?: number;
  /** Search requests per portal per second (HubSpot: 5). */
  searchPerSecond?: number;
  /**
   * Requests per portal per day. HubSpot has no daily limit for OAuth calls and then omits the
   * X-HubSpot-RateLimit-Daily headers, so null (the default) omits them too.
   */
  daily?: number | null;
};

export type HubSpotSandboxOptions = {
  /** The sandbox clock in epoch milliseconds; tests pass their own to move time. */
  now?: () => number;
  accessTokenTtlSeconds?: number;
  authCodeTtlSeconds?: number;
  rateLimits?: HubSpotRateLimitOptions;
  /** null starts without an app; admin calls can add apps later. */
  defaultApp?: HubSpotAppInput | null;
  /** null starts without a portal. */
  defaultPortal?: HubSpotPortalInput | null;
  requestLogSize?: number;
  /** Seeds the generator that decides which requests a fault rule hits. */
  faultSeed?: number;
  /** Accounts up to this many seeded contacts keep their searchable text in memory after the first scan. */
  columnCacheLimit?: number;
  /** Webhook batching, timeouts, retries and the bound on pending events. */
  webhooks?: HubSpotWebhookOptions;
  /** The developer API key (`hapikey`) the webhooks API (/webhooks/v3) takes. */
  developerApiKey?: string;
  /** Results one search query serves at most (HubSpot: 10,000); tests shrink it to reach the cap with fewer contacts. */
  searchResultCap?: number;
};

export type ResolvedHubSpotOptions = {
  now: () => number;
  accessTokenTtlSeconds: number;
  authCodeTtlSeconds: number;
  rateLimits: Required<HubSpotRateLimitOptions>;
  defaultApp: HubSpotAppInput | null;
  defaultPortal: HubSpotPortalInput | null;
  requestLogSize: number;
  faultSeed: number;
  columnCacheLimit: number;
  webhooks: ResolvedWebhookOptions;
  developerApiKey: string;
  searchResultCap: number;
};

/** The developer API key of the sandbox's developer account. */
export const DEFAULT_DEVELOPER_API_KEY = 'sandbox-hubspot-developer-api-key';

export const DEFAULT_APP: HubSpotAppInput = {
  name: 'VoiceAgent CRM (sandbox)',
  clientId: 'sandbox-hubspot-client-id',
  clientSecret: 'sandbox-hubspot-client-secret',
  redirectUris: [],
};

/** 62515 is the hub id HubSpot's own documentation uses in its examples. */
export const DEFAULT_PORTAL: HubSpotPortalInput = {
  id: 62515,
  name: 'Sandbox Portal',
  contactCount: 1000,
  accountSeed: 1,
  sharedSeed: 42,
};

export function resolveOptions(options: HubSpotSandboxOptions = {}): ResolvedHubSpotOptions {
  return {
    now: options.now ?? Date.now,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 1800,
    authCodeTtlSeconds: options.authCodeTtlSeconds ?? 600,
    rateLimits: {
      tenSecondlyRolling: options.rateLimits?.tenSecondlyRolling ?? 100,
      rollingIntervalMs: options.rateLimits?.rollingIntervalMs ?? 10_000,
      searchPerSecond: options.rateLimits?.searchPerSecond ?? 5,
      daily: options.rateLimits?.daily ?? null,
    },
    defaultApp: options.defaultApp === null ? null : { ...DEFAULT_APP, ...options.defaultApp },
    defaultPortal: options.defaultPortal === null ? null : { ...DEFAULT_PORTAL, ...options.defaultPortal },
    requestLogSize: options.requestLogSize ?? 1000,
    faultSeed: options.faultSeed ?? 1,
    columnCacheLimit: options.columnCacheLimit ?? 200_000,
    webhooks: resolveWebhookOptions(options.webhooks),
    searchResultCap: options.searchResultCap ?? 10_000,
    developerApiKey: options.developerApiKey ?? DEFAULT_DEVELOPER_API_KEY,
  };
}

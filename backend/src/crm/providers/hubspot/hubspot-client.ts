import type { ProviderSession } from '../../crm-service';
import type { ProviderErrorInfo } from '../../provider-http/provider-error';
import type { AxiosResponse } from 'axios';
import { createProviderHttpClient, type ProviderHttpClient, type ProviderHttpSettings, type ProviderProfile } from '../../provider-http/provider-http-client';
import type { RateLimiterPool } from '../../provider-http/rate-limiter-pool';

/**
 * HubSpot's limits for OAuth apps, per portal: a rolling 10-second window for the API as a whole
 * and a separate per-second allowance for search.
 */
export type HubSpotRateLimits = { requestsPerInterval: number; intervalMs: number; searchRequestsPerSecond: number };

/**
 * HubSpot publishes 100 requests / 10 s and 5 searches / s for OAuth apps. We start requests at
 * most 95 per 10 s (one every 106 ms), so that arrival jitter on the network, which can put a
 * request or two more into HubSpot's rolling window than we sent in ours, stays under the limit
 * (bench/sync: a 20,000-contact sync takes 1.09 × the minimum the limit allows, with no 429;
 * at 90 it took 1.15 ×). Searches keep a whole request of margin in their one-second window.
 * The budget is the portal's, shared by every process of ours through Postgres (a token bucket per
 * portal and limiter, see rate-limiter-pool), and it follows HubSpot's own remaining count when
 * that is lower (another app of the portal's, or a process that started before).
 */
export const HUBSPOT_RATE_LIMITS: HubSpotRateLimits = { requestsPerInterval: 95, intervalMs: 10_000, searchRequestsPerSecond: 4 };

export const HUBSPOT_PROFILE: ProviderProfile = {
  platform: 'hubspot',
  label: 'HubSpot',
  authorization: (token) => `Bearer ${token}`,
  readError: readHubSpotError,
  // HubSpot answers 401 only for missing, expired or revoked tokens (scopes are a 403).
  isStaleTokenResponse: () => true,
  classifyRequest: (config) => (isSearch(config.method, config.url) ? { rateLimit: 'search', idempotent: true } : {}),
  readRemaining: readHubSpotRemaining,
};

export type HubSpotClientDeps = { limiters: RateLimiterPool; rateLimits: HubSpotRateLimits; http?: Partial<ProviderHttpSettings> };

/**
 * The HTTP client of one HubSpot connection, sharing its portal's limiters with every other client
 * of that portal. `apiBase` is the connection's API base as resolveHubSpotApiBase allowed it.
 */
export function createHubSpotApiClient(session: ProviderSession, apiBase: string, deps: HubSpotClientDeps): ProviderHttpClient {
  const portalId = session.connection.externalAccountId;
  const { limiters, rateLimits } = deps;
  return createProviderHttpClient({
    profile: HUBSPOT_PROFILE,
    baseURL: apiBase,
    session,
    limiters: {
      default: limiters.limiterFor('hubspot', portalId, 'default', { rate: { requests: rateLimits.requestsPerInterval, intervalMs: rateLimits.intervalMs } }),
      search: limiters.limiterFor('hubspot', portalId, 'search', { rate: { requests: rateLimits.searchRequestsPerSecond, intervalMs: 1000 } }),
    },
    settings: deps.http,
  });
}

/** A client for the OAuth endpoints: no session, no limiter (they are not metered per portal). */
export function createHubSpotOAuthClient(apiBaseUrl: string, http?: Partial<ProviderHttpSettings>): ProviderHttpClient {
  return createProviderHttpClient({ profile: HUBSPOT_PROFILE, baseURL: apiBaseUrl, settings: http });
}

/**
 * HubSpot's error bodies: CRM v3 `{ status: 'error', message, category, correlationId }` (429s add
 * `policyName`), the v1 OAuth API `{ status: 'BAD_REFRESH_TOKEN', message }`, and OAuth 2.0 style
 * `{ error, error_description }`.
 */
export function readHubSpotError(body: unknown): ProviderErrorInfo {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const status = text('status');
  return {
    code: text('policyName') ?? text('category') ?? (status && status !== 'error' ? status : undefined) ?? text('error'),
    message: text('message') ?? text('error_description'),
    correlationId: text('correlationId'),
  };
}

/**
 * What HubSpot says is left of the portal's allowance: the rolling window's Remaining, or the
 * day's when that is lower. Search responses carry neither (null).
 */
export function readHubSpotRemaining(response: AxiosResponse): number | null {
  const counts = ['x-hubspot-ratelimit-remaining', 'x-hubspot-ratelimit-daily-remaining']
    .map((name) => Number.parseInt(String(response.headers[name] ?? ''), 10))
    .filter((count) => Number.isFinite(count) && count >= 0);
  return counts.length > 0 ? Math.min(...counts) : null;
}

function isSearch(method: string | undefined, url: string | undefined): boolean {
  return (method ?? 'get').toLowerCase() === 'post' && /\/search\/?$/.test((url ?? '').split('?')[0]!);
}

import type { ProviderSession } from '../../crm-service';
import type { ProviderErrorInfo } from '../../provider-http/provider-error';
import { createProviderHttpClient, type ProviderHttpClient, type ProviderHttpSettings, type ProviderProfile } from '../../provider-http/provider-http-client';
import type { RateLimiterPool } from '../../provider-http/rate-limiter-pool';

/**
 * Zoho CRM limits concurrent calls per org by edition (Free 5, Standard 10, Professional 15,
 * Enterprise 20, Ultimate 25). We do not know the edition before asking, so the default is 10.
 */
export type ZohoRateLimits = { maxConcurrent: number };

export const ZOHO_RATE_LIMITS: ZohoRateLimits = { maxConcurrent: 10 };

/** Zoho CRM error codes that stand for an HTTP status when Zoho sends them inside a 200. */
const STATUS_BY_CODE: Record<string, number> = {
  INVALID_TOKEN: 401,
  AUTHENTICATION_FAILURE: 401,
  OAUTH_SCOPE_MISMATCH: 401,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
};

export const ZOHO_PROFILE: ProviderProfile = {
  platform: 'zoho',
  label: 'Zoho CRM',
  authorization: (token) => `Zoho-oauthtoken ${token}`,
  readError: readZohoError,
  // A scope mismatch is a 401 too, but a fresh token has the same scopes.
  isStaleTokenResponse: (body) => readZohoError(body).code !== 'OAUTH_SCOPE_MISMATCH',
  findErrorInSuccess: findZohoErrorInSuccess,
};

export type ZohoClientDeps = { limiters: RateLimiterPool; rateLimits: ZohoRateLimits; http?: Partial<ProviderHttpSettings> };

/** The HTTP client of one Zoho connection, on its data centre's API domain, sharing its org's concurrency limit. */
export function createZohoApiClient(session: ProviderSession, apiDomain: string, deps: ZohoClientDeps): ProviderHttpClient {
  const orgId = session.connection.externalAccountId;
  return createProviderHttpClient({
    profile: ZOHO_PROFILE,
    baseURL: apiDomain,
    session,
    limiters: { default: deps.limiters.limiterFor('zoho', orgId, 'default', { maxConcurrent: deps.rateLimits.maxConcurrent }) },
    settings: deps.http,
  });
}

/** For the accounts servers and the identity read: absolute URLs, no session, no limiter. */
export function createZohoOAuthClient(http?: Partial<ProviderHttpSettings>): ProviderHttpClient {
  return createProviderHttpClient({ profile: ZOHO_PROFILE, baseURL: '', settings: http });
}

/**
 * Zoho CRM's `{ code, message, details, status: 'error' }` and the accounts server's
 * `{ error }` or `{ error, error_description, status: 'failure' }`.
 */
export function readZohoError(body: unknown): ProviderErrorInfo {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return { code: text('code') ?? text('error'), message: text('message') ?? text('error_description') ?? text('error') };
}

/** Zoho answers many refusals with HTTP 200 (the token endpoint's `{ error: 'invalid_code' }`). */
export function findZohoErrorInSuccess(body: unknown): (ProviderErrorInfo & { status: number }) | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  const isAccountsError = typeof record.error === 'string';
  const isCrmError = record.status === 'error' && typeof record.code === 'string';
  if (!isAccountsError && !isCrmError) return null;
  const info = readZohoError(body);
  return { ...info, status: isCrmError ? (STATUS_BY_CODE[info.code ?? ''] ?? 400) : 400 };
}

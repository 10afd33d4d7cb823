import type { ProviderSession } from '../../crm-service';
import { createProviderHttpClient, type ProviderHttpClient, type ProviderHttpSettings, type ProviderProfile } from '../../provider-http/provider-http-client';
import type { RateLimiterPool } from '../../provider-http/rate-limiter-pool';
import { parseLimitInfo, type ApiAllowance } from './salesforce-api-allowance';
import { isSalesforceTransientRefusal, readSalesforceError, refineSalesforceError } from './salesforce-errors';

/** The REST API version every call uses (the sandbox serves any vNN.N). */
export const SALESFORCE_API_VERSION = 'v62.0';
export const SALESFORCE_API_PATH = `/services/data/${SALESFORCE_API_VERSION}`;

/**
 * Salesforce meters a daily allowance per org rather than a rate; concurrency is what it limits
 * per org (25 long-running requests). Ten at once leaves room for the org's other integrations.
 */
export type SalesforceRateLimits = { maxConcurrent: number };
export const SALESFORCE_RATE_LIMITS: SalesforceRateLimits = { maxConcurrent: 10 };

const BASE_PROFILE: ProviderProfile = {
  platform: 'salesforce',
  label: 'Salesforce',
  authorization: (token) => `Bearer ${token}`,
  readError: readSalesforceError,
  // Salesforce answers 401 only for INVALID_SESSION_ID: an expired, revoked or unknown token.
  isStaleTokenResponse: () => true,
  isTransientRefusal: isSalesforceTransientRefusal,
};

export type SalesforceClientDeps = { limiters: RateLimiterPool; rateLimits: SalesforceRateLimits; allowance: ApiAllowance; http?: Partial<ProviderHttpSettings> };

/**
 * The HTTP client of one connection: `${instance_url}/services/data/v62.0`, refreshing once on
 * INVALID_SESSION_ID, and noting the org's API usage from every response's Sforce-Limit-Info.
 */
export function createSalesforceApiClient(session: ProviderSession, instanceOrigin: string, deps: SalesforceClientDeps): ProviderHttpClient {
  const orgId = session.connection.externalAccountId;
  const client = createProviderHttpClient({
    profile: {
      ...BASE_PROFILE,
      observeResponse: (response) => {
        const usage = parseLimitInfo(response.headers['sforce-limit-info']);
        if (usage) deps.allowance.record(orgId, usage);
      },
    },
    baseURL: `${instanceOrigin}${SALESFORCE_API_PATH}`,
    session,
    limiters: { default: deps.limiters.limiterFor('salesforce', orgId, 'default', { maxConcurrent: deps.rateLimits.maxConcurrent }) },
    settings: deps.http,
  });
  return withRefinedErrors(client);
}

/** For the login hosts and the identity URL: absolute URLs, no session, no limiter. */
export function createSalesforceOAuthClient(http?: Partial<ProviderHttpSettings>): ProviderHttpClient {
  return withRefinedErrors(createProviderHttpClient({ profile: BASE_PROFILE, baseURL: '', settings: http }));
}

function withRefinedErrors(client: ProviderHttpClient): ProviderHttpClient {
  // Registered last, so it sees the AppError the shared client made of the failure.
  client.interceptors.response.use(undefined, (error: unknown) => {
    throw refineSalesforceError(error);
  });
  return client;
}

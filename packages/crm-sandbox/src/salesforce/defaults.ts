import type { SalesforceAppConfig, SalesforceBulkTiming, SalesforceOrgConfig } from './types';

/** The connected app run mode registers: requires PKCE, does not rotate refresh tokens. */
export const SALESFORCE_DEFAULT_APP: SalesforceAppConfig = {
  clientId: '3MVG9VoiceAgentSandboxConsumerKey0000000000000000000000000000000000000000000',
  clientSecret: 'VOICEAGENTSANDBOXCONSUMERSECRET0000000000000000000000000000000000000000',
  name: 'VoiceAgent CRM',
  redirectUris: ['http://localhost:4000/api/v1/crm/salesforce/callback'],
  requirePkce: true,
  rotateRefreshTokens: false,
};

export const SALESFORCE_DEFAULT_ORGS: SalesforceOrgConfig[] = [
  { name: 'Acme Corp', isSandbox: false, contactCount: 1000, leadCount: 400, seed: 101 },
  { name: 'Acme Corp (UAT)', isSandbox: true, contactCount: 200, leadCount: 100, seed: 102 },
];

export const DEFAULT_BULK_TIMING: SalesforceBulkTiming = { inProgressAfterMs: 50, completeAfterMs: 300, minPolls: 0 };
export const DEFAULT_DAILY_API_LIMIT = 100_000;
export const DEFAULT_SESSION_TIMEOUT_SECONDS = 7200;
export const DEFAULT_SHARED_SEED = 42;
export const DEFAULT_QUERY_LOCATOR_TTL_MS = 15 * 60_000;
export const DEFAULT_MAX_QUERY_LOCATORS = 100;
export const DEFAULT_PERSON_CACHE_LIMIT = 500_000;

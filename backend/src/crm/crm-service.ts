import type { TPlatform } from '@voiceagent/shared';
import type { ProviderHttpClient } from './provider-http/provider-http-client';

/** OAuth tokens as a provider issued them. Plaintext lives only in memory, never in the database. */
export type TokenSet = {
  accessToken: string;
  /** Zoho's refresh grant returns no new refresh token: the caller keeps the old one. */
  refreshToken?: string;
  expiresAt: Date;
  scopes: string[];
};

/** Which account a credential belongs to and where its API lives. */
export type ConnectionInfo = {
  /** HubSpot portal (hub) id; Zoho org id. */
  externalAccountId: string;
  /** A human label: HubSpot hub domain; Zoho company name. */
  accountName: string;
  /** Zoho data centre location (us, eu, in, au, jp, ca, sa, cn); null for HubSpot. */
  dataCentre: string | null;
  /** Base URL of the CRM API for this account (Zoho's api_domain; HubSpot's API base). */
  apiDomain: string;
  /** Zoho's accounts server for this data centre (token refresh and revoke go there). */
  accountsServer: string | null;
};

export type AuthorizationResult = { tokens: TokenSet & { refreshToken: string }; connection: ConnectionInfo };

/**
 * What a provider call needs from the credential store: the current access token, and a way
 * to get a fresh one when the provider answers 401 (single-flight: concurrent callers share
 * one refresh). Supplied by the credentials module; providers never see the database.
 */
export type ProviderSession = {
  connection: ConnectionInfo;
  getAccessToken(): Promise<string>;
  /** Refreshes unless someone already replaced `staleToken`; returns the token to retry with. */
  refreshAccessToken(staleToken: string): Promise<string>;
};

/**
 * CRMService, the abstract base every provider implements (HubSpotService, ZohoService; Salesforce
 * next). Everything provider-specific — URLs, OAuth quirks, field mapping, paging, rate limits —
 * lives behind it, so routes and services above never branch on the platform.
 */
export abstract class CRMService {
  abstract readonly platform: TPlatform;
  /** True when this service talks to the local sandbox rather than the real provider. */
  abstract readonly isSandbox: boolean;

  /** The provider's consent page URL for this state and redirect URI. */
  abstract buildAuthorizationUrl(input: { state: string; redirectUri: string }): string;

  /**
   * Finishes the OAuth callback: reads provider-specific callback parameters (Zoho's
   * `accounts-server` and `location`), exchanges the code, and reads the account identity.
   * Throws AppError `oauth_exchange_failed` when the provider refuses the code.
   */
  abstract completeAuthorization(input: { code: string; redirectUri: string; callbackQuery: Record<string, string> }): Promise<AuthorizationResult>;

  /** Uses the refresh token. Throws AppError `crm_auth_revoked` when the provider says it is no longer valid. */
  abstract refreshTokens(input: { refreshToken: string; connection: ConnectionInfo }): Promise<TokenSet>;

  /** Revokes the grant at the provider (disconnect). Best effort is the caller's decision. */
  abstract revoke(input: { refreshToken: string; connection: ConnectionInfo }): Promise<void>;

  /**
   * The HTTP client of one connection, relative to its API domain: paced by the account's shared
   * rate limiter, retrying with backoff, refreshing once on a 401 through `session`, and failing
   * with AppErrors (`provider_*`, `crm_auth_revoked`).
   */
  abstract createApiClient(session: ProviderSession): ProviderHttpClient;
}

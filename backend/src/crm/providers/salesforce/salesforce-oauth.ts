import { z } from 'zod';
import type { ProviderAppConfig } from '../../../config';
import { AppError } from '../../../http/app-error';
import type { TokenSet } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { checkApiOrigin, type SalesforceTrust } from './salesforce-login-hosts';
import { isSalesforceSignatureValid } from './salesforce-signature';

/** REST API access, a refresh token, and the identity URL (org id and username). */
export const SALESFORCE_SCOPES = ['api', 'refresh_token', 'id'] as const;

/**
 * Salesforce sends no `expires_in`: access tokens last the org's session timeout, 2 hours by
 * default. Assuming that is conservative where the default holds; where an admin set it shorter,
 * the 401 INVALID_SESSION_ID the client refreshes on is the real signal.
 */
export const ASSUMED_SESSION_MS = 2 * 60 * 60 * 1000;

const ZTokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  signature: z.string().min(1),
  scope: z.string().optional(),
  instance_url: z.string().min(1),
  id: z.string().min(1),
  issued_at: z.string().regex(/^\d{1,15}$/),
});

const ZIdentity = z.looseObject({ organization_id: z.string().min(1), user_id: z.string().min(1), username: z.string().min(1) });

/** Refresh tokens Salesforce no longer honours: revoked, expired by policy, or rotated away. */
const REVOKED_CODES = new Set(['invalid_grant', 'invalid_token']);

/** A verified token response; its instance and identity URLs are still to be checked against the trusted hosts. */
export type SalesforceExchange = { tokens: TokenSet & { refreshToken: string }; instanceUrl: string; identityUrl: string };
export type SalesforceIdentity = { orgId: string; userId: string; username: string };

export function buildSalesforceAuthorizeUrl(loginOrigin: string, app: ProviderAppConfig, input: { state: string; redirectUri: string; codeChallenge?: string }): string {
  const url = new URL(`${loginOrigin}/services/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  url.searchParams.set('scope', SALESFORCE_SCOPES.join(' '));
  if (input.codeChallenge !== undefined) {
    url.searchParams.set('code_challenge', input.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

/** POST {login host}/services/oauth2/token with the code (and the PKCE verifier), checked before anything is believed. */
export async function exchangeSalesforceCode(
  http: ProviderHttpClient,
  app: ProviderAppConfig,
  loginOrigin: string,
  input: { code: string; redirectUri: string; codeVerifier?: string },
): Promise<SalesforceExchange> {
  const form: Record<string, string> = { grant_type: 'authorization_code', code: input.code, client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: input.redirectUri };
  if (input.codeVerifier !== undefined) form.code_verifier = input.codeVerifier;
  let body: unknown;
  try {
    body = await postToken(http, loginOrigin, form, false);
  } catch (error) {
    throw remapRefusal(error, 'Salesforce refused the authorization code');
  }
  const parsed = parseTokens(body, app, 'oauth_exchange_failed');
  if (!parsed.refreshToken) throw new AppError('oauth_exchange_failed', 'Salesforce issued no refresh token; the connected app must allow the refresh_token scope', { platform: 'salesforce' });
  return { tokens: { ...parsed.tokens, refreshToken: parsed.refreshToken }, instanceUrl: parsed.instanceUrl, identityUrl: parsed.identityUrl };
}

/**
 * POST {login host}/services/oauth2/token with the refresh token. Salesforce sends a new refresh
 * token only where the connected app rotates them (the old one then dies): take it when it comes.
 */
export async function refreshSalesforceTokens(http: ProviderHttpClient, app: ProviderAppConfig, loginOrigin: string, refreshToken: string): Promise<TokenSet> {
  let body: unknown;
  try {
    body = await postToken(http, loginOrigin, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: app.clientId, client_secret: app.clientSecret }, true);
  } catch (error) {
    if (isProviderCode(error, REVOKED_CODES)) {
      throw new AppError('crm_auth_revoked', 'Salesforce no longer accepts the refresh token: access was revoked or expired by the org policy', (error as AppError).details);
    }
    throw error;
  }
  const parsed = parseTokens(body, app, 'provider_rejected');
  return { ...parsed.tokens, ...(parsed.refreshToken ? { refreshToken: parsed.refreshToken } : {}) };
}

/** POST {login host}/services/oauth2/revoke: revoking the refresh token revokes its access tokens too. */
export async function revokeSalesforceToken(http: ProviderHttpClient, loginOrigin: string, token: string): Promise<void> {
  try {
    await http.post(`${loginOrigin}/services/oauth2/revoke`, new URLSearchParams({ token }), { operation: 'salesforce.revoke', idempotent: true });
  } catch (error) {
    // A token Salesforce no longer knows is as revoked as it gets.
    if (isProviderCode(error, REVOKED_CODES) || isProviderCode(error, new Set(['unsupported_token_type']))) return;
    throw error;
  }
}

/** GET the identity URL (only on a trusted host) with the new access token: which org and user connected. */
export async function readSalesforceIdentity(http: ProviderHttpClient, rawIdentityUrl: string, trust: SalesforceTrust, accessToken: string): Promise<SalesforceIdentity> {
  const identityUrl = `${checkApiOrigin(rawIdentityUrl, trust, 'identity URL')}${new URL(rawIdentityUrl).pathname}`;
  let data: unknown;
  try {
    const response = await http.get<unknown>(identityUrl, { headers: { Authorization: `Bearer ${accessToken}` }, operation: 'salesforce.identity' });
    data = response.data;
  } catch (error) {
    throw remapRefusal(error, 'Salesforce would not tell which org was connected');
  }
  const parsed = ZIdentity.safeParse(data);
  if (!parsed.success) throw new AppError('oauth_exchange_failed', 'Salesforce described the identity in an unexpected shape', { platform: 'salesforce' });
  return { orgId: parsed.data.organization_id, userId: parsed.data.user_id, username: parsed.data.username };
}

async function postToken(http: ProviderHttpClient, loginOrigin: string, form: Record<string, string>, idempotent: boolean): Promise<unknown> {
  const response = await http.post<unknown>(`${loginOrigin}/services/oauth2/token`, new URLSearchParams(form), { operation: `salesforce.token.${form.grant_type}`, idempotent });
  return response.data;
}

function parseTokens(body: unknown, app: ProviderAppConfig, failureCode: 'oauth_exchange_failed' | 'provider_rejected') {
  const parsed = ZTokenResponse.safeParse(body);
  if (!parsed.success) throw new AppError(failureCode, 'Salesforce answered the token request in an unexpected shape', { platform: 'salesforce' });
  const data = parsed.data;
  if (!isSalesforceSignatureValid({ id: data.id, issuedAt: data.issued_at, signature: data.signature }, app.clientSecret)) {
    throw new AppError(failureCode, "The token response's signature is not Salesforce's for this app; refused", { platform: 'salesforce', reason: 'bad_signature' });
  }
  // Salesforce's clock is trusted within a session's length; beyond that (a skewed clock) ours counts.
  const issuedAt = Number(data.issued_at);
  const now = Date.now();
  const base = Math.abs(issuedAt - now) <= ASSUMED_SESSION_MS ? Math.min(issuedAt, now) : now;
  return {
    tokens: {
      accessToken: data.access_token,
      expiresAt: new Date(base + ASSUMED_SESSION_MS),
      scopes: (data.scope ?? '').split(/\s+/).filter(Boolean),
    },
    refreshToken: data.refresh_token,
    instanceUrl: data.instance_url,
    identityUrl: data.id,
  };
}

/** Salesforce's refusals (4xx, 401) become oauth_exchange_failed; outages and timeouts keep their own code. */
function remapRefusal(error: unknown, message: string): unknown {
  if (!(error instanceof AppError) || (error.code !== 'provider_rejected' && error.code !== 'crm_auth_revoked')) return error;
  const said = (error.details as { providerMessage?: string } | undefined)?.providerMessage;
  return new AppError('oauth_exchange_failed', said ? `${message}: ${said}` : message, error.details);
}

function isProviderCode(error: unknown, codes: Set<string>): boolean {
  if (!(error instanceof AppError)) return false;
  const code = (error.details as { providerCode?: unknown } | undefined)?.providerCode;
  return typeof code === 'string' && codes.has(code);
}

import { z } from 'zod';
import type { ProviderAppConfig } from '../../../config';
import { AppError } from '../../../http/app-error';
import type { TokenSet } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { HUBSPOT_SCHEMAS_SCOPE } from './hubspot-fields';
import { HUBSPOT_LISTS_SCOPE } from './hubspot-lists';

/**
 * What we ask HubSpot for: reading and writing contacts, which is also what the calls API
 * requires to log a call on a contact (HubSpot's calls reference lists the contacts scopes),
 * reading contact properties (the field catalogue of custom fields), plus `oauth`, which every
 * HubSpot OAuth app holds. No optional scopes: HubSpot refuses an install that asks for scopes the
 * app's settings don't list, so the app's settings must list all five (lists: `crm.lists.read`, for CRM lists as segments). Connections made before
 * the properties scope was asked for must reconnect to read the catalogue.
 */
export const HUBSPOT_SCOPES = ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', HUBSPOT_SCHEMAS_SCOPE, HUBSPOT_LISTS_SCOPE] as const;

const ZTokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().nonnegative(),
  scopes: z.array(z.string()).optional(),
});

const ZAccessTokenInfo = z.object({
  hub_id: z.union([z.number(), z.string()]),
  hub_domain: z.string().optional(),
  scopes: z.array(z.string()).default([]),
});

export type HubSpotTokenInfo = { hubId: string; hubDomain: string | null; scopes: string[] };

/** Refresh tokens HubSpot no longer honours: revoked, uninstalled or never issued. */
const REVOKED_REFRESH_CODES = new Set(['BAD_REFRESH_TOKEN', 'invalid_grant']);

/** HubSpot takes no PKCE challenge (see HubSpotService.supportsPkce), so none is sent. */
export function buildHubSpotAuthorizeUrl(app: ProviderAppConfig, input: { state: string; redirectUri: string }): string {
  const url = new URL(app.authorizeUrl);
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('scope', HUBSPOT_SCOPES.join(' '));
  url.searchParams.set('state', input.state);
  return url.toString();
}

/** POST /oauth/v1/token with the authorization code. Refusals (bad, used or expired code) → oauth_exchange_failed. */
export async function exchangeHubSpotCode(
  http: ProviderHttpClient,
  app: ProviderAppConfig,
  input: { code: string; redirectUri: string },
): Promise<TokenSet & { refreshToken: string }> {
  const body = await remapRefusal(
    () => postToken(http, { grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: input.redirectUri, code: input.code }, false),
    'oauth_exchange_failed',
    'HubSpot refused the authorization code',
  );
  const tokens = parseTokens(body, 'oauth_exchange_failed');
  return { ...tokens, refreshToken: tokens.refreshToken };
}

/** POST /oauth/v1/token with the refresh token. A revoked grant → crm_auth_revoked. */
export async function refreshHubSpotTokens(http: ProviderHttpClient, app: ProviderAppConfig, refreshToken: string): Promise<TokenSet> {
  let body: unknown;
  try {
    body = await postToken(http, { grant_type: 'refresh_token', client_id: app.clientId, client_secret: app.clientSecret, refresh_token: refreshToken }, true);
  } catch (error) {
    if (isProviderCode(error, REVOKED_REFRESH_CODES)) {
      throw new AppError('crm_auth_revoked', 'HubSpot no longer accepts the refresh token: the app was uninstalled or access was revoked', (error as AppError).details);
    }
    throw error;
  }
  return parseTokens(body, 'provider_rejected');
}

/** GET /oauth/v1/access-tokens/:token: the portal (hub) the token belongs to and its scopes. */
export async function readHubSpotTokenInfo(http: ProviderHttpClient, accessToken: string): Promise<HubSpotTokenInfo> {
  const response = await remapRefusal(
    () => http.get<unknown>(`/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`, { operation: 'hubspot.access-token-info' }),
    'oauth_exchange_failed',
    'HubSpot would not describe the new access token',
  );
  const parsed = ZAccessTokenInfo.safeParse(response.data);
  if (!parsed.success) throw new AppError('oauth_exchange_failed', 'HubSpot described the access token in an unexpected shape', { platform: 'hubspot' });
  return { hubId: String(parsed.data.hub_id), hubDomain: parsed.data.hub_domain ?? null, scopes: parsed.data.scopes };
}

/**
 * DELETE /oauth/v1/refresh-tokens/:token uninstalls the app from the portal. A token HubSpot no
 * longer knows is already as revoked as it gets, so that counts as done.
 */
export async function revokeHubSpotRefreshToken(http: ProviderHttpClient, refreshToken: string): Promise<void> {
  try {
    await http.delete(`/oauth/v1/refresh-tokens/${encodeURIComponent(refreshToken)}`, { operation: 'hubspot.revoke' });
  } catch (error) {
    if (isProviderCode(error, REVOKED_REFRESH_CODES)) return;
    throw error;
  }
}

async function postToken(http: ProviderHttpClient, form: Record<string, string>, idempotent: boolean): Promise<unknown> {
  const response = await http.post<unknown>('/oauth/v1/token', new URLSearchParams(form), {
    operation: `hubspot.token.${form.grant_type}`,
    // A code is single-use: repeating an exchange HubSpot may have completed would fail anyway.
    idempotent,
  });
  return response.data;
}

function parseTokens(body: unknown, failureCode: 'oauth_exchange_failed' | 'provider_rejected'): TokenSet & { refreshToken: string } {
  const parsed = ZTokenResponse.safeParse(body);
  if (!parsed.success) throw new AppError(failureCode, 'HubSpot answered the token request in an unexpected shape', { platform: 'hubspot' });
  return {
    accessToken: parsed.data.access_token,
    refreshToken: parsed.data.refresh_token,
    expiresAt: new Date(Date.now() + parsed.data.expires_in * 1000),
    scopes: parsed.data.scopes ?? [],
  };
}

/** A refusal by HubSpot (4xx, or a 401 on the OAuth API) becomes `code`; outages and timeouts keep theirs. */
async function remapRefusal<T>(call: () => Promise<T>, code: 'oauth_exchange_failed', message: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'provider_rejected' || error.code === 'crm_auth_revoked')) {
      const details = error.details as { providerMessage?: string } | undefined;
      throw new AppError(code, details?.providerMessage ? `${message}: ${details.providerMessage}` : message, error.details);
    }
    throw error;
  }
}

function isProviderCode(error: unknown, codes: Set<string>): boolean {
  if (!(error instanceof AppError)) return false;
  const providerCode = (error.details as { providerCode?: unknown } | undefined)?.providerCode;
  return typeof providerCode === 'string' && codes.has(providerCode);
}

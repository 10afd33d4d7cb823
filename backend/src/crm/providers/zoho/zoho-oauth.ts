import { z } from 'zod';
import type { ProviderAppConfig } from '../../../config';
import { AppError } from '../../../http/app-error';
import type { TokenSet } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';

/**
 * What we ask Zoho for (names from Zoho CRM's scope reference): contacts to sync and create,
 * calls to write results back, the org to know which account was connected, and the field
 * metadata the user picks custom fields from (Field Metadata API: ZohoCRM.settings.fields.READ),
 * and the Notification API's channel that pushes contact changes (ZohoCRM.notifications.ALL;
 * connections made before it have no channel and keep the scheduled sync until reconnected).
 */
export const ZOHO_SCOPES = [
  'ZohoCRM.modules.contacts.ALL',
  'ZohoCRM.modules.calls.ALL',
  'ZohoCRM.org.READ',
  'ZohoCRM.settings.fields.READ',
  'ZohoCRM.settings.custom_views.READ',
  'ZohoCRM.notifications.ALL',
] as const;

/** The CRM API version the identity read uses (the sandbox mounts v8, Zoho's current one). */
export const ZOHO_API_VERSION = 'v8';

const ZTokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  api_domain: z.string().optional(),
  scope: z.string().optional(),
  expires_in: z.number().int().nonnegative().optional(),
  // Older accounts servers name the lifetime in seconds here and put milliseconds in expires_in.
  expires_in_sec: z.number().int().nonnegative().optional(),
});

const ZOrgResponse = z.object({ org: z.array(z.object({ id: z.union([z.string(), z.number()]), company_name: z.string().nullable().optional() })).min(1) });

export type ZohoExchange = { tokens: TokenSet & { refreshToken: string }; apiDomain: string | undefined };

/** A refresh token Zoho no longer honours (revoked, deleted as the 21st, or from another DC). */
const REVOKED_REFRESH_CODES = new Set(['invalid_code', 'invalid_grant', 'invalid_token']);

export function buildZohoAuthorizeUrl(app: ProviderAppConfig, input: { state: string; redirectUri: string; codeChallenge?: string }): string {
  const url = new URL(`${app.authorizeUrl}/oauth/v2/auth`);
  const params = new URLSearchParams({
    scope: ZOHO_SCOPES.join(','),
    client_id: app.clientId,
    response_type: 'code',
    // offline: we need a refresh token; consent: Zoho issues a new refresh token only on a fresh consent.
    access_type: 'offline',
    prompt: 'consent',
    redirect_uri: input.redirectUri,
    state: input.state,
  });
  if (input.codeChallenge !== undefined) {
    // Zoho's default method is `plain`; S256 keeps the verifier secret even if the URL leaks.
    params.set('code_challenge', input.codeChallenge);
    params.set('code_challenge_method', 'S256');
  }
  url.search = params.toString();
  return url.toString();
}

/** POST {accounts-server}/oauth/v2/token with the grant code. Zoho's refusals come as 200 `{ error }`. */
export async function exchangeZohoCode(
  http: ProviderHttpClient,
  app: ProviderAppConfig,
  accountsServer: string,
  input: { code: string; redirectUri: string; codeVerifier?: string },
): Promise<ZohoExchange> {
  const form: Record<string, string> = { grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: input.redirectUri, code: input.code };
  if (input.codeVerifier !== undefined) form.code_verifier = input.codeVerifier;
  let body: unknown;
  try {
    body = await postToken(http, accountsServer, form, false);
  } catch (error) {
    throw remapRefusal(error, 'oauth_exchange_failed', 'Zoho refused the authorization code');
  }
  const parsed = parseTokens(body, 'oauth_exchange_failed');
  if (!parsed.refreshToken) throw new AppError('oauth_exchange_failed', 'Zoho issued no refresh token; connect again and accept the consent', { platform: 'zoho' });
  return { tokens: { ...parsed, refreshToken: parsed.refreshToken }, apiDomain: parsed.apiDomain };
}

/** POST {accounts-server}/oauth/v2/token with the refresh token; Zoho keeps the refresh token as it is. */
export async function refreshZohoTokens(http: ProviderHttpClient, app: ProviderAppConfig, accountsServer: string, refreshToken: string): Promise<TokenSet> {
  let body: unknown;
  try {
    body = await postToken(http, accountsServer, { grant_type: 'refresh_token', client_id: app.clientId, client_secret: app.clientSecret, refresh_token: refreshToken }, true);
  } catch (error) {
    const code = providerCodeOf(error);
    if (code !== undefined && REVOKED_REFRESH_CODES.has(code)) {
      throw new AppError('crm_auth_revoked', 'Zoho no longer accepts the refresh token: access was revoked or the token was replaced', (error as AppError).details);
    }
    if (code === 'Access Denied' && /too many requests/i.test(providerMessageOf(error) ?? '')) {
      throw new AppError('provider_rate_limited', 'Zoho is refusing token refreshes for this connection for a while (too many in 10 minutes)', (error as AppError).details);
    }
    throw error;
  }
  const { apiDomain: _apiDomain, refreshToken: _sameRefreshToken, ...tokens } = parseTokens(body, 'provider_rejected');
  return tokens;
}

/** POST {accounts-server}/oauth/v2/token/revoke. A token Zoho no longer knows counts as revoked. */
export async function revokeZohoRefreshToken(http: ProviderHttpClient, accountsServer: string, refreshToken: string): Promise<void> {
  try {
    // Zoho documents `token` as a query parameter of this POST (zoho.com/accounts/protocol/oauth/revoke-refresh-token.html).
    await http.post(`${accountsServer}/oauth/v2/token/revoke`, undefined, { params: { token: refreshToken }, operation: 'zoho.revoke', idempotent: true });
  } catch (error) {
    const code = providerCodeOf(error);
    if (code !== undefined && REVOKED_REFRESH_CODES.has(code)) return;
    throw error;
  }
}

/** GET {api_domain}/crm/v8/org: the org the token belongs to. */
export async function readZohoOrg(http: ProviderHttpClient, apiDomain: string, accessToken: string): Promise<{ id: string; companyName: string | null }> {
  let data: unknown;
  try {
    const response = await http.get<unknown>(`${apiDomain}/crm/${ZOHO_API_VERSION}/org`, {
      headers: { Authorization: `Zoho-oauthtoken ${accessToken}` },
      operation: 'zoho.org',
    });
    data = response.data;
  } catch (error) {
    throw remapRefusal(error, 'oauth_exchange_failed', 'Zoho CRM would not tell which org was connected');
  }
  const parsed = ZOrgResponse.safeParse(data);
  if (!parsed.success) throw new AppError('oauth_exchange_failed', 'Zoho CRM described the org in an unexpected shape', { platform: 'zoho' });
  const org = parsed.data.org[0]!;
  return { id: String(org.id), companyName: org.company_name ?? null };
}

async function postToken(http: ProviderHttpClient, accountsServer: string, form: Record<string, string>, idempotent: boolean): Promise<unknown> {
  const response = await http.post<unknown>(`${accountsServer}/oauth/v2/token`, new URLSearchParams(form), { operation: `zoho.token.${form.grant_type}`, idempotent });
  return response.data;
}

function parseTokens(body: unknown, failureCode: 'oauth_exchange_failed' | 'provider_rejected'): TokenSet & { refreshToken?: string; apiDomain?: string } {
  const parsed = ZTokenResponse.safeParse(body);
  if (!parsed.success) throw new AppError(failureCode, 'Zoho answered the token request in an unexpected shape', { platform: 'zoho' });
  const lifetimeSeconds = parsed.data.expires_in_sec ?? parsed.data.expires_in ?? 3600;
  return {
    accessToken: parsed.data.access_token,
    refreshToken: parsed.data.refresh_token,
    apiDomain: parsed.data.api_domain,
    expiresAt: new Date(Date.now() + lifetimeSeconds * 1000),
    scopes: (parsed.data.scope ?? '').split(/[\s,]+/).filter(Boolean),
  };
}

/** Zoho's refusals (a 4xx or a 200 with `error`) become `code`; outages and timeouts keep their own. */
function remapRefusal(error: unknown, code: 'oauth_exchange_failed', message: string): unknown {
  if (!(error instanceof AppError) || (error.code !== 'provider_rejected' && error.code !== 'crm_auth_revoked')) return error;
  const said = providerMessageOf(error);
  return new AppError(code, said ? `${message}: ${said}` : message, error.details);
}

function providerCodeOf(error: unknown): string | undefined {
  return error instanceof AppError ? (error.details as { providerCode?: string } | undefined)?.providerCode : undefined;
}

function providerMessageOf(error: unknown): string | undefined {
  return error instanceof AppError ? (error.details as { providerMessage?: string } | undefined)?.providerMessage : undefined;
}

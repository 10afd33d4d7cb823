import { isPkceSatisfied } from '../common/pkce';
import { apiDomainUrl } from './data-centres';
import type { ZohoSandboxState } from './sandbox-state';

/** What the token endpoint answers: Zoho sends most refusals as HTTP 200 with an `error` field. */
export type TokenReply = { status: number; body: Record<string, unknown> };

const refused = (error: string): TokenReply => ({ status: 200, body: { error } });

/** Zoho's answer when one refresh token mints too many access tokens in the window. */
const TOO_MANY_MINTS: TokenReply = {
  status: 400,
  body: { error_description: 'You have made too many requests continuously. Please try again after some time.', error: 'Access Denied', status: 'failure' },
};

/**
 * POST {accounts-server}/oauth/v2/token. `dataCentre` is the accounts server the request
 * reached: a code or refresh token from another data centre is unknown there, as with Zoho.
 */
export function exchangeToken(state: ZohoSandboxState, dataCentre: string, params: Record<string, string>, baseUrl: string): TokenReply {
  const grantType = params.grant_type;
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return refused('unsupported_grant_type');
  const app = state.apps.get(params.client_id ?? '');
  if (!app) return refused('invalid_client');
  if (params.client_secret !== app.clientSecret) return refused('invalid_client_secret');
  const tokenBase = { api_domain: apiDomainUrl(baseUrl, dataCentre), token_type: 'Bearer', expires_in: state.limits.accessTokenTtlSeconds };

  if (grantType === 'authorization_code') {
    const grant = state.tokens.redeemGrant(params.code ?? '', dataCentre);
    if (!grant || grant.clientId !== app.clientId) return refused('invalid_code');
    if (params.redirect_uri !== grant.redirectUri) return refused('invalid_redirect_uri');
    // PKCE (documented for Zoho's mobile and desktop clients, same endpoints): Zoho names no
    // separate error for a wrong verifier, so it is refused like any unusable code — and, like
    // every failed exchange here, the code is spent.
    if (!isPkceSatisfied(grant.pkce, params.code_verifier)) return refused('invalid_code');
    // Zoho issues a refresh token on the first offline consent, and again only with prompt=consent.
    const wantsRefresh = grant.accessType === 'offline' && (grant.prompt === 'consent' || !state.tokens.hasRefreshToken(grant.orgId, grant.clientId));
    const refresh = wantsRefresh ? state.tokens.issueRefreshToken(grant.clientId, grant.orgId, grant.dataCentre, grant.scopes) : undefined;
    const access = state.tokens.mintAccessToken({ clientId: grant.clientId, orgId: grant.orgId, dataCentre: grant.dataCentre, scopes: grant.scopes }, refresh);
    return {
      status: 200,
      body: { access_token: access.token, ...(refresh ? { refresh_token: refresh.token } : {}), scope: grant.scopes.join(' '), ...tokenBase },
    };
  }

  const refresh = state.tokens.findRefreshToken(params.refresh_token ?? '');
  if (!refresh || refresh.dataCentre !== dataCentre || refresh.clientId !== app.clientId) return refused('invalid_code');
  if (!state.tokens.canMint(refresh)) return TOO_MANY_MINTS;
  const access = state.tokens.mintAccessToken({ clientId: refresh.clientId, orgId: refresh.orgId, dataCentre: refresh.dataCentre, scopes: refresh.scopes }, refresh);
  return { status: 200, body: { access_token: access.token, scope: refresh.scopes.join(' '), ...tokenBase } };
}

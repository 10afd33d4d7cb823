import express, { Router, type Response } from 'express';
import { isPkceSatisfied, readPkceChallenge } from '../../common/pkce';
import { isRedirectAllowed } from '../app-registry';
import { renderAuthorizeError, renderConsentPage } from '../consent-page';
import { createOAuthError } from '../errors';
import type { SandboxState } from '../sandbox-state';
import type { AccessTokenRecord, RefreshTokenRecord, TokenGrant } from '../token-store';

/**
 * HubSpot's OAuth 2.0 flow: the consent page at /oauth/authorize and the v1 token API
 * (/oauth/v1/token, /oauth/v1/access-tokens/:token, /oauth/v1/refresh-tokens/:token). An
 * authorize request with a PKCE challenge yields a code that only its verifier can exchange
 * (HubSpot's token API reference names `code_verifier`).
 */
export function createOAuthRoutes(state: SandboxState): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false });

  router.get('/oauth/authorize', (req, res) => {
    const query = req.query as Record<string, string | undefined>;
    const app = state.apps.find(query.client_id);
    if (!app) return sendPage(res, 400, renderAuthorizeError('The client_id is not the id of any app. Please contact the app developer.'));
    const redirectUri = query.redirect_uri ?? '';
    if (!redirectUri || !isRedirectAllowed(app, redirectUri)) {
      return sendPage(res, 400, renderAuthorizeError(`Authorization failed as the redirect URL '${redirectUri}' doesn't match the app's registered redirect URL.`));
    }
    const scopes = splitScopes(query.scope);
    if (scopes.length === 0) return sendPage(res, 400, renderAuthorizeError('Insufficient scopes were provided. Please contact the app developer.'));
    const portals = state.portals.list();
    if (portals.length === 0) return sendPage(res, 400, renderAuthorizeError('There is no HubSpot account to install this app into.'));
    const pkce = readPkceChallenge(query.code_challenge, query.code_challenge_method);
    if (pkce === 'invalid') return sendPage(res, 400, renderAuthorizeError('The code_challenge or code_challenge_method is invalid. Please contact the app developer.'));
    const consent = state.openConsent({ clientId: app.clientId, redirectUri, scopes, optionalScopes: splitScopes(query.optional_scope), state: query.state, pkce });
    return sendPage(res, 200, renderConsentPage(app, portals, consent));
  });

  router.post('/oauth/authorize', form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const consent = state.takeConsent(body.consent_id ?? '');
    const app = consent ? state.apps.find(consent.clientId) : undefined;
    if (!consent || !app) return sendPage(res, 400, renderAuthorizeError('This authorization request has expired or was already answered. Start again from the app.'));
    const target = new URL(consent.redirectUri);
    if (body.decision !== 'grant') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied access to the app.');
    } else {
      const portal = state.portals.find(Number(body.portal_id)) ?? state.portals.list()[0]!;
      const grant: TokenGrant = {
        hubId: portal.id,
        hubDomain: portal.domain,
        appId: app.appId,
        clientId: app.clientId,
        scopes: [...new Set([...consent.scopes, ...consent.optionalScopes])],
        userId: portal.userId,
        user: portal.userEmail,
      };
      target.searchParams.set('code', state.tokens.issueCode(grant, consent.redirectUri, state.options.authCodeTtlSeconds, consent.pkce).code);
    }
    if (consent.state !== undefined) target.searchParams.set('state', consent.state);
    return res.redirect(302, target.toString());
  });

  router.post('/oauth/v1/token', form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const grantType = body.grant_type;
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') throw createOAuthError('BAD_GRANT_TYPE', 'missing or unknown grant type');
    const app = state.apps.find(body.client_id);
    if (!app) throw createOAuthError('BAD_CLIENT_ID', 'missing or invalid client id');
    if (body.client_secret !== app.clientSecret) throw createOAuthError('BAD_CLIENT_SECRET', 'missing or invalid client secret');
    if (grantType === 'refresh_token') {
      const refresh = state.tokens.findRefreshToken(body.refresh_token ?? '');
      if (!refresh || refresh.revoked || refresh.clientId !== app.clientId) throw createOAuthError('BAD_REFRESH_TOKEN', 'missing or invalid refresh token');
      const access = state.tokens.mintAccessToken(refresh, state.options.accessTokenTtlSeconds, refresh.token);
      return res.json(toTokenResponse(access, refresh, state.now()));
    }
    const code = state.tokens.findCode(body.code ?? '');
    if (!code || code.used || code.clientId !== app.clientId) throw createOAuthError('BAD_AUTH_CODE', 'missing or unknown auth code');
    if (code.expiresAt <= state.now()) throw createOAuthError('EXPIRED_AUTH_CODE', 'auth code expired');
    if (body.redirect_uri !== code.redirectUri) throw createOAuthError('BAD_REDIRECT_URI', 'redirect_uri does not match the redirect_uri used to obtain the auth code');
    // HubSpot names no error of its own for PKCE; the code is as unusable as a bad one. It stays
    // unused, so the client holding the right verifier can still exchange it.
    if (!isPkceSatisfied(code.pkce, body.code_verifier)) {
      throw createOAuthError('BAD_AUTH_CODE', code.pkce ? 'missing or invalid code_verifier for this auth code' : 'code_verifier given for an auth code issued without a code_challenge');
    }
    code.used = true;
    const refresh = state.tokens.mintRefreshToken(code);
    const access = state.tokens.mintAccessToken(code, state.options.accessTokenTtlSeconds, refresh.token);
    return res.json(toTokenResponse(access, refresh, state.now()));
  });

  router.get('/oauth/v1/access-tokens/:token', (req, res) => {
    const access = state.tokens.findAccessToken(req.params.token);
    if (!access || access.revoked || access.expiresAt <= state.now()) throw createOAuthError('BAD_ACCESS_TOKEN', 'missing or invalid access token', 404);
    res.json({
      token: access.token,
      user: access.user,
      hub_domain: access.hubDomain,
      scopes: access.scopes,
      hub_id: access.hubId,
      app_id: access.appId,
      expires_in: secondsLeft(access, state.now()),
      user_id: access.userId,
      token_type: 'access',
      is_private_distribution: false,
    });
  });

  router.get('/oauth/v1/refresh-tokens/:token', (req, res) => {
    const refresh = state.tokens.findRefreshToken(req.params.token);
    if (!refresh || refresh.revoked) throw createOAuthError('BAD_REFRESH_TOKEN', 'missing or invalid refresh token', 404);
    res.json({
      token: refresh.token,
      user: refresh.user,
      hub_domain: refresh.hubDomain,
      scopes: refresh.scopes,
      hub_id: refresh.hubId,
      client_id: refresh.clientId,
      user_id: refresh.userId,
      token_type: 'refresh',
    });
  });

  // Deleting a refresh token uninstalls the app: the access tokens minted from it stop working too.
  router.delete('/oauth/v1/refresh-tokens/:token', (req, res) => {
    const refresh = state.tokens.findRefreshToken(req.params.token);
    if (!refresh || refresh.revoked) throw createOAuthError('BAD_REFRESH_TOKEN', 'missing or invalid refresh token', 404);
    state.tokens.revoke({ refreshToken: refresh.token });
    res.status(204).end();
  });

  return router;
}

/** The body of a successful token request, shaped as HubSpot returns it. */
export function toTokenResponse(access: AccessTokenRecord, refresh: RefreshTokenRecord, now: number) {
  return {
    token_type: 'bearer',
    refresh_token: refresh.token,
    access_token: access.token,
    expires_in: secondsLeft(access, now),
    hub_id: access.hubId,
    scopes: access.scopes,
  };
}

function secondsLeft(access: AccessTokenRecord, now: number): number {
  return Math.max(0, Math.round((access.expiresAt - now) / 1000));
}

function splitScopes(raw: string | undefined): string[] {
  return (raw ?? '').split(/[\s,]+/).filter(Boolean);
}

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).type('html').send(html);
}

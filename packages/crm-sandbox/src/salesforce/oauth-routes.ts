import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { Request, Response, Router } from 'express';
import { readPkceChallenge } from '../common/pkce';
import type { PkceChallenge } from '../common/pkce';
import { renderConsentPage, renderErrorPage } from './consent-page';
import type { OriginRole, SalesforceSandboxState } from './sandbox-state';
import { mintTokenResponse } from './token-responses';

const CONSENT_TTL_MS = 10 * 60_000;
const DEFAULT_SCOPE = 'api refresh_token';

/**
 * The web server flow on one origin (a login host or an org's My Domain): the consent page,
 * the token endpoint (authorization_code and refresh_token grants) and revoke.
 */
export function oauthRoutes(state: SalesforceSandboxState, role: OriginRole): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '20kb' });

  router.get('/services/oauth2/authorize', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const app = state.apps.get(q.client_id ?? '');
    if (!app) return void sendPage(res, 400, 'error=invalid_client_id', 'The client identifier is invalid: no connected app has this consumer key.');
    const redirectUri = q.redirect_uri ?? '';
    if (!app.redirectUris.includes(redirectUri)) return void sendPage(res, 400, 'error=redirect_uri_mismatch', 'The redirect_uri does not match the callback URL of the connected app.');
    const stateParam = q.state ?? null;
    if (q.response_type !== 'code') return void redirectWith(res, redirectUri, { error: 'unsupported_response_type', error_description: 'response type not supported', state: stateParam });
    // Salesforce hashes with SHA-256 only, so a challenge without a method is an S256 one (jsforce sends none).
    const pkce = readPkceChallenge(q.code_challenge, q.code_challenge_method || (q.code_challenge ? 'S256' : undefined));
    if (pkce === 'invalid') return void redirectWith(res, redirectUri, { error: 'invalid_request', error_description: 'invalid code challenge', state: stateParam });
    if (pkce === null && app.requirePkce) return void redirectWith(res, redirectUri, { error: 'invalid_request', error_description: 'missing required code challenge', state: stateParam });
    const requestId = randomBytes(18).toString('base64url');
    state.consents.set(requestId, { clientId: app.clientId, redirectUri, state: stateParam, scope: q.scope || DEFAULT_SCOPE, pkce, loginOrigin: state.originOf(role), expiresAtMs: state.now() + CONSENT_TTL_MS });
    const choices = state.orgsAt(role).flatMap((org) => org.users.map((user) => ({ value: `${org.id}:${user.id}`, orgName: org.name, username: user.username, isSandbox: org.isSandbox })));
    const hostLabel = role.kind === 'test' ? 'test.salesforce.com' : role.kind === 'login' ? 'login.salesforce.com' : role.org.name;
    res.type('html').send(renderConsentPage({ action: '/services/oauth2/authorize', requestId, appName: app.name, hostLabel, choices }));
  });

  router.post('/services/oauth2/authorize', form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const consent = state.consents.get(body.request_id ?? '');
    if (!consent || consent.expiresAtMs <= state.now()) return void sendPage(res, 400, 'Request Expired', 'This authorization request has expired. Start again from the application.');
    state.consents.delete(body.request_id ?? '');
    if (body.decision !== 'allow') return void redirectWith(res, consent.redirectUri, { error: 'access_denied', error_description: 'end-user denied authorization', state: consent.state });
    const [orgId, userId] = (body.account ?? '').split(':');
    const org = state.orgsAt(role).find((candidate) => candidate.id === orgId);
    const user = org?.users.find((candidate) => candidate.id === userId);
    if (!org || !user) return void sendPage(res, 400, 'Login Error', 'Please check your username and password. No such user for this login host.');
    const code = state.tokens.issueCode({ clientId: consent.clientId, redirectUri: consent.redirectUri, orgId: org.id, userId: user.id, pkce: consent.pkce, loginOrigin: consent.loginOrigin, scope: consent.scope });
    redirectWith(res, consent.redirectUri, { code, state: consent.state });
  });

  router.post('/services/oauth2/token', form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const basic = readBasicAuth(req);
    const clientId = body.client_id ?? basic?.id ?? '';
    const clientSecret = body.client_secret ?? basic?.secret;
    const app = state.apps.get(clientId);
    if (!app) return void tokenError(res, 'invalid_client_id', 'client identifier invalid');
    if (clientSecret !== undefined && clientSecret !== app.clientSecret) return void tokenError(res, 'invalid_client', 'invalid client credentials');

    if (body.grant_type === 'authorization_code') {
      const grant = state.tokens.takeCode(body.code ?? '');
      if (!grant || grant.clientId !== app.clientId) return void tokenError(res, 'invalid_grant', 'expired access/refresh token');
      if (grant.redirectUri !== body.redirect_uri) return void tokenError(res, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
      // A confidential web-server client proves itself with the secret, the PKCE verifier, or both.
      if (clientSecret === undefined && grant.pkce === null) return void tokenError(res, 'invalid_client', 'invalid client credentials');
      if (!verifierMatches(grant.pkce, body.code_verifier)) return void tokenError(res, 'invalid_grant', 'invalid code verifier');
      const org = state.findOrg(grant.orgId);
      const user = org?.users.find((candidate) => candidate.id === grant.userId);
      if (!org || !user) return void tokenError(res, 'invalid_grant', 'expired access/refresh token');
      const refresh = grant.scope.split(/\s+/).some((scope) => scope === 'refresh_token' || scope === 'offline_access' || scope === 'full')
        ? state.tokens.issueRefreshToken({ clientId: app.clientId, orgId: org.id, userId: user.id, loginOrigin: grant.loginOrigin, scope: grant.scope })
        : null;
      return void res.json(mintTokenResponse(state, { clientId: app.clientId, clientSecret: app.clientSecret, org, user, loginOrigin: grant.loginOrigin, scope: grant.scope, refresh, returnRefresh: true }));
    }

    if (body.grant_type === 'refresh_token') {
      if (clientSecret === undefined) return void tokenError(res, 'invalid_client', 'invalid client credentials');
      const refresh = state.tokens.findRefreshToken(body.refresh_token ?? '');
      if (!refresh || refresh.clientId !== app.clientId) return void tokenError(res, 'invalid_grant', 'expired access/refresh token');
      const org = state.findOrg(refresh.orgId);
      const user = org?.users.find((candidate) => candidate.id === refresh.userId);
      if (!org || !user) return void tokenError(res, 'invalid_grant', 'expired access/refresh token');
      let current = refresh;
      if (app.rotateRefreshTokens) {
        // Rotation: the old refresh token dies (its access tokens with it) and a new one is returned.
        state.tokens.revoke(refresh.token);
        current = state.tokens.issueRefreshToken({ clientId: refresh.clientId, orgId: refresh.orgId, userId: refresh.userId, loginOrigin: refresh.loginOrigin, scope: refresh.scope });
      }
      return void res.json(
        mintTokenResponse(state, { clientId: app.clientId, clientSecret: app.clientSecret, org, user, loginOrigin: refresh.loginOrigin, scope: refresh.scope, refresh: current, returnRefresh: app.rotateRefreshTokens }),
      );
    }
    tokenError(res, 'unsupported_grant_type', 'grant type not supported');
  });

  const revoke = (req: Request, res: Response) => {
    const token = ((req.body as Record<string, string> | undefined)?.token ?? (req.query.token as string | undefined) ?? '').trim();
    if (!token || !state.tokens.revoke(token)) return void tokenError(res, 'unsupported_token_type', 'this token type is not supported');
    res.status(200).end();
  };
  router.post('/services/oauth2/revoke', form, revoke);
  router.get('/services/oauth2/revoke', revoke);

  router.get('/id/:orgId/:userId', (req, res) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? (req.query.oauth_token as string | undefined);
    const access = token ? state.tokens.findAccessToken(token) : null;
    const org = state.findOrg(String(req.params.orgId));
    const user = org?.users.find((candidate) => candidate.id === req.params.userId);
    if (!access) return void res.status(403).type('text/plain').send('Bad_OAuth_Token');
    if (!org || !user || access.orgId !== org.id || access.userId !== user.id) return void res.status(403).type('text/plain').send('Bad_Id');
    const base = org.instanceUrl;
    res.json({
      id: `${access.loginOrigin}/id/${org.id}/${user.id}`,
      asserted_user: true,
      user_id: user.id,
      organization_id: org.id,
      username: user.username,
      nick_name: user.firstName.toLowerCase(),
      display_name: user.displayName,
      email: user.email,
      email_verified: true,
      first_name: user.firstName,
      last_name: user.lastName,
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      is_app_installed: true,
      urls: {
        rest: `${base}/services/data/v{version}/`,
        sobjects: `${base}/services/data/v{version}/sobjects/`,
        query: `${base}/services/data/v{version}/query/`,
        profile: `${base}/${user.id}`,
      },
    });
  });

  return router;
}

/**
 * The PKCE check at the token endpoint. Unlike RFC 7636, Salesforce takes verifiers longer than
 * 128 characters (jsforce sends 171), so only the hash is compared; a code issued without a
 * challenge must come without a verifier.
 */
function verifierMatches(pkce: PkceChallenge | null, verifier: string | undefined): boolean {
  if (pkce === null) return verifier === undefined || verifier === '';
  if (!verifier) return false;
  const derived = Buffer.from(pkce.method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier);
  const expected = Buffer.from(pkce.challenge);
  return derived.length === expected.length && timingSafeEqual(derived, expected);
}

function readBasicAuth(req: Request): { id: string; secret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString();
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function tokenError(res: Response, error: string, description: string): void {
  res.status(400).json({ error, error_description: description });
}

function redirectWith(res: Response, redirectUri: string, params: Record<string, string | null>): void {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  res.redirect(302, url.toString());
}

function sendPage(res: Response, status: number, title: string, message: string): void {
  res.status(status).type('html').send(renderErrorPage(title, message));
}

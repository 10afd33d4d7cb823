import { randomBytes } from 'node:crypto';
import express from 'express';
import { readPkceChallenge } from '../common/pkce';
import type { Request, Response, Router } from 'express';
import { renderConsentPage, renderErrorPage } from './consent-page';
import { accountsServerUrl } from './data-centres';
import { single } from './list-query';
import { isValidScope, parseScopes } from './scopes';
import type { ZohoSandboxState } from './sandbox-state';
import { baseUrlOf } from './urls';

const CONSENT_TTL_MS = 10 * 60_000;

/**
 * GET /oauth/v2/auth shows the consent page; its form posts back here. Problems Zoho cannot
 * safely redirect (unknown client, unregistered redirect_uri) are shown as a page; the others
 * go back to the client as `error` parameters, as OAuth prescribes.
 */
export function consentRoutes(state: ZohoSandboxState): Router {
  const router = express.Router();

  router.get('/oauth/v2/auth', (req, res) => {
    const clientId = single(req.query.client_id) ?? '';
    const redirectUri = single(req.query.redirect_uri) ?? '';
    const app = state.apps.get(clientId);
    if (!app) return void sendPage(res, 400, 'Invalid Client', 'The client_id is not registered with Zoho Accounts.');
    if (!app.redirectUris.includes(redirectUri)) return void sendPage(res, 400, 'Invalid Redirect Uri', 'The redirect_uri does not match the one registered for this client.');
    const stateParam = single(req.query.state) ?? null;
    if (single(req.query.response_type) !== 'code') return void redirectWith(res, redirectUri, { error: 'unsupported_response_type', state: stateParam });
    const scopes = parseScopes(single(req.query.scope) ?? '');
    if (scopes.length === 0 || !scopes.every(isValidScope)) return void redirectWith(res, redirectUri, { error: 'invalid_scope', state: stateParam });
    // Zoho documents code_challenge_method S256 or plain (default plain); anything else is refused.
    const pkce = readPkceChallenge(single(req.query.code_challenge), single(req.query.code_challenge_method));
    if (pkce === 'invalid') return void redirectWith(res, redirectUri, { error: 'invalid_request', state: stateParam });

    const requestId = randomBytes(18).toString('base64url');
    state.consents.set(requestId, {
      clientId,
      redirectUri,
      scopes,
      state: stateParam,
      accessType: single(req.query.access_type) === 'offline' ? 'offline' : 'online',
      prompt: single(req.query.prompt) ?? null,
      pkce,
      expiresAtMs: state.now() + CONSENT_TTL_MS,
    });
    // Every org is offered, whatever its data centre: the app is registered for multi-DC use.
    const accounts = [...state.orgs.values()].map((org) => {
      const dc = state.dataCentre(org.dataCentre);
      return { id: org.id, name: org.name, email: org.user.email, dataCentreName: dc?.name ?? org.dataCentre, domain: dc?.domain ?? '' };
    });
    res.type('html').send(renderConsentPage({ action: `${req.baseUrl}/oauth/v2/auth`, requestId, appName: app.name, scopes, accounts }));
  });

  router.post('/oauth/v2/auth', express.urlencoded({ extended: false, limit: '20kb' }), (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const requestId = single(body.request_id) ?? '';
    const consent = state.consents.get(requestId);
    if (!consent || consent.expiresAtMs <= state.now()) return void sendPage(res, 400, 'Request Expired', 'This authorization request has expired. Start again from the application.');
    state.consents.delete(requestId);
    if (single(body.decision) !== 'accept') return void redirectWith(res, consent.redirectUri, { error: 'access_denied', state: consent.state });

    const org = state.orgs.get(single(body.account_id) ?? '');
    if (!org) return void sendPage(res, 400, 'Unknown Account', 'Choose one of the listed accounts.');
    const grant = state.tokens.issueGrant({
      clientId: consent.clientId,
      redirectUri: consent.redirectUri,
      orgId: org.id,
      dataCentre: org.dataCentre,
      scopes: consent.scopes,
      accessType: consent.accessType,
      prompt: consent.prompt,
      pkce: consent.pkce,
    });
    // The code belongs to the account's data centre: the client must exchange it there.
    redirectWith(res, consent.redirectUri, {
      state: consent.state,
      code: grant.code,
      location: org.dataCentre,
      'accounts-server': accountsServerUrl(baseUrlOf(state, req), org.dataCentre),
    });
  });

  return router;
}

function redirectWith(res: Response, redirectUri: string, params: Record<string, string | null>): void {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  res.redirect(302, url.toString());
}

function sendPage(res: Response, status: number, title: string, message: string): void {
  res.status(status).type('html').send(renderErrorPage(title, message));
}

import type { RequestHandler } from 'express';
import type { ApiLocals } from './route-support';
import type { ZohoSandboxState } from './sandbox-state';
import type { ZohoDataCentre } from './types';
import { ZohoErrors, sendZohoError } from './zoho-errors';

/**
 * `Authorization: Zoho-oauthtoken <token>`. A missing header fails authentication; an unknown,
 * expired or revoked token, or one minted by another data centre, is an INVALID_TOKEN.
 */
export function authenticate(state: ZohoSandboxState): RequestHandler {
  return (req, res, next) => {
    const match = /^Zoho-oauthtoken\s+(\S+)$/.exec((req.get('authorization') ?? '').trim());
    if (!match?.[1]) return sendZohoError(res, ZohoErrors.authenticationFailure());
    const dataCentre = (res.locals as { dataCentre: ZohoDataCentre }).dataCentre;
    const token = state.tokens.findAccessToken(match[1]);
    const org = token ? state.orgs.get(token.orgId) : undefined;
    if (!token || !org || token.dataCentre !== dataCentre.location) return sendZohoError(res, ZohoErrors.invalidToken());
    Object.assign(res.locals, { org, scopes: token.scopes } satisfies Omit<ApiLocals, 'dataCentre'>);
    next();
  };
}

/** Takes one of the org's concurrency slots for the life of the request, or answers 429. */
export function admit(state: ZohoSandboxState): RequestHandler {
  return (req, res, next) => {
    const { org } = res.locals as ApiLocals;
    const data = (req.body as { data?: unknown } | undefined)?.data;
    const admission = state.limiter.admit(org, Array.isArray(data) ? data.length : 0);
    if (!admission.ok) return sendZohoError(res, ZohoErrors.tooManyRequests());
    res.once('close', admission.release);
    next();
  };
}

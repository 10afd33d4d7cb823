import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createExpiredAuthenticationError, createInvalidAuthenticationError, createMissingScopesError, createNotFoundError, createRateLimitError } from '../errors';
import type { Portal } from '../portal-registry';
import type { SandboxState } from '../sandbox-state';
import type { AccessTokenRecord } from '../token-store';

export const READ_SCOPE = 'crm.objects.contacts.read';
export const WRITE_SCOPE = 'crm.objects.contacts.write';
/** Reading contact properties (the field catalogue): HubSpot's contact properties reference requires it. */
export const SCHEMAS_READ_SCOPE = 'crm.schemas.contacts.read';
/** The legacy scope granted before granular scopes; HubSpot still honours it. */
const LEGACY_CONTACTS_SCOPE = 'contacts';

type CrmLocals = { access: AccessTokenRecord; portal: Portal };

export function crmContext(res: Response): CrmLocals {
  return res.locals as CrmLocals;
}

/** A path parameter as one string (Express types allow arrays for wildcard routes). */
export function pathParam(req: Request, name: string): string {
  const value: unknown = req.params[name];
  if (typeof value !== 'string') throw createNotFoundError();
  return value;
}

/** Bearer authentication: HubSpot's 401 bodies for missing, unknown, revoked and expired tokens. */
export function authenticate(state: SandboxState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const access = match ? state.tokens.findAccessToken(match[1]!) : undefined;
    const portal = access ? state.portals.find(access.hubId) : undefined;
    if (!access || access.revoked || !portal) throw createInvalidAuthenticationError();
    if (access.expiresAt <= state.now()) throw createExpiredAuthenticationError(access.expiresAt, state.now());
    Object.assign(res.locals, { access, portal } satisfies CrmLocals);
    next();
  };
}

/** Per-portal limits: search has its own per-second allowance and no headers; every other call shares the 10-second window. */
export function limitRate(state: SandboxState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const { portal } = crmContext(res);
    const isSearch = req.method === 'POST' && req.path.endsWith('/search');
    const decision = isSearch ? state.rateLimiter.admitSearch(portal.id, state.now()) : state.rateLimiter.admitApiCall(portal.id, state.now());
    if (!decision.allowed) throw createRateLimitError(decision.policy, decision.headers);
    res.set(decision.headers);
    next();
  };
}

/** Refuses with 403 MISSING_SCOPES unless the token holds `scope` (or the legacy `contacts` scope). */
export function requireScope(scope: string): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const { access } = crmContext(res);
    if (!access.scopes.includes(scope) && !access.scopes.includes(LEGACY_CONTACTS_SCOPE)) throw createMissingScopesError([scope]);
    next();
  };
}

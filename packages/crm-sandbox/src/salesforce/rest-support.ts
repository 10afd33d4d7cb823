import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SalesforceError, sendSalesforceError, sfErrors } from './errors';
import type { SalesforceOrg, SalesforceUser } from './org';
import type { SalesforceSandboxState } from './sandbox-state';
import { findType } from './schema';
import type { SObjectType } from './schema';
import { compileSoql, SoqlError } from './soql/compile';
import type { CompiledQuery } from './soql/compile';

export type RestLocals = { org: SalesforceOrg; user: SalesforceUser; version: string };

export function localsOf(res: Response): RestLocals {
  return res.locals as RestLocals;
}

/** Wraps a handler so SalesforceErrors (and anything unexpected) become Salesforce's error arrays. */
export function handle(fn: (req: Request, res: Response) => void | Promise<void>): RequestHandler {
  return (req, res) => {
    Promise.resolve()
      .then(() => fn(req, res))
      .catch((error: unknown) => sendError(res, error));
  };
}

export function sendError(res: Response, error: unknown): void {
  if (error instanceof SalesforceError) return sendSalesforceError(res, error);
  if (error instanceof SoqlError) return sendSalesforceError(res, new SalesforceError(400, error.errorCode, error.message));
  console.error('salesforce sandbox: unexpected error', error);
  sendSalesforceError(res, new SalesforceError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1717171717-00000 (-1)'));
}

/** `Authorization: Bearer <token>` of this org; anything else is INVALID_SESSION_ID. */
export function authenticate(state: SalesforceSandboxState, role: { org: SalesforceOrg }): RequestHandler {
  return (req, res, next) => {
    const org = role.org;
    const token = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const access = token ? state.tokens.findAccessToken(token) : null;
    const user = access && access.orgId === org.id ? org.users.find((candidate) => candidate.id === access.userId) : undefined;
    if (!user) return sendSalesforceError(res, sfErrors.invalidSession());
    Object.assign(res.locals, { org, user } satisfies Omit<RestLocals, 'version'>);
    next();
  };
}

/** Counts the request against the rolling daily allowance and reports it in Sforce-Limit-Info. */
export function meter(): RequestHandler {
  return (_req, res, next) => {
    const { org } = localsOf(res);
    const admitted = org.usage.take();
    res.setHeader('Sforce-Limit-Info', `api-usage=${org.usage.used()}/${org.usage.max}`);
    if (!admitted) return sendSalesforceError(res, sfErrors.limitExceeded());
    next();
  };
}

export function checkVersion(req: Request, res: Response, next: NextFunction): void {
  const version = String(req.params.version ?? '');
  if (!/^v\d+\.\d$/.test(version)) return sendSalesforceError(res, sfErrors.notFound());
  (res.locals as RestLocals).version = version.slice(1);
  next();
}

export function typeParam(req: Request): SObjectType {
  const name = String(req.params.type ?? '');
  const type = findType(name);
  if (!type) throw sfErrors.notFound(`The requested resource does not exist`);
  return type;
}

export function compile(soql: string | undefined, state: SalesforceSandboxState, org: SalesforceOrg): CompiledQuery {
  if (!soql || soql.trim() === '') throw sfErrors.malformedQuery('A query string has to be specified');
  return compileSoql(soql, state.now(), org.schema);
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ZohoOrg } from './org';
import { grants } from './scopes';
import type { ScopeNeed } from './scopes';
import type { ZohoDataCentre, ZohoLimits } from './types';
import { ZohoApiError, ZohoErrors, sendZohoError } from './zoho-errors';

/** What the API middleware learned about a request: its data centre, org and token scopes. */
export type ApiLocals = { dataCentre: ZohoDataCentre; org: ZohoOrg; scopes: string[] };

export function apiLocals(res: Response): ApiLocals {
  return res.locals as ApiLocals;
}

/** Runs a handler and writes Zoho's error body for a ZohoApiError; anything else becomes INTERNAL_ERROR. */
export function zohoRoute(handler: (req: Request, res: Response) => void | Promise<void>): RequestHandler {
  return async (req: Request, res: Response, _next: NextFunction) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof ZohoApiError) sendZohoError(res, error);
      else {
        console.error('zoho sandbox: unexpected error', error);
        sendZohoError(res, ZohoErrors.internal());
      }
    }
  };
}

export function requireScope(res: Response, need: ScopeNeed): void {
  if (!grants(apiLocals(res).scopes, need)) throw ZohoErrors.scopeMismatch();
}

export type ModuleName = 'Contacts' | 'Calls';

/** Zoho matches module API names without regard to case. */
export function moduleOf(raw: string | string[] | undefined): ModuleName {
  const name = (Array.isArray(raw) ? raw[0] : raw)?.toLowerCase();
  if (name === 'contacts') return 'Contacts';
  if (name === 'calls') return 'Calls';
  throw ZohoErrors.invalidModule();
}

export function pathParam(req: Request, name: string): string {
  const value = (req.params as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** The `data` array of a write, within Zoho's per-call record limit. */
export function recordsOf(body: unknown, limits: ZohoLimits): unknown[] {
  if (body === undefined) throw ZohoErrors.requiredParam('data');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw ZohoErrors.invalidBody();
  const data = (body as { data?: unknown }).data;
  if (data === undefined) throw ZohoErrors.requiredParam('data');
  if (!Array.isArray(data) || data.length === 0) throw new ZohoApiError(400, { code: 'INVALID_DATA', details: { api_name: 'data', expected_data_type: 'jsonarray' }, message: 'invalid data', status: 'error' });
  if (data.length > limits.maxRecordsPerWrite) throw ZohoErrors.limitExceeded({ limit: limits.maxRecordsPerWrite, api_name: 'data' });
  return data;
}

import express from 'express';
import type { Router } from 'express';
import type { CustomView } from './custom-views';
import { single } from './list-query';
import type { ZohoOrg } from './org';
import { apiLocals, moduleOf, requireScope, zohoRoute } from './route-support';
import type { ZohoLimits } from './types';
import { ZohoApiError, ZohoErrors, zohoError } from './zoho-errors';

const MAX_PER_PAGE = 200;

/**
 * GET /crm/v8/settings/custom_views?module=Contacts: the module's custom views. Needs
 * ZohoCRM.settings.custom_views.READ (or .ALL, or ZohoCRM.settings.ALL); a token without it gets
 * Zoho's 401 OAUTH_SCOPE_MISMATCH. Their records are read with GET /crm/v8/Contacts?cvid=… (see listViewRecords).
 */
export function customViewsRoutes(): Router {
  const router = express.Router();
  router.get('/settings/custom_views', zohoRoute((req, res) => {
    requireScope(res, { kind: 'custom_views' });
    const moduleName = single(req.query.module);
    if (moduleName === undefined || moduleName === '') throw ZohoErrors.requiredParam('module');
    if (moduleOf(moduleName) !== 'Contacts') throw ZohoErrors.invalidModule();
    const { org } = apiLocals(res);
    const views = org.views.list();
    if (views.length === 0) return void res.status(204).end();
    res.json({ custom_views: views.map((view) => renderView(view)), info: { per_page: views.length, default: views[0]!.id, count: views.length, page: 1, more_records: false } });
  }));
  return router;
}

/**
 * The records of a view, ids and the fields asked for aside (the sandbox answers `id` alone), in
 * id order. As Zoho's Get Records: `page` reaches the first `discretePagingLimit` records only
 * (past them a 400 DISCRETE_PAGINATION_LIMIT_EXCEEDED), `next_page_token` goes on from any page,
 * and `page` with `page_token` is ambiguous. The token is bound to its view.
 */
export function listViewRecords(org: ZohoOrg, query: Record<string, unknown>, limits: Pick<ZohoLimits, 'discretePagingLimit'>): { status: number; body?: unknown } {
  const view = org.views.find(single(query.cvid) ?? '');
  if (!view) throw ZohoErrors.invalidParam('cvid');
  const perPage = readPositive(query.per_page, 200, 'per_page');
  if (perPage > MAX_PER_PAGE) throw ZohoErrors.invalidParam('per_page');
  const pageToken = single(query.page_token);
  if (pageToken !== undefined && query.page !== undefined) {
    throw new ZohoApiError(400, zohoError('AMBIGUITY_DURING_PROCESSING', 'You cannot use both page and page_token', { ambiguity_due_to: [{ param_name: 'page' }, { param_name: 'page_token' }] }));
  }
  const live = [...view.members].filter((id) => org.contacts.get(id) !== null).sort();
  let start: number;
  let page: number;
  if (pageToken === undefined) {
    page = readPositive(query.page, 1, 'page');
    if (page * perPage > limits.discretePagingLimit) {
      throw new ZohoApiError(400, zohoError('DISCRETE_PAGINATION_LIMIT_EXCEEDED', `You can only get the first ${limits.discretePagingLimit} records without using page_token param.`, { limit: limits.discretePagingLimit }));
    }
    start = (page - 1) * perPage;
  } else {
    const position = readViewToken(pageToken, view.id);
    // Keyset: the first member after the last one served, so members added or removed meanwhile shift nothing.
    start = live.findIndex((id) => id > position.after);
    if (start === -1) start = live.length;
    page = position.page;
  }
  const slice = live.slice(start, start + perPage);
  if (slice.length === 0) return { status: 204 };
  const more = start + perPage < live.length;
  const next = more ? encodeViewToken({ cvid: view.id, after: slice.at(-1)!, page: page + 1 }) : null;
  return { status: 200, body: { data: slice.map((id) => ({ id })), info: { per_page: perPage, count: slice.length, page, more_records: more, next_page_token: next } } };
}

type ViewToken = { cvid: string; after: string; page: number };

function encodeViewToken(token: ViewToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function readViewToken(raw: string, cvid: string): ViewToken {
  let token: Partial<ViewToken> | null = null;
  try {
    token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<ViewToken>;
  } catch {
    // Falls through to Zoho's refusal.
  }
  if (!token || typeof token.after !== 'string' || typeof token.page !== 'number') throw ZohoErrors.invalidParam('page_token');
  if (token.cvid !== cvid) {
    throw new ZohoApiError(400, zohoError('TOKEN_BOUND_DATA_MISMATCH', 'The page_token given seems to be invalid or input param is added, altered, or deleted', { param_name: 'page_token' }));
  }
  return token as ViewToken;
}

function readPositive(value: unknown, fallback: number, name: string): number {
  const raw = single(value);
  if (raw === undefined) return fallback;
  const number = Number(raw);
  if (!Number.isInteger(number) || number < 1) throw ZohoErrors.invalidParam(name);
  return number;
}

function renderView(view: CustomView): Record<string, unknown> {
  return {
    id: view.id,
    name: view.name,
    display_value: view.name,
    system_name: null,
    system_defined: false,
    category: 'created_by_me',
    default: false,
    favorite: null,
    created_time: new Date(view.createdAtMs).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
  };
}

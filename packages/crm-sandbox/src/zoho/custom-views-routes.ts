import express from 'express';
import type { Router } from 'express';
import type { CustomView } from './custom-views';
import { single } from './list-query';
import type { ZohoOrg } from './org';
import { apiLocals, moduleOf, requireScope, zohoRoute } from './route-support';
import { ZohoErrors } from './zoho-errors';

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

/** The records of a view, ids and the fields asked for aside (the sandbox answers `id` alone), paged by `page`. */
export function listViewRecords(org: ZohoOrg, query: Record<string, unknown>): { status: number; body?: unknown } {
  const view = org.views.find(single(query.cvid) ?? '');
  if (!view) throw ZohoErrors.invalidParam('cvid');
  const perPage = readPositive(query.per_page, 200, 'per_page');
  if (perPage > MAX_PER_PAGE) throw ZohoErrors.invalidParam('per_page');
  const page = readPositive(query.page, 1, 'page');
  const live = [...view.members].filter((id) => org.contacts.get(id) !== null).sort();
  const slice = live.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return { status: 204 };
  return { status: 200, body: { data: slice.map((id) => ({ id })), info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < live.length } } };
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

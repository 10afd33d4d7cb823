import express from 'express';
import type { Router } from 'express';
import { single } from './list-query';
import type { ZohoOrg } from './org';
import { apiLocals, pathParam, requireScope, zohoRoute } from './route-support';
import type { ZohoSandboxState } from './sandbox-state';
import { ZohoErrors } from './zoho-errors';
import { formatZohoTime } from './zoho-time';

const USER_TYPES = ['AllUsers', 'ActiveUsers', 'CurrentUser', 'AdminUsers', 'ActiveConfirmedUsers', 'ConfirmedUsers', 'DeactiveUsers', 'NotConfirmedUsers'];
/** The sandbox's only user is active, confirmed and an administrator. */
const TYPES_WITHOUT_THE_USER = ['DeactiveUsers', 'NotConfirmedUsers'];

/** GET /crm/v8/org and /crm/v8/users: how a client learns which org and user a token belongs to. */
export function orgRoutes(state: ZohoSandboxState): Router {
  const router = express.Router();

  router.get('/org', zohoRoute((_req, res) => {
    requireScope(res, { kind: 'org' });
    res.json({ org: [renderOrg(apiLocals(res).org, state)] });
  }));

  router.get('/users', zohoRoute((req, res) => {
    requireScope(res, { kind: 'users' });
    const type = single(req.query.type) ?? 'AllUsers';
    if (!USER_TYPES.includes(type)) throw ZohoErrors.invalidParam('type', { supported_values: USER_TYPES });
    if (TYPES_WITHOUT_THE_USER.includes(type)) return void res.status(204).end();
    res.json({ users: [renderUser(apiLocals(res).org)], info: { per_page: 200, count: 1, page: 1, more_records: false } });
  }));

  router.get('/users/:id', zohoRoute((req, res) => {
    requireScope(res, { kind: 'users' });
    const { org } = apiLocals(res);
    if (pathParam(req, 'id') !== org.user.id) return void res.status(204).end();
    res.json({ users: [renderUser(org)] });
  }));

  return router;
}

function renderOrg(org: ZohoOrg, state: ZohoSandboxState): Record<string, unknown> {
  const dc = state.dataCentre(org.dataCentre);
  return {
    id: org.id,
    company_name: org.name,
    domain_name: `org${org.zgid}`,
    alias: null,
    primary_email: org.user.email,
    primary_zuid: org.user.zuid,
    zgid: org.zgid,
    country: dc?.name ?? null,
    country_code: org.dataCentre.toUpperCase(),
    time_zone: org.timeZone.name,
    currency: 'US Dollar',
    currency_symbol: '$',
    currency_locale: 'en_US',
    iso_code: 'USD',
    mc_status: false,
    type: 'Production',
    max_per_page: state.limits.maxPerPage,
    license_details: { paid: org.edition !== 'free', paid_type: org.edition, trial_type: null, users_license_purchased: 1 },
    created_time: formatZohoTime(org.createdAtMs, org.timeZone.offsetMinutes),
  };
}

function renderUser(org: ZohoOrg): Record<string, unknown> {
  return {
    id: org.user.id,
    zuid: org.user.zuid,
    first_name: org.user.firstName,
    last_name: org.user.lastName,
    full_name: org.user.name,
    email: org.user.email,
    status: 'active',
    confirm: true,
    role: { name: 'CEO', id: `${org.code}600000000001` },
    profile: { name: 'Administrator', id: `${org.code}500000000001` },
    time_zone: org.timeZone.name,
    locale: 'en_US',
    created_time: formatZohoTime(org.createdAtMs, org.timeZone.offsetMinutes),
  };
}

import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { AdminError } from '../zoho/admin-error';
import type { SalesforceSandboxAdmin } from './admin';
import {
  ZCreateListView,
  ZAdvanceClock,
  ZApiLimit,
  ZCreateApp,
  ZCreateContactField,
  ZConvertLead,
  ZDeleteContactField,
  ZFields,
  ZLogQuery,
  ZMintToken,
  ZRevoke,
  ZSalesforceFaultRule,
  ZSetClock,
  ZUpdateContactField,
} from './admin-schemas';

/**
 * The admin API under /_admin on the loginUrl origin. Each route validates its input with zod and
 * calls the in-process admin; refusals are { error: { code, message, details? } }.
 */
export function adminRoutes(admin: SalesforceSandboxAdmin): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  const route = (handler: (req: Request) => unknown, status = 200) => (req: Request, res: Response) => {
    Promise.resolve()
      .then(() => handler(req))
      .then((result) => (result === undefined ? res.status(204).end() : res.status(status).json(result)))
      .catch((error: unknown) => sendAdminError(res, error));
  };
  const p = (req: Request, name: string) => String(req.params[name]);

  router.get('/orgs', route(() => admin.listOrgs()));
  router.get('/apps', route(() => admin.listApps()));
  router.post('/apps', route((req) => admin.createApp(ZCreateApp.parse(req.body)), 201));
  router.post('/orgs/:orgId/tokens', route((req) => admin.mintToken(p(req, 'orgId'), ZMintToken.parse(req.body ?? {})), 201));
  router.post('/orgs/:orgId/tokens/expire', route((req) => admin.expireAccessTokens(p(req, 'orgId'))));
  router.put('/orgs/:orgId/api-limit', route((req) => admin.setApiLimit(p(req, 'orgId'), ZApiLimit.parse(req.body))));
  router.post('/orgs/:orgId/listviews', route((req) => admin.createListView(p(req, 'orgId'), ZCreateListView.parse(req.body)), 201));
  router.get('/orgs/:orgId/tasks', route((req) => admin.listTasks(p(req, 'orgId'))));
  router.post('/orgs/:orgId/leads/:id/convert', route((req) => admin.convertLead(p(req, 'orgId'), p(req, 'id'), ZConvertLead.parse(req.body ?? {}))));
  router.post('/orgs/:orgId/sobjects/:type', route((req) => admin.createRecord(p(req, 'orgId'), p(req, 'type'), ZFields.parse(req.body).fields), 201));
  router.get('/orgs/:orgId/sobjects/:type/:id', route((req) => admin.getRecord(p(req, 'orgId'), p(req, 'type'), p(req, 'id'))));
  router.patch('/orgs/:orgId/sobjects/:type/:id', route((req) => admin.updateRecord(p(req, 'orgId'), p(req, 'type'), p(req, 'id'), ZFields.parse(req.body).fields)));
  router.delete('/orgs/:orgId/sobjects/:type/:id', route((req) => admin.deleteRecord(p(req, 'orgId'), p(req, 'type'), p(req, 'id'))));
  router.post('/orgs/:orgId/fields', route((req) => admin.createContactField(p(req, 'orgId'), ZCreateContactField.parse(req.body)), 201));
  router.patch('/orgs/:orgId/fields/:name', route((req) => admin.updateContactField(p(req, 'orgId'), p(req, 'name'), ZUpdateContactField.parse(req.body ?? {}))));
  router.delete('/orgs/:orgId/fields/:name', route((req) => admin.deleteContactField(p(req, 'orgId'), p(req, 'name'), ZDeleteContactField.parse(req.query))));
  router.post('/orgs/:orgId/warm', route((req) => admin.warmUp(p(req, 'orgId'))));
  router.post('/tokens/revoke', route((req) => admin.revokeToken(ZRevoke.parse(req.body).token)));
  router.get('/faults', route(() => admin.listFaults()));
  router.post('/faults', route((req) => admin.addFault(ZSalesforceFaultRule.parse(req.body)), 201));
  router.delete('/faults', route(() => admin.clearFaults()));
  router.get('/counters', route(() => admin.counters()));
  router.get('/requests', route((req) => admin.requestLog(ZLogQuery.parse(req.query).limit)));
  router.get('/clock', route(() => ({ now: new Date(admin.now()).toISOString() })));
  router.post('/clock', route((req) => admin.setClock(ZSetClock.parse(req.body).now)));
  router.post('/clock/advance', route((req) => admin.advanceClock(ZAdvanceClock.parse(req.body).ms)));
  router.post('/reset', route(() => admin.reset()));
  router.use((_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'No such admin endpoint' } }));
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => sendAdminError(res, error));
  return router;
}

function sendAdminError(res: Response, error: unknown): void {
  if (error instanceof z.ZodError) res.status(400).json({ error: { code: 'invalid_request', message: z.prettifyError(error), details: error.issues } });
  else if (error instanceof AdminError) res.status(error.status).json({ error: { code: error.code, message: error.message } });
  else if ((error as { type?: string }).type === 'entity.parse.failed') res.status(400).json({ error: { code: 'invalid_request', message: 'The body is not valid JSON' } });
  else {
    console.error('salesforce sandbox admin: unexpected error', error);
    res.status(500).json({ error: { code: 'internal', message: 'Unexpected error' } });
  }
}

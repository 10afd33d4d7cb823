import express from 'express';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { createZohoAdmin } from './admin';
import type { ZohoSandboxAdmin } from './admin';
import { AdminError } from './admin-error';
import {
  ZAdvanceClock,
  ZCreateAccount,
  ZCreateApp,
  ZDeleteContacts,
  ZFaultRule,
  ZLogQuery,
  ZMintToken,
  ZModifyContacts,
  ZCreateCustomView,
  ZChangeCustomViewMembers,
  ZTokenTarget,
  ZUpdateAccount,
  ZWaitForNotifications,
} from './admin-schemas';
import type { TCreateContactField, TDeleteContactField, TUpdateContactField } from './admin-schemas';
import { pathParam } from './route-support';
import type { ZohoSandboxState } from './sandbox-state';
import { baseUrlOf } from './urls';

/**
 * The admin API under /__sandbox. Each route validates its input with zod, calls the admin
 * operation and writes its result; refusals are { error: { code, message, details? } }.
 */
export function adminRoutes(state: ZohoSandboxState): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  const route = (handler: (admin: ZohoSandboxAdmin, req: Request) => unknown, status = 200) => (req: Request, res: Response) => {
    try {
      const result = handler(createZohoAdmin(state, () => baseUrlOf(state, req)), req);
      if (result === undefined) res.status(204).end();
      else res.status(status).json(result);
    } catch (error) {
      sendAdminError(res, error);
    }
  };
  const id = (req: Request) => pathParam(req, 'id');

  router.get('/data-centres', route((admin) => admin.dataCentres()));
  router.get('/accounts', route((admin) => admin.listAccounts()));
  router.post('/accounts', route((admin, req) => admin.createAccount(ZCreateAccount.parse(req.body)), 201));
  router.patch('/accounts/:id', route((admin, req) => admin.updateAccount(id(req), ZUpdateAccount.parse(req.body))));
  router.delete('/accounts/:id', route((admin, req) => admin.deleteAccount(id(req))));
  router.post('/accounts/:id/tokens', route((admin, req) => admin.mintToken(id(req), ZMintToken.parse(req.body ?? {})), 201));
  router.post('/accounts/:id/contacts/modify', route((admin, req) => admin.modifyContacts(id(req), ZModifyContacts.parse(req.body))));
  router.post('/accounts/:id/contacts/delete', route((admin, req) => admin.deleteContacts(id(req), ZDeleteContacts.parse(req.body))));
  router.post('/accounts/:id/contact-fields', route((admin, req) => admin.createContactField(id(req), req.body as TCreateContactField), 201));
  router.patch('/accounts/:id/contact-fields/:name', route((admin, req) => admin.updateContactField(id(req), pathParam(req, 'name'), req.body as TUpdateContactField)));
  router.delete('/accounts/:id/contact-fields/:name', route((admin, req) => admin.deleteContactField(id(req), pathParam(req, 'name'), (req.body ?? {}) as TDeleteContactField)));
  router.post('/accounts/:id/custom-views', route((admin, req) => admin.createCustomView(id(req), ZCreateCustomView.parse(req.body)), 201));
  router.post('/accounts/:id/custom-views/:viewId/members', route((admin, req) => admin.changeCustomViewMembers(id(req), pathParam(req, 'viewId'), ZChangeCustomViewMembers.parse(req.body ?? {}))));
  router.get('/apps', route((admin) => admin.listApps()));
  router.post('/apps', route((admin, req) => admin.createApp(ZCreateApp.parse(req.body)), 201));
  router.post('/tokens/expire', route((admin, req) => admin.expireTokens(ZTokenTarget.parse(req.body))));
  router.post('/tokens/revoke', route((admin, req) => admin.revokeTokens(ZTokenTarget.parse(req.body))));
  router.get('/faults', route((admin) => admin.listFaults()));
  router.post('/faults', route((admin, req) => admin.addFault(ZFaultRule.parse(req.body)), 201));
  router.delete('/faults', route((admin) => admin.clearFaults()));
  router.get('/counters', route((admin) => admin.counters()));
  router.get('/requests', route((admin, req) => admin.requestLog(ZLogQuery.parse(req.query).limit)));
  router.get('/accounts/:id/watch', route((admin, req) => admin.listWatchChannels(id(req))));
  router.get('/notifications', route((admin, req) => admin.notificationDeliveries(ZLogQuery.parse(req.query).limit)));
  // Waits (up to timeoutMs) until every notification is out: 200 when idle, 504 when still busy.
  router.post('/notifications/idle', (req, res) => {
    void (async () => {
      try {
        const { timeoutMs } = ZWaitForNotifications.parse(req.body ?? {});
        const idle = await createZohoAdmin(state, () => baseUrlOf(state, req)).waitForNotifications(timeoutMs);
        if (idle) res.json({ idle: true });
        else res.status(504).json({ error: { code: 'timeout', message: `Notifications still pending after ${timeoutMs} ms` } });
      } catch (error) {
        sendAdminError(res, error);
      }
    })();
  });
  router.get('/clock', route((admin) => ({ now: new Date(admin.now()).toISOString() })));
  router.post('/clock/advance', route((admin, req) => admin.advanceClock(ZAdvanceClock.parse(req.body).ms)));
  router.post('/reset', route((admin) => admin.reset()));
  router.use((_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'No such admin endpoint' } }));
  router.use((error: unknown, _req: Request, res: Response, _next: express.NextFunction) => sendAdminError(res, error));
  return router;
}

function sendAdminError(res: Response, error: unknown): void {
  if (error instanceof z.ZodError) {
    res.status(400).json({ error: { code: 'invalid_request', message: z.prettifyError(error), details: error.issues } });
  } else if (error instanceof AdminError) {
    res.status(error.status).json({ error: { code: error.code, message: error.message } });
  } else if ((error as { type?: string }).type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'invalid_request', message: 'The body is not valid JSON' } });
  } else {
    console.error('zoho sandbox admin: unexpected error', error);
    res.status(500).json({ error: { code: 'internal', message: 'Unexpected error' } });
  }
}

import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { ADMIN_ERROR_STATUS, AdminError, type HubSpotAdmin } from '../admin';

/**
 * The admin API under /__sandbox, for tests and benchmarks only: the same operations as the
 * in-process admin object. Errors use our own vocabulary, `{ error: { code, message, details } }`,
 * since HubSpot has no such API to imitate.
 */
export function createAdminRoutes(admin: HubSpotAdmin): Router {
  const router = Router();
  router.use(express.json());

  // Lists come back as bare arrays, as the Zoho sandbox's admin API answers.
  router.get('/accounts', (_req, res) => {
    res.json(admin.listAccounts());
  });
  router.post('/accounts', (req, res) => {
    res.status(201).json(admin.createAccount(req.body));
  });
  router.get('/accounts/:id', (req, res) => {
    res.json(admin.getAccount(accountId(req)));
  });
  router.patch('/accounts/:id', (req, res) => {
    res.json(admin.updateAccount(accountId(req), req.body));
  });
  router.delete('/accounts/:id', (req, res) => {
    admin.deleteAccount(accountId(req));
    res.status(204).end();
  });
  router.post('/accounts/:id/contacts/modify', (req, res) => {
    res.json(admin.modifyContacts(accountId(req), req.body));
  });
  router.post('/accounts/:id/contacts/delete', (req, res) => {
    res.json(admin.deleteContacts(accountId(req), req.body));
  });
  router.post('/accounts/:id/contact-fields', (req, res) => {
    res.status(201).json(admin.createContactField(accountId(req), req.body));
  });
  router.patch('/accounts/:id/contact-fields/:name', (req, res) => {
    res.json(admin.updateContactField(accountId(req), req.params.name, req.body ?? {}));
  });
  router.delete('/accounts/:id/contact-fields/:name', (req, res) => {
    admin.deleteContactField(accountId(req), req.params.name, req.body ?? {});
    res.status(204).end();
  });
  router.post('/accounts/:id/lists', (req, res) => {
    res.status(201).json(admin.createList(accountId(req), req.body));
  });
  router.post('/accounts/:id/lists/:listId/members', (req, res) => {
    res.json(admin.changeListMembers(accountId(req), req.params.listId, req.body ?? {}));
  });
  router.delete('/accounts/:id/lists/:listId', (req, res) => {
    admin.deleteList(accountId(req), req.params.listId);
    res.status(204).end();
  });
  router.post('/accounts/:id/tokens', (req, res) => {
    res.status(201).json(admin.mintToken(accountId(req), req.body ?? {}));
  });

  router.get('/apps', (_req, res) => {
    res.json(admin.listApps());
  });
  router.post('/apps', (req, res) => {
    res.status(201).json(admin.createApp(req.body));
  });

  router.post('/tokens/expire', (req, res) => {
    res.json(admin.expireTokens(req.body ?? {}));
  });
  router.post('/tokens/revoke', (req, res) => {
    res.json(admin.revokeTokens(req.body ?? {}));
  });

  router.get('/faults', (_req, res) => {
    res.json(admin.listFaults());
  });
  router.post('/faults', (req, res) => {
    res.status(201).json(admin.addFault(req.body));
  });
  router.delete('/faults', (_req, res) => {
    admin.clearFaults();
    res.status(204).end();
  });
  router.delete('/faults/:id', (req, res) => {
    if (!admin.removeFault(req.params.id)) res.status(404).json({ error: { code: 'fault_not_found', message: `No fault with id ${req.params.id}` } });
    else res.status(204).end();
  });

  router.get('/counters', (_req, res) => {
    res.json(admin.counters());
  });
  router.get('/requests', (req, res) => {
    const limit = req.query.limit === undefined ? undefined : Number(req.query.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new AdminError('invalid_admin_input', 'limit must be a non-negative integer');
    res.json(admin.requestLog(limit));
  });
  router.get('/clock', (_req, res) => {
    res.json({ now: new Date(admin.now()).toISOString() });
  });
  router.post('/clock/advance', (req, res) => {
    const body = (req.body ?? {}) as { ms?: unknown };
    res.json(admin.advanceClock(typeof body.ms === 'number' ? body.ms : NaN));
  });
  router.post('/reset', (_req, res) => {
    admin.reset();
    res.status(204).end();
  });

  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No such admin endpoint' } });
  });
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof AdminError) {
      res.status(ADMIN_ERROR_STATUS[error.code]).json({ error: { code: error.code, message: error.message, details: error.details } });
      return;
    }
    if (isBodyParseError(error)) {
      res.status(400).json({ error: { code: 'invalid_admin_input', message: 'The request body is not valid JSON' } });
      return;
    }
    next(error);
  });
  return router;
}

function accountId(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id <= 0) throw new AdminError('invalid_admin_input', `"${String(req.params.id)}" is not an account id`);
  return id;
}

function isBodyParseError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'entity.parse.failed';
}

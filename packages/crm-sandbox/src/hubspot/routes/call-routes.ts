import { Router } from 'express';
import { z } from 'zod';
import { checkCallInput, DEFAULT_CALL_PROPERTIES, toCallObject, ZCreateCallBody } from '../call-input';
import type { CallRecord } from '../call-store';
import { parseCrmBody } from '../contact-input';
import { parsePropertiesParam } from '../contact-serializer';
import { createNotFoundError } from '../errors';
import type { SandboxState } from '../sandbox-state';
import { parseBatch, sendBatch } from './batch-routes';
import { crmContext, pathParam, READ_SCOPE, requireScope, WRITE_SCOPE } from './crm-guards';

const ZBatchReadBody = z.object({
  inputs: z.array(z.object({ id: z.union([z.string().min(1), z.number()]).transform(String) })),
  properties: z.array(z.string()).default([]),
});

/** The calls engagement API: log a call against contacts, then read it back (one, or up to 100 by id). Batch create: call-batch-routes. */
export function createCallRoutes(state: SandboxState): Router {
  const router = Router();

  // Logging a call writes to the contacts it is associated with, hence the contacts write scope.
  router.post('/crm/v3/objects/calls', requireScope(WRITE_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    const { properties, contactIds } = checkCallInput(portal, parseCrmBody(ZCreateCallBody, req.body));
    const call = portal.calls.create(properties, contactIds, state.now());
    res.status(201).json(toCallObject(call, [...Object.keys(properties), ...DEFAULT_CALL_PROPERTIES], false));
  });

  router.post('/crm/v3/objects/calls/batch/read', requireScope(READ_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    const startedAt = new Date(state.now()).toISOString();
    const body = parseBatch(ZBatchReadBody, req.body);
    const found: CallRecord[] = [];
    const missing: string[] = [];
    for (const { id } of body.inputs) {
      const call = portal.calls.read(id);
      if (call) found.push(call);
      else missing.push(id);
    }
    const names = body.properties.length > 0 ? [...body.properties, ...DEFAULT_CALL_PROPERTIES] : DEFAULT_CALL_PROPERTIES.concat('hs_timestamp');
    sendBatch(res, state, startedAt, found.map((call) => toCallObject(call, names, false)), missing, 'get', 'CALL');
  });

  router.get('/crm/v3/objects/calls/:callId', requireScope(READ_SCOPE), (req, res) => {
    const call = crmContext(res).portal.calls.read(pathParam(req, 'callId'));
    if (!call) throw createNotFoundError();
    const requested = parsePropertiesParam(req.query.properties);
    const withContacts = parsePropertiesParam(req.query.associations)?.includes('contacts') === true;
    res.json(toCallObject(call, requested ? [...requested, ...DEFAULT_CALL_PROPERTIES] : DEFAULT_CALL_PROPERTIES.concat('hs_timestamp'), withContacts));
  });

  return router;
}

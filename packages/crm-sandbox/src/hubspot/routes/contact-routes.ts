import { Router, type Request } from 'express';
import { z } from 'zod';
import { parseCrmBody, validatePropertyWrites, ZPropertyValues } from '../contact-input';
import { parsePropertiesParam, toSimplePublicObject } from '../contact-serializer';
import { createContact, resolveContactId, updateContact } from '../contact-service';
import { createNotFoundError, createValidationError } from '../errors';
import type { SandboxState } from '../sandbox-state';
import { crmContext, pathParam, READ_SCOPE, requireScope, WRITE_SCOPE } from './crm-guards';

const LIST_LIMIT_MAX = 100;
const ZCreateBody = z.object({ properties: ZPropertyValues.default({}), associations: z.array(z.unknown()).optional() });
const ZUpdateBody = z.object({ properties: ZPropertyValues });

/** CRM v3 contacts: list, read, create, update and archive. */
export function createContactRoutes(state: SandboxState): Router {
  const router = Router();

  router.get('/crm/v3/objects/contacts', requireScope(READ_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    const limit = parseLimit(req.query.limit, LIST_LIMIT_MAX);
    const after = req.query.after === undefined ? 1 : parseCursor(req.query.after);
    const archived = req.query.archived === 'true';
    const properties = parsePropertiesParam(req.query.properties);
    const { records, nextId } = portal.contacts.page(after, limit, archived);
    const body: Record<string, unknown> = { results: records.map((record) => toSimplePublicObject(record, properties, portal.fields)) };
    if (nextId !== null) body.paging = { next: { after: String(nextId), link: nextLink(req, String(nextId)) } };
    res.json(body);
  });

  router.get('/crm/v3/objects/contacts/:contactId', requireScope(READ_SCOPE), async (req, res) => {
    const { portal } = crmContext(res);
    const archived = req.query.archived === 'true';
    const idProperty = typeof req.query.idProperty === 'string' ? req.query.idProperty : undefined;
    const id = archived && idProperty === undefined ? pathParam(req, 'contactId') : await resolveContactId(portal, pathParam(req, 'contactId'), idProperty);
    const record = id === null ? null : portal.contacts.read(id);
    if (!record || record.archived !== archived) throw createNotFoundError();
    const object: Record<string, unknown> = { ...toSimplePublicObject(record, parsePropertiesParam(req.query.properties), portal.fields) };
    if (parsePropertiesParam(req.query.associations)?.includes('calls')) {
      object.associations = { calls: { results: portal.calls.idsForContact(record.id).map((callId) => ({ id: callId, type: 'contact_to_call' })) } };
    }
    res.json(object);
  });

  router.post('/crm/v3/objects/contacts', requireScope(WRITE_SCOPE), async (req, res) => {
    const { portal } = crmContext(res);
    const body = parseCrmBody(ZCreateBody, req.body);
    const record = await createContact(portal, validatePropertyWrites(body.properties, portal), state.now());
    res.status(201).json(toSimplePublicObject(record, Object.keys(body.properties), portal.fields));
  });

  router.patch('/crm/v3/objects/contacts/:contactId', requireScope(WRITE_SCOPE), async (req, res) => {
    const { portal } = crmContext(res);
    const body = parseCrmBody(ZUpdateBody, req.body);
    const idProperty = typeof req.query.idProperty === 'string' ? req.query.idProperty : undefined;
    const id = await resolveContactId(portal, pathParam(req, 'contactId'), idProperty);
    if (id === null) throw createNotFoundError();
    const record = await updateContact(portal, id, validatePropertyWrites(body.properties, portal), state.now());
    res.json(toSimplePublicObject(record, Object.keys(body.properties), portal.fields));
  });

  // HubSpot answers 204 whether or not the contact existed, so archiving is safe to retry.
  router.delete('/crm/v3/objects/contacts/:contactId', requireScope(WRITE_SCOPE), (req, res) => {
    crmContext(res).portal.contacts.archive(pathParam(req, 'contactId'), state.now());
    res.status(204).end();
  });

  return router;
}

/** `limit` defaults to 10, as HubSpot's does; values beyond the endpoint's maximum are refused. */
export function parseLimit(raw: unknown, max: number): number {
  if (raw === undefined) return 10;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw createValidationError(`limit must be an integer between 1 and ${max}; got "${String(raw)}".`);
  return limit;
}

function parseCursor(raw: unknown): number {
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw createValidationError(`Invalid value for "after": "${String(raw)}".`);
  return Number(raw);
}

/** The same request with the cursor moved on, as HubSpot's `paging.next.link`. */
function nextLink(req: Request, after: string): string {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
  url.searchParams.set('after', after);
  return url.toString();
}

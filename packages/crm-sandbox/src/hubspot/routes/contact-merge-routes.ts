import { Router } from 'express';
import { z } from 'zod';
import { parseCrmBody } from '../contact-input';
import { toSimplePublicObject } from '../contact-serializer';
import { resolveContactId } from '../contact-service';
import { createNotFoundError, createValidationError } from '../errors';
import type { SandboxState } from '../sandbox-state';
import { crmContext, requireScope, WRITE_SCOPE } from './crm-guards';

const ZId = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String);
const ZMergeBody = z.object({ primaryObjectId: ZId, objectIdToMerge: ZId });
const ZGdprDeleteBody = z.object({ objectId: z.union([z.string().min(1), z.number()]).transform(String), idProperty: z.string().optional() });

/** Merging two contacts and deleting one for good (GDPR), as HubSpot's contacts API does both. */
export function createContactMergeRoutes(state: SandboxState): Router {
  const router = Router();

  router.post('/crm/v3/objects/contacts/merge', requireScope(WRITE_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    const body = parseCrmBody(ZMergeBody, req.body);
    if (body.primaryObjectId === body.objectIdToMerge) throw createValidationError('Cannot merge a contact with itself: primaryObjectId and objectIdToMerge are the same.');
    const record = portal.contacts.merge(body.primaryObjectId, body.objectIdToMerge, state.now());
    if (!record) throw createNotFoundError();
    res.json(toSimplePublicObject(record, undefined, portal.fields));
  });

  // Live or archived: a privacy deletion also empties the recycle bin of that contact.
  router.post('/crm/v3/objects/contacts/gdpr-delete', requireScope(WRITE_SCOPE), async (req, res) => {
    const { portal } = crmContext(res);
    const body = parseCrmBody(ZGdprDeleteBody, req.body);
    const id = body.idProperty === undefined || body.idProperty === 'hs_object_id' ? body.objectId : await resolveContactId(portal, body.objectId, body.idProperty);
    if (id === null || !portal.contacts.purge(id, state.now())) throw createNotFoundError();
    res.status(204).end();
  });

  return router;
}

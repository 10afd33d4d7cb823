import express, { type Router } from 'express';
import { ZContactListQuery, ZContactParams, type TContact, type TContactListResponse } from '@voiceagent/shared';
import { getUser } from '../../auth/require-user';
import { parseInput } from '../../http/validate';
import { decodeContactCursor } from './contact-cursor';
import { createContactsService, type ContactsServiceDeps } from './contacts-service';

/** GET /crm/contacts (list, search, filters, keyset pages) and GET /crm/contacts/:id. */
export function createContactsRouter(deps: ContactsServiceDeps): Router {
  const service = createContactsService(deps);
  const router = express.Router();

  router.get('/crm/contacts', async (req, res) => {
    const query = parseInput(ZContactListQuery, req.query, 'query');
    const cursor = query.cursor === undefined ? null : decodeContactCursor(query.cursor);
    const body: TContactListResponse = await service.listContacts(getUser(req), query, cursor);
    res.json(body);
  });

  router.get('/crm/contacts/:id', async (req, res) => {
    const { id } = parseInput(ZContactParams, req.params, 'params');
    const body: TContact = await service.getContact(getUser(req), id);
    res.json(body);
  });

  return router;
}

import { Router } from 'express';
import { toPropertyResponse } from '../contact-field-definitions';
import { createCrmError } from '../errors';
import { crmContext, pathParam, requireScope, SCHEMAS_READ_SCOPE } from './crm-guards';

/**
 * CRM v3 properties of contacts (by name or by HubSpot's object type id 0-1), read-only: the whole catalogue (archived ones with
 * `archived=true`) and one property by name. HubSpot requires the crm.schemas.contacts.read scope.
 */
export function createPropertyRoutes(): Router {
  const router = Router();

  router.get(['/crm/v3/properties/contacts', '/crm/v3/properties/0-1'], requireScope(SCHEMAS_READ_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    const definitions = req.query.archived === 'true' ? portal.fields.listArchived() : portal.fields.list();
    res.json({ results: definitions.map(toPropertyResponse) });
  });

  router.get(['/crm/v3/properties/contacts/:propertyName', '/crm/v3/properties/0-1/:propertyName'], requireScope(SCHEMAS_READ_SCOPE), (req, res) => {
    const { portal } = crmContext(res);
    const name = pathParam(req, 'propertyName');
    const definition = portal.fields.find(name);
    if (!definition) throw createCrmError(404, 'OBJECT_NOT_FOUND', `Unable to find property ${name} on object type contacts`);
    res.json(toPropertyResponse(definition));
  });

  return router;
}

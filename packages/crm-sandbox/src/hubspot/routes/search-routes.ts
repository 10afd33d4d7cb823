import { Router } from 'express';
import { z } from 'zod';
import { parseCrmBody } from '../contact-input';
import { isKnownContactProperty } from '../contact-properties';
import { toSimplePublicObject } from '../contact-serializer';
import { createValidationError } from '../errors';
import { searchContacts, type SearchSort } from '../search-engine';
import { FILTER_OPERATORS } from '../search-filters';
import { crmContext, READ_SCOPE, requireScope } from './crm-guards';

/** HubSpot's search limits: 200 per page, 10,000 results per query, 5 groups, 10 filters per group, 25 in all. */
export const SEARCH_LIMIT_MAX = 200;
export const SEARCH_RESULT_CAP = 10_000;
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 10;
const MAX_FILTERS = 25;

const ZFilter = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(FILTER_OPERATORS),
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
  highValue: z.union([z.string(), z.number()]).transform(String).optional(),
  values: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
});

/** Sorts come as objects (`{ propertyName, direction }`) or, in older clients, as "name" / "-name". */
const ZSort = z.union([
  z.string().min(1).transform((text): SearchSort => (text.startsWith('-') ? { propertyName: text.slice(1), direction: 'DESCENDING' } : { propertyName: text, direction: 'ASCENDING' })),
  z.object({ propertyName: z.string().min(1), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') }),
]);

const ZSearchBody = z.object({
  filterGroups: z.array(z.object({ filters: z.array(ZFilter) })).default([]),
  sorts: z.array(ZSort).default([]),
  query: z.string().optional(),
  properties: z.array(z.string()).optional(),
  limit: z.union([z.number(), z.string()]).optional(),
  after: z.union([z.string(), z.number()]).optional(),
});

export function createSearchRoutes(resultCap = SEARCH_RESULT_CAP): Router {
  const router = Router();

  router.post('/crm/v3/objects/contacts/search', requireScope(READ_SCOPE), async (req, res) => {
    const { portal } = crmContext(res);
    const body = parseCrmBody(ZSearchBody, req.body);
    const groups = body.filterGroups.map((group) => group.filters);
    const filterCount = groups.reduce((sum, filters) => sum + filters.length, 0);
    if (groups.length > MAX_GROUPS || groups.some((filters) => filters.length > MAX_FILTERS_PER_GROUP) || filterCount > MAX_FILTERS) {
      throw createValidationError(`Too many filters: at most ${MAX_GROUPS} filterGroups, ${MAX_FILTERS_PER_GROUP} filters per group and ${MAX_FILTERS} filters in total.`);
    }
    const limit = body.limit === undefined ? 10 : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > SEARCH_LIMIT_MAX) throw createValidationError(`limit must be an integer between 0 and ${SEARCH_LIMIT_MAX}.`);
    const offset = body.after === undefined || body.after === '' ? 0 : Number(body.after);
    if (!Number.isInteger(offset) || offset < 0) throw createValidationError(`Invalid value for "after": "${String(body.after)}".`);
    // HubSpot serves a query's first 10,000 results and answers 400 to any page reaching past them.
    if (offset + limit > resultCap) {
      throw createValidationError(`There was a problem with the request. The search API is limited to ${resultCap} total results per query; after (${offset}) + limit (${limit}) exceeds it.`);
    }
    // HubSpot honours one sort rule per search; without one, results come in id order.
    const sort = body.sorts[0] ?? { propertyName: 'hs_object_id', direction: 'ASCENDING' };
    if (!isKnownContactProperty(sort.propertyName)) throw createValidationError(`Cannot sort by "${sort.propertyName}": the property does not exist.`);
    const outcome = await searchContacts(portal.contacts, { filterGroups: groups, sort, query: body.query ?? null, offset, limit });
    const response: Record<string, unknown> = { total: outcome.total, results: outcome.records.map((record) => toSimplePublicObject(record, body.properties, portal.fields)) };
    if (offset + limit < outcome.total) response.paging = { next: { after: String(offset + limit) } };
    res.json(response);
  });

  return router;
}

import { Router } from 'express';
import { z } from 'zod';
import { createCrmError, createValidationError } from '../errors';
import type { ContactList } from '../list-store';
import type { Portal } from '../portal-registry';
import type { SandboxState } from '../sandbox-state';
import { crmContext, pathParam, requireScope } from './crm-guards';

/** Reading lists and their memberships: HubSpot's Lists API reference names this scope. */
export const LISTS_READ_SCOPE = 'crm.lists.read';
const CONTACT_OBJECT_TYPE = '0-1';
const MAX_MEMBERSHIP_PAGE = 250;
const DEFAULT_MEMBERSHIP_PAGE = 100;
const MAX_SEARCH_COUNT = 500;

const ZSearchBody = z.object({
  query: z.string().optional(),
  processingTypes: z.array(z.enum(['MANUAL', 'DYNAMIC', 'SNAPSHOT'])).optional(),
  offset: z.number().int().nonnegative().optional(),
  count: z.number().int().positive().max(MAX_SEARCH_COUNT).optional(),
});

/**
 * CRM Lists API v3 for contact lists: search (POST /crm/v3/lists/search, paged by offset), one list
 * by id, and a list's memberships ordered by record id (GET …/memberships, paged with `after`).
 * Members archived since they joined are left out, as HubSpot drops them from lists.
 */
export function createListRoutes(state: SandboxState): Router {
  const router = Router();
  router.use('/crm/v3/lists', requireScope(LISTS_READ_SCOPE));

  router.post('/crm/v3/lists/search', (req, res) => {
    const parsed = ZSearchBody.safeParse(req.body ?? {});
    if (!parsed.success) throw createValidationError(`Invalid input JSON on line 1: ${parsed.error.issues[0]?.message ?? 'invalid body'}`);
    const { portal } = crmContext(res);
    const query = parsed.data.query?.toLowerCase() ?? '';
    const types = parsed.data.processingTypes;
    const matching = portal.lists
      .list()
      .filter((list) => (query === '' || list.name.toLowerCase().includes(query)) && (!types || types.includes(list.processingType)));
    const offset = parsed.data.offset ?? 0;
    const count = parsed.data.count ?? 20;
    const page = matching.slice(offset, offset + count);
    res.json({ lists: page.map((list) => toListResponse(portal, list)), offset: offset + page.length, hasMore: offset + page.length < matching.length, total: matching.length });
  });

  router.get('/crm/v3/lists/:listId', (req, res) => {
    const { portal } = crmContext(res);
    res.json({ list: toListResponse(portal, findList(portal, pathParam(req, 'listId'))) });
  });

  router.get('/crm/v3/lists/:listId/memberships', (req, res) => {
    const { portal } = crmContext(res);
    const list = findList(portal, pathParam(req, 'listId'));
    const limit = readLimit(req.query.limit);
    const after = typeof req.query.after === 'string' && req.query.after !== '' ? BigInt(readRecordId(req.query.after)) : null;
    const ids = liveMembers(portal, list)
      .map((id) => ({ id, key: BigInt(id) }))
      .filter((member) => after === null || member.key > after)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const page = ids.slice(0, limit);
    const last = page.at(-1);
    res.json({
      results: page.map(({ id }) => ({ recordId: id, membershipTimestamp: new Date(list.members.get(id) ?? state.now()).toISOString() })),
      ...(ids.length > limit && last ? { paging: { next: { after: last.id } } } : {}),
    });
  });

  return router;
}

function findList(portal: Portal, listId: string): ContactList {
  const list = /^\d+$/.test(listId) ? portal.lists.find(listId) : undefined;
  if (!list) throw createCrmError(404, 'OBJECT_NOT_FOUND', `List does not exist with ID ${listId}.`);
  return list;
}

function liveMembers(portal: Portal, list: ContactList): string[] {
  return [...list.members.keys()].filter((id) => portal.contacts.isLive(id));
}

function readLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_MEMBERSHIP_PAGE;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw createValidationError('limit must be a positive integer');
  return Math.min(limit, MAX_MEMBERSHIP_PAGE);
}

function readRecordId(value: string): string {
  if (!/^\d{1,18}$/.test(value)) throw createValidationError(`Invalid after offset: ${value}`);
  return value;
}

function toListResponse(portal: Portal, list: ContactList) {
  return {
    listId: list.listId,
    name: list.name,
    objectTypeId: CONTACT_OBJECT_TYPE,
    processingType: list.processingType,
    processingStatus: 'COMPLETE',
    listVersion: list.listVersion,
    createdAt: new Date(list.createdAt).toISOString(),
    updatedAt: new Date(list.updatedAt).toISOString(),
    size: liveMembers(portal, list).length,
    additionalProperties: { hs_list_size: String(liveMembers(portal, list).length) },
  };
}

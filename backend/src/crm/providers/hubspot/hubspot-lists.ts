import { z } from 'zod';
import type { CrmListMembersPage, CrmListSummary } from '../../crm-records';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { explainListError } from '../list-errors';
import { parseProviderBody } from '../provider-pages';

/** HubSpot's Lists API reference names this scope for reading lists and their memberships. */
export const HUBSPOT_LISTS_SCOPE = 'crm.lists.read';
const CONTACT_OBJECT_TYPE = '0-1';
const SEARCH_PAGE = 500;
const MEMBERSHIP_PAGE = 250;
/** More lists than this in one portal is past anything a picker shows; the walk stops rather than loop. */
const MAX_LISTS = 10_000;

const ZList = z.object({
  listId: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  processingType: z.string().optional(),
  objectTypeId: z.string().optional(),
  size: z.number().optional(),
  additionalProperties: z.record(z.string(), z.unknown()).optional(),
});
const ZSearchPage = z.object({ lists: z.array(ZList), hasMore: z.boolean().optional(), offset: z.number().optional() });
const ZMemberships = z.object({
  results: z.array(z.union([z.object({ recordId: z.union([z.string(), z.number()]).transform(String) }), z.union([z.string(), z.number()]).transform((id) => ({ recordId: String(id) }))])),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

const explain = (error: unknown, listId?: string) =>
  explainListError(error, { crm: 'HubSpot', scope: HUBSPOT_LISTS_SCOPE, listId, isMissingScope: (details) => details.status === 403 });

/** Every contact list of the portal (POST /crm/v3/lists/search, paged by offset). */
export async function listHubSpotLists(http: ProviderHttpClient): Promise<CrmListSummary[]> {
  const lists: CrmListSummary[] = [];
  let offset = 0;
  for (;;) {
    let data: unknown;
    try {
      data = (await http.post<unknown>('/crm/v3/lists/search', { offset, count: SEARCH_PAGE, additionalProperties: ['hs_list_size'] }, { operation: 'hubspot.lists.search', idempotent: true })).data;
    } catch (error) {
      throw explain(error);
    }
    const page = parseProviderBody(ZSearchPage, data, 'HubSpot', 'the lists search');
    for (const list of page.lists) {
      if (list.objectTypeId !== undefined && list.objectTypeId !== CONTACT_OBJECT_TYPE) continue;
      lists.push({ id: list.listId, name: list.name, membership: list.processingType === 'DYNAMIC' ? 'dynamic' : 'static', size: readSize(list) });
    }
    const next = page.offset ?? offset + page.lists.length;
    if (!page.hasMore || page.lists.length === 0 || next <= offset || lists.length >= MAX_LISTS) return lists;
    offset = next;
  }
}

/** A page of a list's members, ordered by record id (GET /crm/v3/lists/{listId}/memberships, paged by `after`). */
export async function fetchHubSpotListMembers(http: ProviderHttpClient, listId: string, cursor: string | null): Promise<CrmListMembersPage> {
  let data: unknown;
  try {
    const params: Record<string, string | number> = { limit: MEMBERSHIP_PAGE };
    if (cursor) params.after = cursor;
    data = (await http.get<unknown>(`/crm/v3/lists/${encodeURIComponent(listId)}/memberships`, { params, operation: 'hubspot.lists.memberships' })).data;
  } catch (error) {
    throw explain(error, listId);
  }
  const page = parseProviderBody(ZMemberships, data, 'HubSpot', 'the list memberships');
  const after = page.paging?.next?.after ?? null;
  return { externalIds: page.results.map((result) => result.recordId), nextCursor: after !== null && after !== cursor ? after : null };
}

function readSize(list: z.infer<typeof ZList>): number | null {
  if (typeof list.size === 'number') return list.size;
  const raw = Number(list.additionalProperties?.hs_list_size);
  return Number.isFinite(raw) && raw >= 0 ? raw : null;
}

import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { ContactPage, ContactPageRequest, DeletedContact } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody, parseSyncCursor, refuseRepeatedCursor, requireSince } from '../provider-pages';
import { createFirstWindow, fetchHubSpotChangesPage } from './hubspot-changes';
import { ZHubSpotFullCursor, ZHubSpotIncrementalCursor, type THubSpotDeletionsCursor, type THubSpotFullCursor } from './hubspot-cursor';
import { mapHubSpotContact, readDate, selectHubSpotProperties, ZHubSpotObject } from './hubspot-mapping';
import type { HubSpotSyncSettings } from './hubspot-sync-settings';

const ZListPage = z.object({
  results: z.array(ZHubSpotObject),
  paging: z.object({ next: z.object({ after: z.string().min(1) }).optional() }).optional(),
});

/**
 * One page of a HubSpot sync run. Full: the contacts list in id order. Incremental: the changes
 * phase (see hubspot-changes), then, when the run asks for deletions, the archived contacts list
 * — search never returns archived contacts, and the list cannot be filtered by time, so it is
 * read whole: the runner asks for it once in a while, not on every run.
 */
export async function fetchHubSpotContactsPage(http: ProviderHttpClient, request: ContactPageRequest, settings: HubSpotSyncSettings): Promise<ContactPage> {
  if (request.kind === 'full') {
    const cursor = request.cursor
      ? parseSyncCursor(ZHubSpotFullCursor, request.cursor, 'HubSpot')
      : ({ v: 1, platform: 'hubspot', kind: 'full', after: null, estimatedTotal: null } satisfies THubSpotFullCursor);
    return fetchFullPage(http, cursor, settings, request.cursor === null, selectHubSpotProperties(request.fields?.contact));
  }
  if (request.cursor === null) {
    const since = requireSince(request, 'HubSpot');
    const deletionsSince = request.deletionsSince === undefined ? since : (request.deletionsSince?.getTime() ?? null);
    return fetchHubSpotChangesPage(
      http,
      { v: 1, platform: 'hubspot', kind: 'incremental', since, estimatedTotal: null, phase: 'changes', window: createFirstWindow(since), deletionsSince },
      settings,
      request.fields?.contact,
    );
  }
  // The saved cursor carries the run's `since`: a resumed run keeps the bound it started with.
  const cursor = parseSyncCursor(ZHubSpotIncrementalCursor, request.cursor, 'HubSpot');
  // The archived list is read for ids alone: deletions need no mapped fields.
  return cursor.phase === 'changes' ? fetchHubSpotChangesPage(http, cursor, settings, request.fields?.contact) : fetchDeletionsPage(http, cursor, settings);
}

async function fetchFullPage(
  http: ProviderHttpClient,
  cursor: THubSpotFullCursor,
  settings: HubSpotSyncSettings,
  isFirst: boolean,
  properties: string[],
): Promise<ContactPage> {
  const [page, counted] = await Promise.all([
    listContacts(http, { archived: false, after: cursor.after, limit: settings.listPageSize, properties: properties.join(',') }),
    isFirst ? countContacts(http) : Promise.resolve(cursor.estimatedTotal),
  ]);
  const nextCursor = page.next === null ? null : { ...cursor, after: page.next, estimatedTotal: counted };
  return { contacts: page.results.map(mapHubSpotContact), deleted: [], nextCursor, estimatedTotal: counted };
}

async function fetchDeletionsPage(http: ProviderHttpClient, cursor: THubSpotDeletionsCursor, settings: HubSpotSyncSettings): Promise<ContactPage> {
  const page = await listContacts(http, { archived: true, after: cursor.after, limit: settings.listPageSize, properties: 'hs_object_id' });
  const deleted: DeletedContact[] = [];
  for (const object of page.results) {
    const deletedAt = readDate(object.archivedAt);
    // The archived list holds every archival HubSpot still keeps; only those since the cursor are news.
    // One without a time is kept: marking a contact deleted twice is harmless, missing it is not.
    if (deletedAt === null || deletedAt.getTime() >= cursor.since) deleted.push({ externalId: object.id, deletedAt });
  }
  const nextCursor = page.next === null ? null : { ...cursor, after: page.next };
  return { contacts: [], deleted, nextCursor, estimatedTotal: cursor.estimatedTotal };
}

type ListQuery = { archived: boolean; after: string | null; limit: number; properties: string };

async function listContacts(http: ProviderHttpClient, query: ListQuery): Promise<{ results: z.infer<typeof ZHubSpotObject>[]; next: string | null }> {
  const operation = query.archived ? 'hubspot.contacts.list-archived' : 'hubspot.contacts.list';
  const params: Record<string, string | number | boolean> = { limit: query.limit, archived: query.archived, properties: query.properties };
  if (query.after !== null) params.after = query.after;
  const response = await http.get<unknown>('/crm/v3/objects/contacts', { params, operation });
  const page = parseProviderBody(ZListPage, response.data, 'HubSpot', 'the contacts list');
  const next = page.paging?.next?.after ?? null;
  if (next !== null) refuseRepeatedCursor(query.after, next, 'HubSpot', 'the contacts list');
  return { results: page.results, next };
}

/**
 * The portal's contact count for progress, from one search with no filter (the list API has no
 * total). A refusal costs the estimate, not the page.
 */
async function countContacts(http: ProviderHttpClient): Promise<number | null> {
  try {
    const response = await http.post<unknown>(
      '/crm/v3/objects/contacts/search',
      { limit: 1, properties: ['hs_object_id'] },
      { operation: 'hubspot.contacts.count', rateLimit: 'search', idempotent: true },
    );
    const total = (response.data as { total?: unknown } | null)?.total;
    return typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : null;
  } catch (error) {
    if (error instanceof AppError && error.code === 'provider_rejected') return null;
    throw error;
  }
}

import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { ContactPage } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody, refuseRepeatedCursor } from '../provider-pages';
import type { THubSpotChangesCursor, THubSpotIncrementalCursor, TSearchWindow } from './hubspot-cursor';
import { mapHubSpotContact, readDate, selectHubSpotProperties, ZHubSpotObject, type THubSpotObject } from './hubspot-mapping';
import type { HubSpotSyncSettings } from './hubspot-sync-settings';

const ZSearchPage = z.object({
  total: z.number().int().nonnegative(),
  results: z.array(ZHubSpotObject),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
type TSearchPage = z.infer<typeof ZSearchPage>;

/**
 * One page of the changes phase: a contacts search on hs_lastmodifieddate, oldest first. HubSpot
 * serves a query's first 10,000 results only, so before the cap the next query starts again at
 * the last modification time seen — inclusive, so contacts sharing that instant are read again
 * rather than lost — and, when a whole query's worth shares one instant, walks that instant by id.
 */
export async function fetchHubSpotChangesPage(
  http: ProviderHttpClient,
  cursor: THubSpotChangesCursor,
  settings: HubSpotSyncSettings,
  mappedFields?: readonly string[],
): Promise<ContactPage> {
  const { offset } = cursor.window;
  const limit = Math.min(settings.searchPageSize, settings.searchResultCap - offset);
  const response = await http.post<unknown>(
    '/crm/v3/objects/contacts/search',
    { ...describeWindow(cursor.window), properties: selectHubSpotProperties(mappedFields), limit, ...(offset > 0 ? { after: String(offset) } : {}) },
    // A search changes nothing, so it is safe to repeat; it has its own, lower rate limit.
    { operation: 'hubspot.contacts.search-changes', rateLimit: 'search', idempotent: true },
  );
  const page = parseProviderBody(ZSearchPage, response.data, 'HubSpot', 'the contacts search');
  const window = withFirstResult(cursor.window, page.results);
  // The first query counts every change since the cursor: the run's best estimate.
  const estimatedTotal = cursor.estimatedTotal ?? (isFirstWindow(cursor) ? page.total : null);
  const next = findNextWindow(window, page, settings.searchResultCap);
  const deletionsSince = cursor.deletionsSince === undefined ? cursor.since : cursor.deletionsSince;
  let nextCursor: THubSpotIncrementalCursor | null;
  if (next !== null) nextCursor = { ...cursor, estimatedTotal, window: next };
  else if (deletionsSince === null) nextCursor = null;
  else nextCursor = { v: 1, platform: 'hubspot', kind: 'incremental', since: deletionsSince, estimatedTotal, phase: 'deletions', after: null };
  return { contacts: page.results.map(mapHubSpotContact), deleted: [], nextCursor, estimatedTotal };
}

/** The first window of a run: the one the changes phase starts with. */
export function createFirstWindow(since: number): TSearchWindow {
  return { mode: 'range', from: since, inclusive: true, first: null, offset: 0 };
}

function isFirstWindow(cursor: THubSpotChangesCursor): boolean {
  const { window } = cursor;
  return window.mode === 'range' && window.offset === 0 && window.inclusive && window.from === cursor.since;
}

function describeWindow(window: TSearchWindow): { filterGroups: unknown[]; sorts: unknown[] } {
  if (window.mode === 'range') {
    const filters = [{ propertyName: 'hs_lastmodifieddate', operator: window.inclusive ? 'GTE' : 'GT', value: String(window.from) }];
    return { filterGroups: [{ filters }], sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] };
  }
  const filters = [
    { propertyName: 'hs_lastmodifieddate', operator: 'EQ', value: String(window.at) },
    { propertyName: 'hs_object_id', operator: 'GT', value: window.afterId },
  ];
  return { filterGroups: [{ filters }], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }] };
}

/** Where the changes phase goes after this page; null when it has read every change. */
export function findNextWindow(window: TSearchWindow, page: Pick<TSearchPage, 'results' | 'paging'>, cap: number): TSearchWindow | null {
  const after = page.paging?.next?.after;
  if (after === undefined) {
    // A drained instant: carry on strictly after it.
    return window.mode === 'tie' ? { mode: 'range', from: window.at, inclusive: false, first: null, offset: 0 } : null;
  }
  refuseRepeatedCursor(String(window.offset), after, 'HubSpot', 'the contacts search');
  const offset = Number(after);
  if (!Number.isInteger(offset) || offset < window.offset) {
    throw new AppError('provider_rejected', `HubSpot's search paged backwards (after ${window.offset} came ${after})`, { platform: 'hubspot' });
  }
  if (offset < cap) return { ...window, offset };
  const last = page.results.at(-1);
  if (!last) throw new AppError('provider_rejected', 'HubSpot reported more search results after an empty page', { platform: 'hubspot' });
  if (window.mode === 'tie') return { mode: 'tie', at: window.at, afterId: last.id, offset: 0 };
  const lastModified = modifiedAtOf(last);
  // Every result of the query shares one instant: no later start would get past it, so read that instant by id.
  if (lastModified === (window.first ?? window.from)) return { mode: 'tie', at: lastModified, afterId: '0', offset: 0 };
  return { mode: 'range', from: lastModified, inclusive: true, first: null, offset: 0 };
}

/** A range window remembers when its first result was modified, to tell a window of one instant at its end. */
function withFirstResult(window: TSearchWindow, results: THubSpotObject[]): TSearchWindow {
  if (window.mode !== 'range' || window.first !== null || window.offset !== 0 || results.length === 0) return window;
  return { ...window, first: modifiedAtOf(results[0]!) };
}

function modifiedAtOf(object: THubSpotObject): number {
  const raw = object.properties.hs_lastmodifieddate ?? object.properties.lastmodifieddate ?? object.updatedAt;
  const at = readDate(typeof raw === 'string' ? raw : null);
  if (!at) throw new AppError('provider_rejected', `HubSpot returned contact ${object.id} without a modification time`, { platform: 'hubspot' });
  return at.getTime();
}

import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { ContactPage, ContactPageRequest } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody, parseSyncCursor, requireSince } from '../provider-pages';
import { ZZohoCursor, type TZohoCursor, type TZohoDeletedCursor, type TZohoRecordsCursor } from './zoho-cursor';
import { formatZohoDateTime, readZohoTime } from './zoho-mapping';
import { ZOHO_API_VERSION } from './zoho-oauth';
import { fetchZohoRecordsPage, zohoRecordFields } from './zoho-records';
import type { ZohoSyncSettings } from './zoho-sync-settings';

const ZDeletedBody = z.object({
  data: z.array(z.looseObject({ id: z.string().min(1), deleted_time: z.string().nullable().optional() })),
  info: z.looseObject({ more_records: z.boolean() }),
});

/**
 * One page of a Zoho sync run. Full: every contact by Get Records (see zoho-records). Incremental:
 * the same listing from If-Modified-Since `since`, then the deleted records since then.
 */
export async function fetchZohoContactsPage(http: ProviderHttpClient, request: ContactPageRequest, settings: ZohoSyncSettings): Promise<ContactPage> {
  const cursor = request.cursor ? parseSyncCursor(ZZohoCursor, request.cursor, 'Zoho CRM') : createFirstCursor(request);
  if (cursor.phase === 'deleted') return fetchDeletedPage(http, cursor);
  // Mapped fields ride along on the same listing: their values arrive in rawProperties as Zoho sent them.
  const fields = zohoRecordFields(request.fields?.contact);
  const isFirstFullPage = request.cursor === null && request.kind === 'full';
  const [page, estimatedTotal] = await Promise.all([
    fetchZohoRecordsPage(http, cursor, settings, fields),
    isFirstFullPage ? countContacts(http) : Promise.resolve(cursor.estimatedTotal),
  ]);
  let nextCursor: TZohoCursor | null = null;
  if (page.next) nextCursor = { ...cursor, ...page.next, estimatedTotal };
  else if (cursor.kind === 'incremental') nextCursor = { v: 1, platform: 'zoho', kind: 'incremental', runSince: cursor.runSince, estimatedTotal, phase: 'deleted', page: 1 };
  return { contacts: page.contacts, deleted: [], nextCursor, estimatedTotal };
}

function createFirstCursor(request: ContactPageRequest): TZohoRecordsCursor {
  const runSince = request.kind === 'incremental' ? formatZohoDateTime(new Date(requireSince(request, 'Zoho CRM'))) : null;
  return { v: 1, platform: 'zoho', kind: request.kind, runSince, estimatedTotal: null, phase: 'records', chain: { since: runSince, pageToken: null, served: 0 }, lastModified: null };
}

/**
 * GET /Contacts/deleted?type=all (recycle bin and permanently deleted), newest first. Deletions
 * made while we page push older ones onto later pages, so a page may repeat an id but never skip one.
 */
async function fetchDeletedPage(http: ProviderHttpClient, cursor: TZohoDeletedCursor): Promise<ContactPage> {
  const response = await http.get<unknown>(`/crm/${ZOHO_API_VERSION}/Contacts/deleted`, {
    params: { type: 'all', page: cursor.page, per_page: 200 },
    headers: cursor.runSince === null ? {} : { 'If-Modified-Since': cursor.runSince },
    operation: 'zoho.contacts.deleted',
    validateStatus: (status) => (status >= 200 && status < 300) || status === 304,
  });
  if (response.status === 204 || response.status === 304) return { contacts: [], deleted: [], nextCursor: null, estimatedTotal: cursor.estimatedTotal };
  const body = parseProviderBody(ZDeletedBody, response.data, 'Zoho CRM', 'Get Deleted Records');
  const deleted = body.data.map((entry) => ({ externalId: entry.id, deletedAt: readZohoTime(entry.deleted_time) }));
  const nextCursor = body.info.more_records && body.data.length > 0 ? { ...cursor, page: cursor.page + 1 } : null;
  return { contacts: [], deleted, nextCursor, estimatedTotal: cursor.estimatedTotal };
}

/**
 * GET /Contacts/actions/count (Zoho's Get Record Count) for progress. Not every API domain serves
 * it (the sandbox does not): a refusal costs the estimate, not the page.
 */
async function countContacts(http: ProviderHttpClient): Promise<number | null> {
  try {
    const response = await http.get<unknown>(`/crm/${ZOHO_API_VERSION}/Contacts/actions/count`, { operation: 'zoho.contacts.count' });
    const count = (response.data as { count?: unknown } | null)?.count;
    return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : null;
  } catch (error) {
    if (error instanceof AppError && error.code === 'provider_rejected') return null;
    throw error;
  }
}

import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { CrmContactRecord } from '../../crm-service';
import type { ProviderErrorDetails } from '../../provider-http/provider-error';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody, refuseRepeatedCursor } from '../provider-pages';
import type { TRecordChain, TZohoRecordsCursor } from './zoho-cursor';
import { mapZohoContact, ZOHO_CONTACT_FIELDS, ZZohoRecord, type TZohoRecord } from './zoho-mapping';
import { ZOHO_API_VERSION } from './zoho-oauth';
import type { ZohoSyncSettings } from './zoho-sync-settings';

const ZListBody = z.object({
  data: z.array(ZZohoRecord),
  info: z.looseObject({ more_records: z.boolean(), next_page_token: z.string().nullable().optional() }),
});

/** Refusals that mean the chain's page token is spent (cap reached, expired, or no longer matching): start a new chain. */
const DEAD_TOKEN_CODES = new Set(['PAGINATION_LIMIT_EXCEEDED', 'EXPIRED_VALUE', 'TOKEN_BOUND_DATA_MISMATCH', 'INVALID_DATA']);

export type RecordsPage = { contacts: CrmContactRecord[]; next: { chain: TRecordChain; lastModified: string | null } | null };

/**
 * One page of Get Records in Modified_Time order, oldest first. The first page of a chain has no
 * token and every later one follows `next_page_token` — a keyset cursor, so records modified
 * mid-run move behind us instead of shifting page numbers under us (which would skip records).
 * A chain ends at 100,000 records; the next one starts with If-Modified-Since at the last
 * Modified_Time delivered. Zoho treats that bound as inclusive: records of that second come
 * again, none is lost, and however many records the org holds, the run reaches them all.
 */
export async function fetchZohoRecordsPage(http: ProviderHttpClient, cursor: TZohoRecordsCursor, settings: ZohoSyncSettings, fields: string): Promise<RecordsPage> {
  let chain = cursor.chain;
  let body: z.infer<typeof ZListBody> | null;
  try {
    body = await listRecords(http, chain, settings, fields);
  } catch (error) {
    const code = deadTokenCode(error, chain);
    if (code === null) throw error;
    // A saved cursor outlived its token (Zoho's expire after a day), or the cap came early: restart from what was delivered.
    const restartAt = cursor.lastModified ?? chain.since;
    if (code === 'PAGINATION_LIMIT_EXCEEDED') refuseStuckChain(restartAt, chain.since, settings);
    chain = { since: restartAt, pageToken: null, served: 0 };
    body = await listRecords(http, chain, settings, fields);
  }

  const records = body?.data ?? [];
  const lastModified = records.length > 0 ? modifiedTimeOf(records.at(-1)!) : cursor.lastModified;
  const contacts = records.map(mapZohoContact);
  if (!body?.info.more_records) return { contacts, next: null };

  const served = chain.served + records.length;
  const token = body.info.next_page_token ?? null;
  if (token !== null && served < settings.pageTokenMaxRecords) {
    refuseRepeatedCursor(chain.pageToken, token, 'Zoho CRM', 'Get Records');
    return { contacts, next: { chain: { since: chain.since, pageToken: token, served }, lastModified } };
  }
  if (lastModified === null) throw new AppError('provider_rejected', 'Zoho CRM reported more records after an empty page', { platform: 'zoho' });
  refuseStuckChain(lastModified, chain.since, settings);
  return { contacts, next: { chain: { since: lastModified, pageToken: null, served: 0 }, lastModified } };
}

/**
 * The `fields` of Get Records: ours, then the connection's mapped fields, once each. Zoho takes at
 * most 50 names per request; more is refused here with the count, rather than by Zoho mid-run.
 */
export function zohoRecordFields(mapped: readonly string[] | undefined): string {
  const names = [...new Set<string>([...ZOHO_CONTACT_FIELDS, ...(mapped ?? [])])];
  if (names.length > ZOHO_MAX_FIELDS_PER_REQUEST) {
    throw new AppError(
      'validation_failed',
      `Zoho CRM returns at most ${ZOHO_MAX_FIELDS_PER_REQUEST} fields per request: ${names.length - ZOHO_CONTACT_FIELDS.length} mapped fields leave no room for the ${ZOHO_CONTACT_FIELDS.length} the sync needs; map at most ${ZOHO_MAX_FIELDS_PER_REQUEST - ZOHO_CONTACT_FIELDS.length}`,
      { platform: 'zoho', limit: ZOHO_MAX_FIELDS_PER_REQUEST },
    );
  }
  return names.join(',');
}

/** Get Records' documented cap on `fields`. */
export const ZOHO_MAX_FIELDS_PER_REQUEST = 50;

/** GET /Contacts; null when Zoho has nothing (204 without If-Modified-Since, 304 with it). */
async function listRecords(http: ProviderHttpClient, chain: TRecordChain, settings: ZohoSyncSettings, fields: string): Promise<z.infer<typeof ZListBody> | null> {
  const params: Record<string, string | number> = { fields, per_page: settings.perPage, sort_by: 'Modified_Time', sort_order: 'asc' };
  if (chain.pageToken !== null) params.page_token = chain.pageToken;
  const response = await http.get<unknown>(`/crm/${ZOHO_API_VERSION}/Contacts`, {
    params,
    headers: chain.since === null ? {} : { 'If-Modified-Since': chain.since },
    operation: 'zoho.contacts.list',
    validateStatus: (status) => (status >= 200 && status < 300) || status === 304,
  });
  if (response.status === 204 || response.status === 304) return null;
  return parseProviderBody(ZListBody, response.data, 'Zoho CRM', 'Get Records');
}

function deadTokenCode(error: unknown, chain: TRecordChain): string | null {
  if (chain.pageToken === null || !(error instanceof AppError) || error.code !== 'provider_rejected') return null;
  const code = (error.details as ProviderErrorDetails | undefined)?.providerCode;
  return code !== undefined && DEAD_TOKEN_CODES.has(code) ? code : null;
}

/**
 * A chain that starts and ends in the same second cannot be passed by a later If-Modified-Since:
 * more records share that second than one chain may serve. The Records API has no finer bound,
 * so the run fails loudly instead of reading the same chain forever.
 */
function refuseStuckChain(restartAt: string | null, chainSince: string | null, settings: ZohoSyncSettings): void {
  if (restartAt === null || chainSince === null || secondOf(restartAt) !== secondOf(chainSince)) return;
  throw new AppError(
    'provider_rejected',
    `More than ${settings.pageTokenMaxRecords} Zoho CRM contacts share the Modified_Time ${restartAt}; the Records API cannot page past them`,
    { platform: 'zoho', modifiedTime: restartAt },
  );
}

function modifiedTimeOf(record: TZohoRecord): string {
  if (!record.Modified_Time || Number.isNaN(Date.parse(record.Modified_Time))) {
    throw new AppError('provider_rejected', `Zoho CRM returned contact ${record.id} without a Modified_Time`, { platform: 'zoho' });
  }
  return record.Modified_Time;
}

function secondOf(time: string): number {
  return Math.floor(Date.parse(time) / 1000);
}

import { z } from 'zod';
import type { ContactPage, ContactPageRequest } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody, parseSyncCursor, requireSince } from '../provider-pages';
import { refuseSyncPastReserve, type ApiAllowance } from './salesforce-api-allowance';
import { firstFullCursor, firstIncrementalCursor, nextRead, ZSalesforceCursor, type TSalesforceCursor } from './salesforce-cursor';
import { QUOTA_RETRY_AFTER_SECONDS } from './salesforce-errors';
import { fetchFullBulkPage } from './salesforce-full-bulk';
import { fetchFullRestPage, liveRecordsCondition } from './salesforce-full-rest';
import { fetchKeysetPage } from './salesforce-incremental';
import type { SalesforceObject } from './salesforce-mapping';
import { countRecords } from './salesforce-query';
import { buildSelect, formatSoqlDateTime } from './salesforce-soql';
import type { SalesforceSyncSettings } from './salesforce-sync-settings';

const ZLimits = z.looseObject({ DailyApiRequests: z.object({ Max: z.number().int().positive(), Remaining: z.number().int() }) });

export type SalesforceSyncContext = { http: ProviderHttpClient; orgId: string; allowance: ApiAllowance; settings: SalesforceSyncSettings };

/**
 * One page of a Salesforce sync run. Full: Contacts, then unconverted Leads, by REST (ordered by
 * Id) or, past `bulkThreshold` records, by Bulk API 2.0. Incremental: each object's changes since
 * `since`, then each object's deletions, keyset-paged. Every page first checks that the org's
 * API allowance is above the reserve kept for its other integrations.
 */
export async function fetchSalesforceContactsPage(context: SalesforceSyncContext, request: ContactPageRequest): Promise<ContactPage> {
  const { http, settings } = context;
  await checkSyncAllowance(context);
  let cursor: TSalesforceCursor;
  if (request.cursor) {
    cursor = parseSyncCursor(ZSalesforceCursor, request.cursor, 'Salesforce');
  } else if (request.kind === 'full') {
    const estimatedTotal = (await countLive(http, 'Contact')) + (await countLive(http, 'Lead'));
    cursor = firstFullCursor(estimatedTotal > settings.bulkThreshold ? 'bulk' : 'rest', estimatedTotal);
  } else {
    const since = requireSince(request, 'Salesforce');
    // Changes are read from `since`, however old (a quiet org's watermark lies far back); deletions
    // from the last time they were looked for, which the runner names.
    const deletionsFrom = request.deletionsSince?.getTime() ?? since;
    // Deletions older than the window are gone from Salesforce: only a full sync can tell what is left.
    if (settings.now() - deletionsFrom > settings.deletedWindowDays * 24 * 60 * 60 * 1000) {
      return { contacts: [], deleted: [], nextCursor: null, estimatedTotal: null, restartAsFull: true };
    }
    cursor = firstIncrementalCursor(formatSoqlDateTime(new Date(since)), formatSoqlDateTime(new Date(deletionsFrom)));
  }

  const page =
    cursor.kind === 'incremental'
      ? await fetchKeysetPage(http, cursor, settings, request.fields)
      : cursor.mode === 'rest'
        ? { deleted: [], ...(await fetchFullRestPage(http, cursor, settings, request.fields)) }
        : { deleted: [], ...(await fetchFullBulkPage(http, cursor, settings, request.fields)) };
  const nextCursor = page.isObjectDone ? nextRead(page.cursor) : page.cursor;
  return { contacts: page.contacts, deleted: page.deleted, nextCursor, estimatedTotal: cursor.estimatedTotal };
}

/** The org's latest known API usage, or one read of /limits when this process knows none (or only an old one). */
async function checkSyncAllowance(context: SalesforceSyncContext): Promise<void> {
  const { http, orgId, allowance, settings } = context;
  let usage = allowance.known(orgId, settings.usageMaxAgeMs);
  if (!usage) {
    const response = await http.get<unknown>('/limits', { operation: 'salesforce.limits' });
    // The response's own Sforce-Limit-Info (already noted) counts this read; the body is the fallback.
    usage = allowance.known(orgId, settings.usageMaxAgeMs);
    if (!usage) {
      const daily = parseProviderBody(ZLimits, response.data, 'Salesforce', 'the limits read').DailyApiRequests;
      allowance.record(orgId, { used: Math.max(0, daily.Max - daily.Remaining), max: daily.Max });
      usage = allowance.known(orgId, settings.usageMaxAgeMs)!;
    }
  }
  refuseSyncPastReserve(usage, settings.apiReservePercent, QUOTA_RETRY_AFTER_SECONDS);
}

function countLive(http: ProviderHttpClient, object: SalesforceObject): Promise<number> {
  return countRecords(http, buildSelect({ fields: ['COUNT()'], object, where: [liveRecordsCondition(object)] }), `salesforce.${object.toLowerCase()}.count`);
}

import { AppError } from '../../../http/app-error';
import type { MappedFieldNames } from '../../crm-records';
import type { CrmContactRecord } from '../../crm-service';
import type { ProviderErrorDetails } from '../../provider-http/provider-error';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import type { TRestCursor } from './salesforce-cursor';
import { mapSalesforceRecord, type SalesforceObject } from './salesforce-mapping';
import { runQuery, runQueryMore, type TQueryBody } from './salesforce-query';
import { selectedFields } from './salesforce-requested-fields';
import { buildSelect, quoteSoql } from './salesforce-soql';
import type { SalesforceSyncSettings } from './salesforce-sync-settings';

export type FullRestPage = { contacts: CrmContactRecord[]; cursor: TRestCursor; isObjectDone: boolean };

/** The live records a full sync reads of each object: converted leads live on as their contacts. */
export function liveRecordsCondition(object: SalesforceObject): string | null {
  return object === 'Lead' ? 'IsConverted = false' : null;
}

/**
 * One REST batch of a full read, ordered by Id: the query's first batch, or the next by its
 * nextRecordsUrl. A locator Salesforce has let expire (a long pause between pages) restarts the
 * read with `Id > last delivered`, which continues exactly where it stopped. `mapped` fields are
 * selected with the standard ones (the next batches carry them by their locator).
 */
export async function fetchFullRestPage(http: ProviderHttpClient, cursor: TRestCursor, settings: SalesforceSyncSettings, mapped?: MappedFieldNames): Promise<FullRestPage> {
  let body: TQueryBody;
  if (cursor.nextRecordsUrl === null) {
    body = await queryFrom(http, cursor, settings, mapped);
  } else {
    try {
      body = await runQueryMore(http, cursor.nextRecordsUrl, { batchSize: settings.restBatchSize, operation: 'salesforce.query.more' });
    } catch (error) {
      if (!isExpiredLocator(error)) throw error;
      body = await queryFrom(http, cursor, settings, mapped);
    }
  }
  const contacts = body.records.map((record) => mapSalesforceRecord(cursor.object, record));
  const lastId = body.records.at(-1)?.Id ?? cursor.lastId;
  if (body.done || !body.nextRecordsUrl) return { contacts, cursor: { ...cursor, nextRecordsUrl: null, lastId }, isObjectDone: true };
  return { contacts, cursor: { ...cursor, nextRecordsUrl: body.nextRecordsUrl, lastId }, isObjectDone: false };
}

function queryFrom(http: ProviderHttpClient, cursor: TRestCursor, settings: SalesforceSyncSettings, mapped: MappedFieldNames | undefined): Promise<TQueryBody> {
  const soql = buildSelect({
    fields: selectedFields(cursor.object, mapped),
    object: cursor.object,
    where: [liveRecordsCondition(cursor.object), cursor.lastId === null ? null : `Id > ${quoteSoql(cursor.lastId)}`],
    orderBy: 'Id',
  });
  return runQuery(http, soql, { batchSize: settings.restBatchSize, operation: `salesforce.${cursor.object.toLowerCase()}.query` });
}

function isExpiredLocator(error: unknown): boolean {
  return error instanceof AppError && (error.details as ProviderErrorDetails | undefined)?.providerCode === 'INVALID_QUERY_LOCATOR';
}

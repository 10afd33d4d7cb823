import type { MappedFieldNames } from '../../crm-records';
import type { CrmContactRecord, DeletedContact } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import type { TKeysetCursor } from './salesforce-cursor';
import { mapSalesforceRecord, readSalesforceTime, type TSalesforceRecord } from './salesforce-mapping';
import { runQuery } from './salesforce-query';
import { selectedFields } from './salesforce-requested-fields';
import { buildSelect, keysetAfter } from './salesforce-soql';
import type { SalesforceSyncSettings } from './salesforce-sync-settings';

export type KeysetPage = { contacts: CrmContactRecord[]; deleted: DeletedContact[]; cursor: TKeysetCursor; isObjectDone: boolean };

/**
 * One keyset page of an incremental read: records of the object changed (or, with queryAll,
 * deleted) at or after `since`, in (SystemModstamp, Id) order, after the last one delivered.
 * Leads are read whatever IsConverted says: a lead converted since is returned as a deletion of
 * that lead, and its contact comes with the Contact read. Changes select the `mapped` fields too.
 */
export async function fetchKeysetPage(http: ProviderHttpClient, cursor: TKeysetCursor, settings: SalesforceSyncSettings, mapped?: MappedFieldNames): Promise<KeysetPage> {
  const isDeletions = cursor.read === 'deleted';
  const soql = buildSelect({
    fields: isDeletions ? ['Id', 'SystemModstamp'] : selectedFields(cursor.object, mapped),
    object: cursor.object,
    where: [isDeletions ? 'IsDeleted = true' : null, `SystemModstamp >= ${cursor.since}`, cursor.after === null ? null : keysetAfter(cursor.after)],
    orderBy: 'SystemModstamp, Id',
    limit: settings.keysetLimit,
  });
  const body = await runQuery(http, soql, { all: isDeletions, operation: `salesforce.${cursor.object.toLowerCase()}.${cursor.read}` });
  const contacts: CrmContactRecord[] = [];
  const deleted: DeletedContact[] = [];
  for (const record of body.records) {
    if (isDeletions || record.IsConverted === true) deleted.push(toDeletion(record));
    else contacts.push(mapSalesforceRecord(cursor.object, record));
  }
  const last = body.records.at(-1);
  // A short batch may still not be the end (Salesforce sizes batches as it likes); only `done` with fewer than LIMIT is.
  const isObjectDone = last === undefined || (body.done && body.records.length < settings.keysetLimit);
  const after = last && typeof last.SystemModstamp === 'string' ? { stamp: last.SystemModstamp, id: last.Id } : cursor.after;
  return { contacts, deleted, cursor: { ...cursor, after }, isObjectDone };
}

function toDeletion(record: TSalesforceRecord): DeletedContact {
  return { externalId: record.Id, deletedAt: readSalesforceTime(record.SystemModstamp) };
}

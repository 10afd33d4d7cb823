import type { TContactObjectType } from '@voiceagent/shared';
import type { CrmContactRecord } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { mapSalesforceRecord } from './salesforce-mapping';
import { runQuery } from './salesforce-query';
import { selectedFields } from './salesforce-requested-fields';
import { buildSelect, inList, isSalesforceId } from './salesforce-soql';

/** Ids per query: well inside SOQL's statement length and one batch of results (2,000). */
const IDS_PER_QUERY = 200;

/**
 * `SELECT … WHERE Id IN (…)` through the query path the sync uses, with its fields. Deleted
 * records are not returned by /query and a converted lead counts as gone (its contact is a record
 * of its own), so what is absent is what the caller treats as deleted. Malformed ids are left out
 * before they reach a statement.
 */
export async function readSalesforceRecordsByIds(
  http: ProviderHttpClient,
  objectType: TContactObjectType,
  ids: readonly string[],
  fields: readonly string[] | undefined,
): Promise<CrmContactRecord[]> {
  const object = objectType === 'lead' ? 'Lead' : 'Contact';
  const mapped = objectType === 'lead' ? { contact: [], lead: fields ?? [] } : { contact: fields ?? [], lead: [] };
  const wanted = ids.filter(isSalesforceId);
  const records: CrmContactRecord[] = [];
  for (let start = 0; start < wanted.length; start += IDS_PER_QUERY) {
    const soql = buildSelect({ fields: selectedFields(object, mapped), object, where: [inList('Id', wanted.slice(start, start + IDS_PER_QUERY))] });
    const body = await runQuery(http, soql, { operation: `salesforce.${object.toLowerCase()}.by-ids` });
    for (const record of body.records) if (record.IsConverted !== true) records.push(mapSalesforceRecord(object, record));
  }
  return records;
}

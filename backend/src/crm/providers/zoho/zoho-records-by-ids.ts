import { z } from 'zod';
import type { CrmContactRecord } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';
import { mapZohoContact, ZZohoRecord } from './zoho-mapping';
import { ZOHO_API_VERSION } from './zoho-oauth';
import { zohoRecordFields } from './zoho-records';

/** Get Records takes at most 100 ids. */
export const ZOHO_IDS_PER_REQUEST = 100;

const ZRecords = z.object({ data: z.array(ZZohoRecord) });

/** GET /Contacts?ids=…: the contacts among `ids` that Zoho still has, with the sync's fields; 204 when none is left. */
export async function readZohoContactsByIds(http: ProviderHttpClient, ids: readonly string[], fields: readonly string[] | undefined): Promise<CrmContactRecord[]> {
  const names = zohoRecordFields(fields);
  const records: CrmContactRecord[] = [];
  for (let start = 0; start < ids.length; start += ZOHO_IDS_PER_REQUEST) {
    const chunk = ids.slice(start, start + ZOHO_IDS_PER_REQUEST);
    const response = await http.get<unknown>(`/crm/${ZOHO_API_VERSION}/Contacts`, { params: { ids: chunk.join(','), fields: names }, operation: 'zoho.contacts.by-ids' });
    if (response.status === 204) continue;
    records.push(...parseProviderBody(ZRecords, response.data, 'Zoho CRM', 'Get Records by ids').data.map(mapZohoContact));
  }
  return records;
}

import { z } from 'zod';
import type { CrmContactRecord } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';
import { mapHubSpotContact, selectHubSpotProperties, ZHubSpotObject } from './hubspot-mapping';

/** HubSpot's batch read takes at most 100 inputs. */
export const HUBSPOT_BATCH_READ_MAX = 100;

const ZBatchRead = z.object({ results: z.array(ZHubSpotObject).default([]) });

/**
 * The live contacts among `ids`, read with the properties a sync asks for (standard and mapped).
 * Ids HubSpot does not have (archived, merged away, never existed) are simply absent: HubSpot
 * lists them as errors of a 207, which the caller reads as "gone".
 */
export async function readHubSpotContactsByIds(http: ProviderHttpClient, ids: readonly string[], fields: readonly string[] | undefined): Promise<CrmContactRecord[]> {
  const properties = selectHubSpotProperties(fields);
  const records: CrmContactRecord[] = [];
  for (let start = 0; start < ids.length; start += HUBSPOT_BATCH_READ_MAX) {
    const inputs = ids.slice(start, start + HUBSPOT_BATCH_READ_MAX).map((id) => ({ id }));
    const response = await http.post<unknown>(
      '/crm/v3/objects/contacts/batch/read',
      { inputs, properties },
      // A read sent by POST: safe to send again.
      { operation: 'hubspot.contacts.batch-read', idempotent: true },
    );
    records.push(...parseProviderBody(ZBatchRead, response.data, 'HubSpot', 'the contacts batch read').results.map(mapHubSpotContact));
  }
  return records;
}

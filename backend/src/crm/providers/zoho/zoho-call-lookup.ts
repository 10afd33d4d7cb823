import { z } from 'zod';
import type { CallLog } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { bodyHasMarker } from '../logged-call-marker';
import { parseProviderBody } from '../provider-pages';
import { ZOHO_API_VERSION } from './zoho-oauth';

const ZFoundCalls = z.object({
  data: z.array(z.object({ id: z.string().min(1), Description: z.string().nullable().optional(), Who_Id: z.object({ id: z.string() }).nullable().optional() })),
  info: z.object({ more_records: z.boolean().optional() }).optional(),
});

/** Zoho's search takes at most 10 criteria per request, and pages by 200 up to 2,000 records. */
const CRITERIA_PER_SEARCH = 10;
const PER_PAGE = 200;
const PAGES_MAX = 10;

type Found = { externalId: string } | null;

/**
 * For each call, the one on its contact whose Description carries its marker, found with the
 * Calls search: one search for every 10 contacts, their criteria joined by `or` (204: none).
 */
export async function findZohoCalls(http: ProviderHttpClient, calls: CallLog[]): Promise<Found[]> {
  const found: Found[] = calls.map(() => null);
  const waiting = new Map<string, number[]>();
  calls.forEach((call, index) => {
    // Zoho ids are digits; anything else cannot be a contact there and needs no search.
    if (/^\d+$/.test(call.contactExternalId)) waiting.set(call.contactExternalId, [...(waiting.get(call.contactExternalId) ?? []), index]);
  });
  const contactIds = [...waiting.keys()];
  for (let start = 0; start < contactIds.length; start += CRITERIA_PER_SEARCH) {
    const group = contactIds.slice(start, start + CRITERIA_PER_SEARCH);
    const terms = group.map((id) => `(Who_Id:equals:${id})`);
    const criteria = terms.length === 1 ? terms[0]! : `(${terms.join('or')})`;
    for (let page = 1; page <= PAGES_MAX && group.some((id) => waiting.has(id)); page += 1) {
      const response = await http.get<unknown>(`/crm/${ZOHO_API_VERSION}/Calls/search`, { params: { criteria, per_page: PER_PAGE, page }, operation: 'zoho.calls.search' });
      if (response.status === 204) break;
      const body = parseProviderBody(ZFoundCalls, response.data, 'Zoho CRM', 'the calls search');
      for (const record of body.data) {
        // Without Who_Id in the answer, any contact of the group may own the record.
        for (const contactId of record.Who_Id ? [record.Who_Id.id] : group) {
          const indexes = waiting.get(contactId);
          if (!indexes) continue;
          const still = indexes.filter((index) => {
            if (found[index] !== null || !bodyHasMarker(record.Description, calls[index]!.marker)) return true;
            found[index] = { externalId: record.id };
            return false;
          });
          if (still.length === 0) waiting.delete(contactId);
          else waiting.set(contactId, still);
        }
      }
      if (!body.info?.more_records) break;
    }
  }
  return found;
}

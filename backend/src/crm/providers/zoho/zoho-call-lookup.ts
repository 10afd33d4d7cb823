import { z } from 'zod';
import type { CallLog } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { bodyHasMarker } from '../logged-call-marker';
import { parseProviderBody } from '../provider-pages';
import { ZOHO_API_VERSION } from './zoho-oauth';

const ZFoundCalls = z.object({ data: z.array(z.object({ id: z.string().min(1), Description: z.string().nullable().optional() })) });

/** The call on the contact whose Description carries the marker, found with the Calls search (204: none). */
export async function findZohoCall(http: ProviderHttpClient, call: CallLog): Promise<{ externalId: string } | null> {
  // Zoho ids are digits; anything else cannot be a contact there and needs no search.
  if (!/^\d+$/.test(call.contactExternalId)) return null;
  const response = await http.get<unknown>(`/crm/${ZOHO_API_VERSION}/Calls/search`, {
    params: { criteria: `(Who_Id:equals:${call.contactExternalId})` },
    operation: 'zoho.calls.search',
  });
  if (response.status === 204) return null;
  const found = parseProviderBody(ZFoundCalls, response.data, 'Zoho CRM', 'the calls search').data.find((record) => bodyHasMarker(record.Description, call.marker));
  return found ? { externalId: found.id } : null;
}

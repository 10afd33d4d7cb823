import { z } from 'zod';
import type { CallLog } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { bodyHasMarker } from '../logged-call-marker';
import { parseProviderBody } from '../provider-pages';

const ZContactCalls = z.object({
  associations: z.object({ calls: z.object({ results: z.array(z.object({ id: z.string().min(1) })) }).optional() }).optional(),
});
const ZCallBody = z.object({ properties: z.object({ hs_call_body: z.string().nullable().optional() }) });

/** Calls on a contact that are read to find one: a write-back retries within minutes, so its call is among the latest. */
const CALLS_READ = 20;
const acceptNotFound = { validateStatus: (status: number) => (status >= 200 && status < 300) || status === 404 };

/** The call on the contact whose body carries the marker: the contact's calls, the latest first, each read for its body. */
export async function findHubSpotCall(http: ProviderHttpClient, call: CallLog): Promise<{ externalId: string } | null> {
  const contact = await http.get<unknown>(`/crm/v3/objects/contacts/${encodeURIComponent(call.contactExternalId)}`, {
    params: { associations: 'calls' },
    operation: 'hubspot.contacts.calls',
    ...acceptNotFound,
  });
  if (contact.status === 404) return null;
  const ids = parseProviderBody(ZContactCalls, contact.data, 'HubSpot', "the contact's calls").associations?.calls?.results.map((result) => result.id) ?? [];
  const latestFirst = [...ids].sort((a, b) => Number(b) - Number(a) || b.localeCompare(a)).slice(0, CALLS_READ);
  for (const id of latestFirst) {
    const read = await http.get<unknown>(`/crm/v3/objects/calls/${encodeURIComponent(id)}`, { params: { properties: 'hs_call_body' }, operation: 'hubspot.calls.read', ...acceptNotFound });
    if (read.status === 404) continue;
    if (bodyHasMarker(parseProviderBody(ZCallBody, read.data, 'HubSpot', 'the call').properties.hs_call_body, call.marker)) return { externalId: id };
  }
  return null;
}

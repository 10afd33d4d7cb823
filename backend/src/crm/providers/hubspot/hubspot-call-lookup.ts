import { z } from 'zod';
import type { CallLog } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { bodyHasMarker } from '../logged-call-marker';
import { parseProviderBody } from '../provider-pages';

const ZContactCalls = z.object({
  associations: z.object({ calls: z.object({ results: z.array(z.object({ id: z.string().min(1) })) }).optional() }).optional(),
});
const ZCallBodies = z.object({
  results: z.array(z.object({ id: z.string().min(1), properties: z.object({ hs_call_body: z.string().nullable().optional() }) })),
});

/** A batch read takes 100 ids; a write-back retries within minutes, so its call is among the contact's latest. */
const CALLS_READ = 100;

/**
 * The call on the contact whose body carries the marker: the contact's call associations, then
 * the latest of those calls read in one batch (a 207 for calls deleted meanwhile still lists the rest).
 */
export async function findHubSpotCall(http: ProviderHttpClient, call: CallLog): Promise<{ externalId: string } | null> {
  const contact = await http.get<unknown>(`/crm/v3/objects/contacts/${encodeURIComponent(call.contactExternalId)}`, {
    params: { associations: 'calls' },
    operation: 'hubspot.contacts.calls',
    validateStatus: (status) => (status >= 200 && status < 300) || status === 404,
  });
  if (contact.status === 404) return null;
  const ids = parseProviderBody(ZContactCalls, contact.data, 'HubSpot', "the contact's calls").associations?.calls?.results.map((result) => result.id) ?? [];
  if (ids.length === 0) return null;
  const latest = [...ids].sort((a, b) => Number(b) - Number(a) || b.localeCompare(a)).slice(0, CALLS_READ);
  const read = await http.post<unknown>(
    '/crm/v3/objects/calls/batch/read',
    { inputs: latest.map((id) => ({ id })), properties: ['hs_call_body'] },
    // A read, though sent by POST: safe to send again.
    { operation: 'hubspot.calls.batch-read', idempotent: true },
  );
  const found = parseProviderBody(ZCallBodies, read.data, 'HubSpot', 'the calls batch read').results.find((result) => bodyHasMarker(result.properties.hs_call_body, call.marker));
  return found ? { externalId: found.id } : null;
}

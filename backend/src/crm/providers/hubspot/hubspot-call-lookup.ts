import { z } from 'zod';
import type { CallLog } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { bodyHasMarker } from '../logged-call-marker';
import { parseProviderBody } from '../provider-pages';

const ZAssociations = z.object({
  results: z.array(
    z.object({
      from: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
      to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(String) })),
      paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
    }),
  ),
});
const ZCallBodies = z.object({
  results: z.array(z.object({ id: z.string().min(1), properties: z.object({ hs_call_body: z.string().nullable().optional() }) })),
});

/** Ids per association read and per batch read of calls. */
const BATCH = 100;
/** Pages of 500 associations followed per contact: a contact with more calls than this is not looked through. */
const ASSOCIATION_PAGES_MAX = 10;
/** A write-back retries within minutes, so the call it looks for is among the contact's latest. */
const CANDIDATES_PER_CONTACT = 100;

type Found = { externalId: string } | null;

/**
 * For each call, the one on its contact whose body carries its marker. Not HubSpot's search:
 * search is eventually consistent and may not show a call created seconds ago, which would then
 * be logged twice. Association and object reads see it at once: each contact's calls (one v4
 * batch read for up to 100 contacts), then their bodies, newest first, 100 per batch read, until
 * every call is found or every candidate was read. A lost batch of 100 costs two requests.
 */
export async function findHubSpotCalls(http: ProviderHttpClient, calls: CallLog[]): Promise<Found[]> {
  const found: Found[] = calls.map(() => null);
  const waiting = new Map<string, number[]>();
  calls.forEach((call, index) => waiting.set(call.contactExternalId, [...(waiting.get(call.contactExternalId) ?? []), index]));
  const callIdsOf = await readCallAssociations(http, [...waiting.keys()]);

  const contactsOfCall = new Map<string, string[]>();
  const ranked = new Map<string, string[]>();
  for (const [contactId, ids] of callIdsOf) {
    for (const id of ids) contactsOfCall.set(id, [...(contactsOfCall.get(id) ?? []), contactId]);
    ranked.set(contactId, [...new Set(ids)].sort((a, b) => Number(b) - Number(a) || b.localeCompare(a)).slice(0, CANDIDATES_PER_CONTACT));
  }
  // Each contact's newest call first, then each one's second newest…: one read finds a whole lost batch.
  const order: Array<{ contactId: string; callId: string }> = [];
  for (let rank = 0; rank < CANDIDATES_PER_CONTACT; rank += 1) {
    for (const [contactId, ids] of ranked) if (rank < ids.length) order.push({ contactId, callId: ids[rank]! });
  }

  let cursor = 0;
  while (cursor < order.length && waiting.size > 0) {
    const chunk = new Set<string>();
    while (cursor < order.length && chunk.size < BATCH) {
      const next = order[cursor++]!;
      if (waiting.has(next.contactId)) chunk.add(next.callId);
    }
    if (chunk.size === 0) break;
    const read = await http.post<unknown>(
      '/crm/v3/objects/calls/batch/read',
      { inputs: [...chunk].map((id) => ({ id })), properties: ['hs_call_body'] },
      // A read, though sent by POST: safe to send again. A 207 for calls deleted meanwhile still lists the rest.
      { operation: 'hubspot.calls.batch-read', idempotent: true },
    );
    for (const result of parseProviderBody(ZCallBodies, read.data, 'HubSpot', 'the calls batch read').results) {
      for (const contactId of contactsOfCall.get(result.id) ?? []) {
        const indexes = waiting.get(contactId);
        if (!indexes) continue;
        const still = indexes.filter((index) => {
          if (found[index] !== null || !bodyHasMarker(result.properties.hs_call_body, calls[index]!.marker)) return true;
          found[index] = { externalId: result.id };
          return false;
        });
        if (still.length === 0) waiting.delete(contactId);
        else waiting.set(contactId, still);
      }
    }
  }
  return found;
}

/**
 * contact id → ids of its calls, through POST /crm/v4/associations/contacts/calls/batch/read.
 * HubSpot lists a contact without calls (or one that no longer exists) as an error of a 207.
 */
async function readCallAssociations(http: ProviderHttpClient, contactIds: string[]): Promise<Map<string, string[]>> {
  const callIdsOf = new Map<string, string[]>();
  for (let start = 0; start < contactIds.length; start += BATCH) {
    let inputs: Array<{ id: string; after?: string }> = contactIds.slice(start, start + BATCH).map((id) => ({ id }));
    for (let page = 0; page < ASSOCIATION_PAGES_MAX && inputs.length > 0; page += 1) {
      const response = await http.post<unknown>('/crm/v4/associations/contacts/calls/batch/read', { inputs }, { operation: 'hubspot.calls.associations', idempotent: true });
      const { results } = parseProviderBody(ZAssociations, response.data, 'HubSpot', "the contacts' call associations");
      inputs = [];
      for (const result of results) {
        callIdsOf.set(result.from.id, [...(callIdsOf.get(result.from.id) ?? []), ...result.to.map((to) => to.toObjectId)]);
        const after = result.paging?.next?.after;
        if (after !== undefined) inputs.push({ id: result.from.id, after });
      }
    }
  }
  return callIdsOf;
}

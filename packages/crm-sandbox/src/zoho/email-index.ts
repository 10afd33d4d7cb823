import { generateAccountPerson } from '../common/seeded-people';
import type { StoredContact } from './contact-fields';
import type { ContactStore } from './contact-store';

/**
 * Zoho refuses a second contact with an existing Email (DUPLICATE_DATA) and upserts by it, so
 * writes need "who has this email?". For seeded contacts that means generating every person
 * once: the index is built on the first write that needs it, in slices that yield to the event
 * loop so a large org keeps serving reads meanwhile. It holds 53-bit hashes, not the emails.
 */
type SeededEmails = Map<number, number | number[]>;

const SLICE = 5_000;
const cache = new WeakMap<ContactStore, { count: number; ready: Promise<SeededEmails> }>();

export async function emailLookupFor(store: ContactStore): Promise<(email: string, excludeId?: string) => StoredContact | null> {
  let entry = cache.get(store);
  if (!entry || entry.count !== store.seededCount) {
    entry = { count: store.seededCount, ready: buildSeededEmails(store) };
    cache.set(store, entry);
  }
  const seeded = await entry.ready;
  return (email, excludeId) => findByEmail(store, seeded, email, excludeId);
}

async function buildSeededEmails(store: ContactStore): Promise<SeededEmails> {
  const map: SeededEmails = new Map();
  const count = store.seededCount;
  for (let start = 0; start < count; start += SLICE) {
    const end = Math.min(count, start + SLICE);
    for (let i = start; i < end; i++) {
      const email = generateAccountPerson(store.source, i).email;
      if (!email) continue;
      const key = hashEmail(email);
      const existing = map.get(key);
      if (existing === undefined) map.set(key, i);
      else if (typeof existing === 'number') map.set(key, [existing, i]);
      else existing.push(i);
    }
    if (end < count) await new Promise((resolve) => setImmediate(resolve));
  }
  return map;
}

/** The oldest live contact (lowest id) whose Email matches, ignoring case. */
function findByEmail(store: ContactStore, seeded: SeededEmails, email: string, excludeId?: string): StoredContact | null {
  const wanted = email.toLowerCase();
  let best: StoredContact | null = null;
  const consider = (contact: StoredContact | null) => {
    if (!contact || contact.id === excludeId) return;
    if (typeof contact.fields.Email !== 'string' || contact.fields.Email.toLowerCase() !== wanted) return;
    if (!best || contact.id < best.id) best = contact;
  };
  const hit = seeded.get(hashEmail(wanted));
  const indices = hit === undefined ? [] : typeof hit === 'number' ? [hit] : hit;
  // Edited and deleted seeded contacts are judged by the overlay, not by their seeded email.
  for (const index of indices) if (index < store.seededCount && !store.isOverlaid(index)) consider(store.seededOriginal(index));
  for (const contact of store.overlayContacts()) consider(contact);
  return best;
}

/** cyrb53: a 53-bit string hash, so a million emails practically never collide. */
function hashEmail(email: string): number {
  const value = email.toLowerCase();
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

import type { StoredContact } from './contact-fields';
import type { ZohoOrg } from './org';
import { AdminError } from './admin-error';

/**
 * The contacts an admin change targets: the given ids, or `count` live contacts spread evenly
 * over the org (created ones first), so changes land all over a sort order, not in one corner.
 */
export function pickContacts(org: ZohoOrg, input: { ids?: string[]; count?: number }): StoredContact[] {
  const store = org.contacts;
  if (input.ids) {
    return input.ids.map((id) => {
      const contact = store.get(id);
      if (!contact) throw new AdminError(404, 'not_found', `No contact ${id} in account ${org.id}`);
      return contact;
    });
  }
  const wanted = Math.min(input.count ?? 0, store.liveCount());
  const picked: StoredContact[] = [...store.created.values()].slice(0, wanted);
  const taken = new Set<number>();
  const seeded = store.seededCount;
  const step = Math.max(1, Math.floor(seeded / Math.max(1, wanted - picked.length)));
  for (let start = 0; picked.length < wanted && start < step; start++) {
    for (let index = start; index < seeded && picked.length < wanted; index += step) {
      if (taken.has(index)) continue;
      const contact = store.getByRef({ kind: 'seeded', index });
      if (!contact) continue;
      taken.add(index);
      picked.push(contact);
    }
  }
  return picked;
}

/**
 * A portal's contact lists (HubSpot Lists API v3). MANUAL and SNAPSHOT lists are changed by API
 * calls or the admin; DYNAMIC lists are kept by HubSpot from their criteria, which the sandbox
 * stands in for: only the admin changes their members. Members are contact ids in the order added.
 */
export type ListProcessingType = 'MANUAL' | 'DYNAMIC' | 'SNAPSHOT';

export type ContactList = {
  listId: string;
  name: string;
  processingType: ListProcessingType;
  createdAt: number;
  updatedAt: number;
  listVersion: number;
  members: Map<string, number>;
};

export class ListStore {
  private readonly lists = new Map<string, ContactList>();
  private nextId = 1;

  create(input: { name: string; processingType: ListProcessingType }, now: number): ContactList {
    const list: ContactList = { listId: String(this.nextId++), ...input, createdAt: now, updatedAt: now, listVersion: 1, members: new Map() };
    this.lists.set(list.listId, list);
    return list;
  }

  find(listId: string): ContactList | undefined {
    return this.lists.get(listId);
  }

  list(): ContactList[] {
    return [...this.lists.values()];
  }

  delete(listId: string): boolean {
    return this.lists.delete(listId);
  }

  /** Adds and removes members; the ids already in (or already out) are left as they are. */
  changeMembers(list: ContactList, change: { add: readonly string[]; remove: readonly string[] }, now: number): { added: string[]; removed: string[] } {
    const added = change.add.filter((id) => !list.members.has(id));
    for (const id of added) list.members.set(id, now);
    const removed = change.remove.filter((id) => list.members.delete(id));
    if (added.length > 0 || removed.length > 0) {
      list.updatedAt = now;
      list.listVersion += 1;
    }
    return { added, removed };
  }
}

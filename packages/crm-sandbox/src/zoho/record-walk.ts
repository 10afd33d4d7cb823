import type { StoredContact } from './contact-fields';
import type { ContactStore } from './contact-store';
import { parseContactId, seededContactId } from './ids';
import type { ContactRef } from './ids';
import { lowerBound, packKey, seededOrderOf, unpackKey } from './seeded-order';
import type { SeededOrder } from './seeded-order';

export type SortField = 'id' | 'Modified_Time' | 'Created_Time';
export type SortOrder = 'asc' | 'desc';
/** Position in a sort order: the sort second (0 when sorting by id) and the id, which breaks ties. */
export type Cursor = { sec: number; id: string };
export type WalkEntry = Cursor & { ref: ContactRef };
export type WalkOptions = { sortBy: SortField; order: SortOrder; after?: Cursor; sinceSec?: number };

/**
 * Yields an org's live contacts in (sort second, id) order, strictly after `after`, keeping
 * only those modified at or after `sinceSec` (If-Modified-Since is inclusive). Seeded contacts
 * come from the cached sorted arrays; the few in the overlay (edited or created) are merged in.
 */
export function* walkContacts(store: ContactStore, options: WalkOptions): Generator<WalkEntry> {
  const order = seededOrderOf(store);
  const base = baseSequence(store, order, options);
  const overlay = overlaySequence(store, options);
  let nextBase = base.next();
  let nextOverlay = overlay.next();
  const sign = options.order === 'asc' ? 1 : -1;
  while (!nextBase.done || !nextOverlay.done) {
    if (nextOverlay.done || (!nextBase.done && sign * compareCursor(nextBase.value, nextOverlay.value) < 0)) {
      yield nextBase.value as WalkEntry;
      nextBase = base.next();
    } else {
      yield nextOverlay.value;
      nextOverlay = overlay.next();
    }
  }
}

export function compareCursor(a: Cursor, b: Cursor): number {
  if (a.sec !== b.sec) return a.sec - b.sec;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function* baseSequence(store: ContactStore, order: SeededOrder, options: WalkOptions): Generator<WalkEntry> {
  const count = store.seededCount;
  const since = options.sinceSec;
  const keep = (index: number) => !store.isOverlaid(index) && (since === undefined || (order.modifiedSec[index] ?? 0) >= since);
  const entry = (sec: number, index: number): WalkEntry => ({ sec, id: seededContactId(store.orgCode, index), ref: { kind: 'seeded', index } });

  if (options.sortBy === 'id') {
    const cursorRef = options.after ? parseContactId(store.orgCode, options.after.id) : null;
    if (options.order === 'asc') {
      // Created ids sort after every seeded id, so a created cursor leaves no seeded contact to visit.
      const start = !options.after ? 0 : cursorRef?.kind === 'seeded' ? cursorRef.index + 1 : count;
      for (let i = start; i < count; i++) if (keep(i)) yield entry(0, i);
    } else {
      const start = !options.after ? count - 1 : cursorRef?.kind === 'seeded' ? cursorRef.index - 1 : count - 1;
      for (let i = Math.min(start, count - 1); i >= 0; i--) if (keep(i)) yield entry(0, i);
    }
    return;
  }

  const keys = order.sortedBy(options.sortBy);
  const sinceFloor = since !== undefined && options.sortBy === 'Modified_Time' ? packKey(since, 0) : null;
  if (options.order === 'asc') {
    let pos = options.after ? lowerBound(keys, cursorBoundary(store, options.after).firstAfter) : 0;
    if (sinceFloor !== null) pos = Math.max(pos, lowerBound(keys, sinceFloor));
    for (; pos < keys.length; pos++) {
      const { sec, index } = unpackKey(keys[pos] ?? 0);
      if (keep(index)) yield entry(sec, index);
    }
  } else {
    let pos = options.after ? lowerBound(keys, cursorBoundary(store, options.after).firstNotBefore) - 1 : keys.length - 1;
    for (; pos >= 0; pos--) {
      const { sec, index } = unpackKey(keys[pos] ?? 0);
      if (sinceFloor !== null && sec < (since ?? 0)) return;
      if (keep(index)) yield entry(sec, index);
    }
  }
}

/**
 * Where a cursor falls among packed seeded keys: the first key after it and the first key not
 * before it. A created contact's id is above every seeded id, so within the cursor's second
 * every seeded contact comes before it.
 */
function cursorBoundary(store: ContactStore, cursor: Cursor): { firstAfter: number; firstNotBefore: number } {
  const ref = parseContactId(store.orgCode, cursor.id);
  if (ref?.kind === 'seeded') {
    const key = packKey(cursor.sec, ref.index);
    return { firstAfter: key + 1, firstNotBefore: key };
  }
  const nextSecond = packKey(cursor.sec + 1, 0);
  return { firstAfter: nextSecond, firstNotBefore: nextSecond };
}

const overlayCache = new WeakMap<ContactStore, { version: number; sorted: Map<SortField, { contact: StoredContact; entry: WalkEntry }[]> }>();

function sortedOverlay(store: ContactStore, sortBy: SortField): { contact: StoredContact; entry: WalkEntry }[] {
  let cached = overlayCache.get(store);
  if (!cached || cached.version !== store.version) {
    cached = { version: store.version, sorted: new Map() };
    overlayCache.set(store, cached);
  }
  let list = cached.sorted.get(sortBy);
  if (!list) {
    list = store.overlayContacts().map((contact) => ({ contact, entry: { sec: sortSecond(contact, sortBy), id: contact.id, ref: contact.ref } }));
    list.sort((a, b) => compareCursor(a.entry, b.entry));
    cached.sorted.set(sortBy, list);
  }
  return list;
}

function* overlaySequence(store: ContactStore, options: WalkOptions): Generator<WalkEntry> {
  const list = sortedOverlay(store, options.sortBy);
  const since = options.sinceSec;
  const sign = options.order === 'asc' ? 1 : -1;
  const ordered = options.order === 'asc' ? list : [...list].reverse();
  for (const { contact, entry } of ordered) {
    if (options.after && sign * compareCursor(entry, options.after) <= 0) continue;
    if (since !== undefined && Math.floor(contact.modifiedAtMs / 1000) < since) continue;
    yield entry;
  }
}

function sortSecond(contact: StoredContact, sortBy: SortField): number {
  if (sortBy === 'id') return 0;
  return Math.floor((sortBy === 'Modified_Time' ? contact.modifiedAtMs : contact.createdAtMs) / 1000);
}

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ContactProperties } from './contact-properties';
import type { ContactRecord, ContactStore } from './contact-store';
import { canonicalProperty, compareValues, compileFilterGroups, isInRange, rangeOf, valueOf, type ContactView, type KeyRange, type Predicate, type SearchFilter } from './search-filters';
import { lowerBound, upperBound } from './timestamp-index';

export type SearchSort = { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' };

export type SearchQuery = {
  filterGroups: SearchFilter[][];
  sort: SearchSort;
  query: string | null;
  offset: number;
  limit: number;
};

export type SearchOutcome = { total: number; records: ContactRecord[] };

/**
 * Scans that generate people (about 50 µs each) yield this often, so one slow search on a big
 * account does not stall every other request.
 */
const YIELD_EVERY = 2000;

/** Sort keys the seeded contacts can be walked in without generating them. */
const INDEXED_KEYS = new Set(['hs_object_id', 'createdate', 'lastmodifieddate']);

/** Seeded positions in sort order, [from, to), narrowed to the filters' range on the sort key. */
type BaseOrder = { indexAt(position: number): number; keyAt(position: number): number; keyOf(index: number): number; from: number; to: number };

type Walk = { store: ContactStore; base: BaseOrder; overlay: ContactRecord[]; key: string; descending: boolean; touched: ReadonlySet<number> };

/**
 * Runs a contact search without materialising the account. Sorting by id, createdate or
 * (hs_)lastmodifieddate walks the seeded contacts in index order or along the cached timestamp
 * index, narrowed by the filters' range on that key, merging in the overlay (edited and created
 * contacts). When the filters are only that range — a sync's "modified since" query — matches
 * are counted from positions and only the requested page is visited. Other sorts collect the
 * matches and sort them.
 */
export async function searchContacts(store: ContactStore, query: SearchQuery): Promise<SearchOutcome> {
  const { test, needsText } = compileFilterGroups(query.filterGroups, query.query);
  const key = canonicalProperty(query.sort.propertyName);
  const descending = query.sort.direction === 'DESCENDING';
  // Text filters and text sorts read every candidate's person; keep people in memory when the account is small enough.
  if (needsText || !INDEXED_KEYS.has(key)) await store.people.warm(store.seededCount);
  const overlay = sortedOverlay(store, key, descending).filter((record) => test(viewOfRecord(record)));
  if (!INDEXED_KEYS.has(key)) return collectAndSort(store, query, test, overlay, key, descending);

  const range = rangeOf(query.filterGroups, key, query.query !== null);
  const walk: Walk = { store, base: baseOrder(store, key, range), overlay, key, descending, touched: store.touchedIndices() };
  return range.exact ? pageExactRange(walk, range, query) : scanRange(walk, test, query, needsText);
}

/** Every seeded contact in range matches unless touched, so the total is arithmetic. */
async function pageExactRange(walk: Walk, range: KeyRange, query: SearchQuery): Promise<SearchOutcome> {
  const { base, touched } = walk;
  let touchedInRange = 0;
  for (const index of touched) if (index < walk.store.seededCount && isInRange(base.keyOf(index), range)) touchedInRange += 1;
  const total = base.to - base.from - touchedInRange + walk.overlay.length;
  return { total, records: (await walkMatches(walk, () => true, query.offset, query.offset + query.limit, { stopAtEnd: true, yields: false })).records };
}

async function scanRange(walk: Walk, test: Predicate, query: SearchQuery, needsText: boolean): Promise<SearchOutcome> {
  const view = new SeededView(walk.store);
  const { records, matched } = await walkMatches(walk, (index) => test(view.at(index)), query.offset, query.offset + query.limit, { stopAtEnd: false, yields: needsText });
  return { total: matched, records };
}

/**
 * Merges the seeded walk with the overlay in sort order and keeps matches [start, end). With
 * `stopAtEnd` it stops there; otherwise it walks on to count every match.
 */
async function walkMatches(
  walk: Walk,
  matches: (index: number) => boolean,
  start: number,
  end: number,
  { stopAtEnd, yields }: { stopAtEnd: boolean; yields: boolean },
): Promise<{ records: ContactRecord[]; matched: number }> {
  const { store, base, overlay, key, descending, touched } = walk;
  const records: ContactRecord[] = [];
  let matched = 0;
  let next = 0;
  const keep = (read: () => ContactRecord) => {
    if (matched >= start && matched < end) records.push(read());
    matched += 1;
  };
  const step = descending ? -1 : 1;
  for (let position = descending ? base.to - 1 : base.from; descending ? position >= base.from : position < base.to; position += step) {
    if (stopAtEnd && matched >= end) return { records, matched };
    if (yields && position % YIELD_EVERY === 0) await yieldToEventLoop();
    const index = base.indexAt(position);
    if (touched.has(index) || !matches(index)) continue;
    while (next < overlay.length && comesBefore(overlay[next]!, base.keyAt(position), index + 1, key, descending)) {
      const record = overlay[next++]!;
      keep(() => record);
    }
    keep(() => store.readSeeded(index));
  }
  while (next < overlay.length && !(stopAtEnd && matched >= end)) {
    const record = overlay[next++]!;
    keep(() => record);
  }
  return { records, matched };
}

function baseOrder(store: ContactStore, key: string, range: KeyRange): BaseOrder {
  const count = store.seededCount;
  if (key === 'hs_object_id') {
    const lowId = range.lowInclusive ? Math.ceil(range.low) : Math.floor(range.low) + 1;
    const highId = range.highInclusive ? Math.floor(range.high) : Math.ceil(range.high) - 1;
    const from = Math.min(count, Math.max(0, lowId - 1));
    const to = Math.max(from, Math.min(count, highId));
    return { indexAt: (position) => position, keyAt: (position) => position + 1, keyOf: (index) => index + 1, from, to };
  }
  const index = store.timestampIndex();
  const byCreated = key === 'createdate';
  const sorted = byCreated ? index.sortedByCreatedAt() : index.sortedByUpdatedAt();
  const times = byCreated ? index.createdAt : index.updatedAt;
  const from = range.lowInclusive ? lowerBound(sorted.keys, range.low) : upperBound(sorted.keys, range.low);
  const to = range.highInclusive ? upperBound(sorted.keys, range.high) : lowerBound(sorted.keys, range.high);
  return { indexAt: (position) => sorted.order[position]!, keyAt: (position) => sorted.keys[position]!, keyOf: (seeded) => times[seeded]!, from, to: Math.max(from, to) };
}

async function collectAndSort(
  store: ContactStore,
  query: SearchQuery,
  test: Predicate,
  overlay: ContactRecord[],
  key: string,
  descending: boolean,
): Promise<SearchOutcome> {
  const matches: { id: number; value: string | number | null; index: number | null; record: ContactRecord | null }[] = [];
  const view = new SeededView(store);
  const touched = store.touchedIndices();
  for (let index = 0; index < store.seededCount; index += 1) {
    if (index % YIELD_EVERY === 0) await yieldToEventLoop();
    if (touched.has(index) || !test(view.at(index))) continue;
    matches.push({ id: index + 1, value: valueOf(view, key), index, record: null });
  }
  for (const record of overlay) matches.push({ id: Number(record.id), value: valueOf(viewOfRecord(record), key), index: null, record });
  matches.sort((a, b) => orderWithNullsLast(a.value, b.value, descending) || a.id - b.id);
  const page = matches.slice(query.offset, query.offset + query.limit);
  return { total: matches.length, records: page.map((match) => match.record ?? store.readSeeded(match.index!)) };
}

/** The last overlay sorted per store, kept while the store is unchanged: a sync pages the same search many times. */
const sortedOverlays = new WeakMap<ContactStore, { revision: number; key: string; descending: boolean; records: ContactRecord[] }>();

function sortedOverlay(store: ContactStore, key: string, descending: boolean): ContactRecord[] {
  const cached = sortedOverlays.get(store);
  if (cached?.revision === store.revision && cached.key === key && cached.descending === descending) return cached.records;
  const records = store
    .overlay()
    .map((record) => ({ record, id: Number(record.id), value: valueOf(viewOfRecord(record), key) }))
    .sort((a, b) => orderWithNullsLast(a.value, b.value, descending) || a.id - b.id)
    .map(({ record }) => record);
  sortedOverlays.set(store, { revision: store.revision, key, descending, records });
  return records;
}

function comesBefore(record: ContactRecord, seededKey: number, seededId: number, key: string, descending: boolean): boolean {
  const order = orderWithNullsLast(valueOf(viewOfRecord(record), key), seededKey, descending);
  return order < 0 || (order === 0 && Number(record.id) < seededId);
}

/** Missing values sort last in both directions; ties keep id order so paging is stable. */
function orderWithNullsLast(a: string | number | null, b: string | number | null, descending: boolean): number {
  if (a === null || b === null) return compareValues(a, b);
  return descending ? compareValues(b, a) : compareValues(a, b);
}

function viewOfRecord(record: ContactRecord): ContactView {
  const properties: ContactProperties = record.properties;
  return {
    id: Number(record.id),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    text: (name) => (properties as Record<string, string | null | undefined>)[name] ?? null,
  };
}

/** One reusable view over seeded contacts, so scanning a million of them allocates almost nothing. */
class SeededView implements ContactView {
  id = 0;
  createdAt = 0;
  updatedAt = 0;
  private index = 0;
  private described: ContactProperties | null = null;
  private readonly times: { createdAt: Float64Array; updatedAt: Float64Array };

  constructor(private readonly store: ContactStore) {
    this.times = store.timestampIndex();
  }

  at(index: number): this {
    this.index = index;
    this.id = index + 1;
    this.createdAt = this.times.createdAt[index]!;
    this.updatedAt = this.times.updatedAt[index]!;
    this.described = null;
    return this;
  }

  text(name: string): string | null {
    this.described ??= this.store.people.describe(this.index);
    return (this.described as Record<string, string | null | undefined>)[name] ?? null;
  }
}

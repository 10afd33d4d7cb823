import { generateAccountTimestamps } from '../common/seeded-people';
import type { ContactStore } from './contact-store';

/** Seeded indices fit below this; a sort key packs (second, index) into one exact double. */
export const MAX_SEEDED_CONTACTS = 2 ** 21 - 1;
const INDEX_SPAN = 2 ** 21;

export type TimeSortField = 'Modified_Time' | 'Created_Time';

/**
 * Seconds of every seeded contact's Created_Time and Modified_Time, and the seeded contacts
 * sorted by each, built once per org and size on first use. Sorting a million-contact org by
 * Modified_Time then costs a binary search instead of generating a million people.
 */
export class SeededOrder {
  readonly modifiedSec: Uint32Array;
  readonly createdSec: Uint32Array;
  private readonly sorted = new Map<TimeSortField, Float64Array>();

  constructor(store: ContactStore) {
    const count = store.seededCount;
    this.modifiedSec = new Uint32Array(count);
    this.createdSec = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      const { createdAt, updatedAt } = generateAccountTimestamps(store.source, i);
      this.createdSec[i] = Math.floor(createdAt.getTime() / 1000);
      this.modifiedSec[i] = Math.floor(updatedAt.getTime() / 1000);
    }
  }

  /** Packed keys `second * 2^21 + index`, ascending; ties on the second fall back to the index (= id order). */
  sortedBy(field: TimeSortField): Float64Array {
    let keys = this.sorted.get(field);
    if (!keys) {
      const seconds = field === 'Modified_Time' ? this.modifiedSec : this.createdSec;
      keys = new Float64Array(seconds.length);
      for (let i = 0; i < seconds.length; i++) keys[i] = packKey(seconds[i] ?? 0, i);
      keys.sort();
      this.sorted.set(field, keys);
    }
    return keys;
  }
}

export function packKey(second: number, index: number): number {
  return second * INDEX_SPAN + index;
}

export function unpackKey(key: number): { sec: number; index: number } {
  const sec = Math.floor(key / INDEX_SPAN);
  return { sec, index: key - sec * INDEX_SPAN };
}

/** First position whose key is >= `key` (keys ascending). */
export function lowerBound(keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? 0) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const cache = new WeakMap<ContactStore, SeededOrder>();

export function seededOrderOf(store: ContactStore): SeededOrder {
  let order = cache.get(store);
  if (!order || order.modifiedSec.length !== store.seededCount) {
    order = new SeededOrder(store);
    cache.set(store, order);
  }
  return order;
}

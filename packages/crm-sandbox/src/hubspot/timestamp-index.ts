import { generateAccountTimestamps, type PersonSource } from '../common/seeded-people';

/** Seeded indices ordered by one timestamp (ties by index), with the timestamps in the same order. */
export type SortedTimestamps = { order: Uint32Array; keys: Float64Array };

/**
 * The seeded contacts' creation and modification times, computed once per account (cheap: no
 * faker) and sorted lazily, so date-filtered, date-sorted searches over a million contacts
 * binary-search instead of generating people.
 */
export class TimestampIndex {
  readonly createdAt: Float64Array;
  readonly updatedAt: Float64Array;
  private byCreated: SortedTimestamps | null = null;
  private byUpdated: SortedTimestamps | null = null;

  constructor(source: PersonSource, readonly count: number) {
    this.createdAt = new Float64Array(count);
    this.updatedAt = new Float64Array(count);
    for (let index = 0; index < count; index += 1) {
      const times = generateAccountTimestamps(source, index);
      this.createdAt[index] = times.createdAt.getTime();
      this.updatedAt[index] = times.updatedAt.getTime();
    }
  }

  sortedByCreatedAt(): SortedTimestamps {
    this.byCreated ??= sortBy(this.createdAt);
    return this.byCreated;
  }

  sortedByUpdatedAt(): SortedTimestamps {
    this.byUpdated ??= sortBy(this.updatedAt);
    return this.byUpdated;
  }
}

function sortBy(times: Float64Array): SortedTimestamps {
  const order = new Uint32Array(times.length);
  for (let index = 0; index < order.length; index += 1) order[index] = index;
  order.sort((a, b) => times[a]! - times[b]! || a - b);
  const keys = new Float64Array(order.length);
  for (let position = 0; position < order.length; position += 1) keys[position] = times[order[position]!]!;
  return { order, keys };
}

/** First position whose key is >= value. */
export function lowerBound(keys: Float64Array, value: number): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** First position whose key is > value. */
export function upperBound(keys: Float64Array, value: number): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

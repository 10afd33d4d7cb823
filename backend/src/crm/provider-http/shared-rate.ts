import type { BucketShape, BudgetKey, BudgetStore } from './budget-store';

/** A provider account's request rate, shared through the budget store with every process of ours. */
export type SharedRate = {
  /** Resolves when this request may start: its token is taken and has refilled. */
  acquire(): Promise<void>;
  /** The provider says `remaining` requests are left; the shared bucket follows it when that is fewer. */
  follow(remaining: number): Promise<void>;
};

export type SharedRateOptions = {
  /**
   * Tokens one take may reserve for this process's waiting requests. A take is one database round
   * trip; below a few hundred requests per second per account that is cheap enough for one each.
   */
  maxLease?: number;
  /** Requests the provider counts that its header did not yet (in flight from other processes). */
  headerReserve?: number;
};

/**
 * Requests wait in a local queue; one take at a time reserves tokens for the first of them and
 * each is released at the moment its token has refilled (a timer, never polling). The next take
 * waits for the last release, so a process never holds more than one lease of future starts and
 * processes interleave in the order their takes reached the database.
 */
export function createSharedRate(store: BudgetStore, key: BudgetKey, shape: BucketShape, options: SharedRateOptions = {}): SharedRate {
  const maxLease = Math.max(1, options.maxLease ?? 1);
  const headerReserve = options.headerReserve ?? 1;
  const waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  let isTaking = false;

  async function serve(): Promise<void> {
    if (isTaking) return;
    isTaking = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.splice(0, Math.min(waiting.length, maxLease));
        let before: number;
        try {
          before = await store.take(key, shape, batch.length);
        } catch (error) {
          // The database decides the order; without it a request cannot know its turn.
          for (const waiter of batch) waiter.reject(error);
          continue;
        }
        // Token i (from 1) of this take is covered once `before + elapsed × rate ≥ i`.
        const delays = batch.map((_, index) => Math.max(0, ((index + 1 - before) / shape.perSecond) * 1000));
        batch.forEach((waiter, index) => (delays[index]! > 0 ? setTimeout(waiter.resolve, delays[index]) : waiter.resolve()));
        const last = delays[delays.length - 1]!;
        if (last > 0) await new Promise((resolve) => setTimeout(resolve, last));
      }
    } finally {
      isTaking = false;
    }
  }

  return {
    acquire() {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ resolve, reject });
        void serve();
      });
    },
    async follow(remaining) {
      // With a bucket of capacity c, only a count below c + reserve says less than the bucket holds;
      // above it the write would change nothing, so none is made.
      if (!Number.isFinite(remaining) || remaining - headerReserve >= shape.capacity) return;
      await store.capAt(key, remaining - headerReserve);
    },
  };
}

/**
 * Email addresses (by key) with a sign-in attempt in this process that has not succeeded within
 * the last `windowMs`: pending, failed, or turned away. The hashing line puts their next attempt
 * behind everyone else's, so that guesses queued at a few addresses, even before their failures
 * are recorded, do not delay a person signing in elsewhere. A success settles the address.
 */
export type UnsettledAddresses = {
  /** Notes an attempt; true when an earlier one on the address is still unsettled. */
  begin(key: string): boolean;
  settle(key: string): void;
};

export function createUnsettledAddresses(options: { windowMs: number; maxSize: number }): UnsettledAddresses {
  const since = new Map<string, number>();
  return {
    begin(key) {
      const now = Date.now();
      const previous = since.get(key);
      // Deleted first so that the map stays in order of last attempt: the oldest go first when full.
      since.delete(key);
      if (since.size >= options.maxSize) since.delete(since.keys().next().value!);
      since.set(key, now);
      return previous !== undefined && now - previous < options.windowMs;
    },
    settle(key) {
      since.delete(key);
    },
  };
}

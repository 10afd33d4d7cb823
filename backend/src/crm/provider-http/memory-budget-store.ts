import type { BudgetStore } from './budget-store';

/** The Postgres store's arithmetic in one process's memory: for unit tests of the modules above it. */
export function createMemoryBudgetStore(now: () => number = Date.now): BudgetStore {
  const buckets = new Map<string, { capacity: number; perSecond: number; tokens: number; at: number }>();
  const refreshes = new Map<string, number[]>();
  const keyOf = (key: { platform: string; accountId: string; name: string }) => `${key.platform}:${key.accountId}:${key.name}`;
  const refill = (bucket: { capacity: number; perSecond: number; tokens: number; at: number }, at: number) =>
    Math.min(bucket.capacity, bucket.tokens + (Math.max(0, at - bucket.at) / 1000) * bucket.perSecond);
  return {
    async take(key, shape, count) {
      const at = now();
      const bucket = buckets.get(keyOf(key));
      const before = bucket ? refill({ ...bucket, capacity: shape.capacity, perSecond: shape.perSecond }, at) : shape.capacity;
      buckets.set(keyOf(key), { ...shape, tokens: before - count, at: Math.max(at, bucket?.at ?? at) });
      return before;
    },
    async capAt(key, tokens) {
      const bucket = buckets.get(keyOf(key));
      if (!bucket) return;
      const at = now();
      buckets.set(keyOf(key), { ...bucket, tokens: Math.min(refill(bucket, at), tokens), at: Math.max(at, bucket.at) });
    },
    async spendRefresh(platform, tokenHash, max, windowMs) {
      const at = now();
      const recent = (refreshes.get(`${platform}:${tokenHash}`) ?? []).filter((time) => time > at - windowMs);
      refreshes.set(`${platform}:${tokenHash}`, recent);
      if (recent.length >= max) return Math.max(1, recent[recent.length - max]! + windowMs - at);
      recent.push(at);
      return 0;
    },
  };
}

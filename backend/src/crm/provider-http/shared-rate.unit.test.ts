import { describe, expect, it } from 'vitest';
import type { BudgetStore } from './budget-store';
import { createMemoryBudgetStore } from './memory-budget-store';
import { createSharedRate } from './shared-rate';

const KEY = { platform: 'hubspot', accountId: '62515', name: 'default' };

/** The memory store, counting round trips. */
function countingStore(): BudgetStore & { takes: number[] } {
  const store = createMemoryBudgetStore();
  const takes: number[] = [];
  return { ...store, takes, take: (key, shape, count) => (takes.push(count), store.take(key, shape, count)) };
}

describe('createSharedRate', () => {
  it('reserves tokens for several waiting requests in one take when allowed a lease', async () => {
    const store = countingStore();
    const rate = createSharedRate(store, KEY, { capacity: 1, perSecond: 1000 }, { maxLease: 4 });
    await Promise.all(Array.from({ length: 8 }, () => rate.acquire()));
    expect(store.takes).toEqual([1, 4, 3]);
  });

  it('takes one token per request by default', async () => {
    const store = countingStore();
    const rate = createSharedRate(store, KEY, { capacity: 1, perSecond: 1000 });
    await Promise.all(Array.from({ length: 3 }, () => rate.acquire()));
    expect(store.takes).toEqual([1, 1, 1]);
  });

  it('puts the bucket in debt when the provider says none remain, so the next request waits', async () => {
    const store = createMemoryBudgetStore();
    const rate = createSharedRate(store, KEY, { capacity: 1, perSecond: 10 });
    await rate.acquire();
    await rate.follow(0);
    const began = performance.now();
    await rate.acquire();
    // Capped at -1 (one request in flight the header did not count): two tokens at 10 per second.
    expect(performance.now() - began).toBeGreaterThanOrEqual(190);
  });

  it('writes nothing when the provider has more left than the bucket can hold', async () => {
    let caps = 0;
    const store: BudgetStore = { ...createMemoryBudgetStore(), capAt: async () => void (caps += 1) };
    const rate = createSharedRate(store, KEY, { capacity: 1, perSecond: 10 });
    await rate.follow(50);
    await rate.follow(1);
    expect(caps).toBe(1);
  });

  it('fails the waiting requests with the store\'s error when it cannot be reached', async () => {
    const store: BudgetStore = { ...createMemoryBudgetStore(), take: async () => Promise.reject(new Error('connection refused')) };
    const rate = createSharedRate(store, KEY, { capacity: 1, perSecond: 10 });
    await expect(rate.acquire()).rejects.toThrow('connection refused');
  });
});

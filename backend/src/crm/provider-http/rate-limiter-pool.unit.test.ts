import { describe, expect, it } from 'vitest';
import { createMemoryBudgetStore } from './memory-budget-store';
import { createRateLimiterPool } from './rate-limiter-pool';

describe('createRateLimiterPool', () => {
  it('gives every client of one account the same limiter, and other accounts their own', () => {
    const pool = createRateLimiterPool(createMemoryBudgetStore());
    const rate = { requests: 10, intervalMs: 1000 };
    const first = pool.limiterFor('hubspot', '62515', 'default', { rate });
    expect(pool.limiterFor('hubspot', '62515', 'default', { rate })).toBe(first);
    expect(pool.limiterFor('hubspot', '62515', 'search', { rate })).not.toBe(first);
    expect(pool.limiterFor('hubspot', '99', 'default', { rate })).not.toBe(first);
    expect(pool.limiterFor('zoho', '62515', 'default', { maxConcurrent: 10 })).not.toBe(first);
    expect(pool.size()).toBe(4);
  });

  it('holds at most maxConcurrent jobs at once', async () => {
    const limiter = createRateLimiterPool(createMemoryBudgetStore()).limiterFor('zoho', 'org', 'default', { maxConcurrent: 2 });
    let running = 0;
    let peak = 0;
    const job = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
    };
    await Promise.all(Array.from({ length: 6 }, () => limiter.schedule(job)));
    expect(peak).toBe(2);
  });

  it('starts rated requests evenly spaced at the rate, not all at once', async () => {
    const limiter = createRateLimiterPool(createMemoryBudgetStore()).limiterFor('hubspot', '62515', 'default', { rate: { requests: 20, intervalMs: 1000 } });
    const startedAt: number[] = [];
    const began = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => limiter.schedule(async () => startedAt.push(performance.now() - began))));
    // 20 per second is one every 50 ms; the first goes at once. Timers may fire late, never early.
    startedAt.forEach((at, index) => expect(at).toBeGreaterThanOrEqual(index * 50 - 2));
  });
});

import { describe, expect, it } from 'vitest';
import { createRateLimiterPool, spacingFor } from './rate-limiter-pool';

describe('createRateLimiterPool', () => {
  it('gives every client of one account the same limiter, and other accounts their own', () => {
    const pool = createRateLimiterPool();
    const first = pool.limiterFor('hubspot', '62515', 'default', { minTimeMs: 100 });
    expect(pool.limiterFor('hubspot', '62515', 'default', { minTimeMs: 100 })).toBe(first);
    expect(pool.limiterFor('hubspot', '62515', 'search', { minTimeMs: 250 })).not.toBe(first);
    expect(pool.limiterFor('hubspot', '99', 'default', { minTimeMs: 100 })).not.toBe(first);
    expect(pool.limiterFor('zoho', '62515', 'default', { maxConcurrent: 10 })).not.toBe(first);
    expect(pool.size()).toBe(4);
  });

  it('holds at most maxConcurrent jobs at once', async () => {
    const limiter = createRateLimiterPool().limiterFor('zoho', 'org', 'default', { maxConcurrent: 2 });
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
});

describe('spacingFor', () => {
  it('spreads requests evenly over the window', () => {
    expect(spacingFor(90, 10_000)).toBe(112);
    expect(spacingFor(4, 1000)).toBe(250);
  });
});

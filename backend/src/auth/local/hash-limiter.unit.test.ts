import { describe, expect, it } from 'vitest';
import { createHashLimiter, HashLimiterBusyError } from './hash-limiter';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createHashLimiter', () => {
  it('runs at most `concurrency` tasks at once and starts the normal line before the low one', async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxWaiting: 5, maxWaitMs: 1000 });
    const order: string[] = [];
    const first = deferred();
    const running = limiter.run('normal', async () => {
      order.push('first');
      await first.promise;
    });
    const low = limiter.run('low', async () => void order.push('low'));
    const normal = limiter.run('normal', async () => void order.push('normal'));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['first']);
    first.resolve();
    await Promise.all([running, low, normal]);
    expect(order).toEqual(['first', 'normal', 'low']);
  });

  it('gives up on a task that waited longer than maxWaitMs, and frees its place in line', async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxWaiting: 5, maxWaitMs: 20 });
    const first = deferred();
    const running = limiter.run('normal', () => first.promise);
    await expect(limiter.run('low', async () => 'late')).rejects.toBeInstanceOf(HashLimiterBusyError);
    first.resolve();
    await running;
    expect(await limiter.run('normal', async () => 'next')).toBe('next');
  });

  it('serves the newest waiter first, and a full line turns away its oldest, leaving the other line alone', async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxWaiting: 2, maxWaitMs: 1000 });
    const order: string[] = [];
    const first = deferred();
    const running = limiter.run('normal', () => first.promise);
    const task = (name: string) => async () => void order.push(name);
    const oldest = limiter.run('low', task('oldest'));
    const older = limiter.run('low', task('older'));
    const newest = limiter.run('low', task('newest'));
    const normal = limiter.run('normal', task('normal'));
    await expect(oldest).rejects.toBeInstanceOf(HashLimiterBusyError);
    first.resolve();
    await Promise.all([running, older, newest, normal]);
    expect(order).toEqual(['normal', 'newest', 'older']);
  });

  it('keeps one of two slots for the normal line', async () => {
    const limiter = createHashLimiter({ concurrency: 2, maxWaiting: 5, maxWaitMs: 1000 });
    const order: string[] = [];
    const first = deferred();
    const runningLow = limiter.run('low', () => first.promise);
    const waitingLow = limiter.run('low', async () => void order.push('low'));
    await limiter.run('normal', async () => void order.push('normal'));
    expect(order).toEqual(['normal']);
    first.resolve();
    await Promise.all([runningLow, waitingLow]);
    expect(order).toEqual(['normal', 'low']);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxWaiting: 5, maxWaitMs: 20 });
    await expect(limiter.run('normal', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run('normal', async () => 'ok')).toBe('ok');
  });
});

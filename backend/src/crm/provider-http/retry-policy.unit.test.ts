import { describe, expect, it } from 'vitest';
import { computeRetryDelay, isRetryable, parseRetryAfter, type FailedAttempt } from './retry-policy';

const settings = { retries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
const failure = (overrides: Partial<FailedAttempt>): FailedAttempt => ({ kind: 'response', method: 'get', idempotent: false, retryAfterMs: null, ...overrides });

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:59:00 GMT', now)).toBe(0);
  });

  it('ignores anything else', () => {
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter('-3')).toBeNull();
  });
});

describe('isRetryable', () => {
  it('retries 429 for any method, since the provider did nothing', () => {
    expect(isRetryable(failure({ status: 429, method: 'post' }), settings)).toBe(true);
  });

  it('retries 500/502/503/504, resets and timeouts of idempotent requests only', () => {
    for (const status of [500, 502, 503, 504]) expect(isRetryable(failure({ status }), settings)).toBe(true);
    expect(isRetryable(failure({ kind: 'network' }), settings)).toBe(true);
    expect(isRetryable(failure({ kind: 'timeout', method: 'delete' }), settings)).toBe(true);
    expect(isRetryable(failure({ status: 503, method: 'post' }), settings)).toBe(false);
    expect(isRetryable(failure({ kind: 'timeout', method: 'patch' }), settings)).toBe(false);
    expect(isRetryable(failure({ status: 503, method: 'post', idempotent: true }), settings)).toBe(true);
  });

  it('retries a refused connection whatever the method: nothing was sent', () => {
    expect(isRetryable(failure({ kind: 'refused', method: 'post' }), settings)).toBe(true);
  });

  it('does not retry refusals, cancellations or a Retry-After beyond the cap', () => {
    for (const status of [400, 401, 403, 404, 409, 501]) expect(isRetryable(failure({ status }), settings)).toBe(false);
    expect(isRetryable(failure({ kind: 'cancelled' }), settings)).toBe(false);
    expect(isRetryable(failure({ status: 429, retryAfterMs: 60_000 }), settings)).toBe(false);
  });
});

describe('computeRetryDelay', () => {
  it('draws full jitter below base·2^(n−1)', () => {
    expect(computeRetryDelay(failure({ status: 503 }), 1, settings, () => 0.999)).toBe(499);
    expect(computeRetryDelay(failure({ status: 503 }), 3, settings, () => 0.5)).toBe(1000);
    expect(computeRetryDelay(failure({ status: 503 }), 3, settings, () => 0)).toBe(0);
  });

  it('caps the ceiling at maxDelayMs', () => {
    expect(computeRetryDelay(failure({ status: 503 }), 20, settings, () => 0.999)).toBe(29_970);
  });

  it('waits exactly what Retry-After asks', () => {
    expect(computeRetryDelay(failure({ status: 429, retryAfterMs: 2000 }), 4, settings, () => 0)).toBe(2000);
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../../http/app-error';
import { createApiAllowance, parseLimitInfo, refuseSyncPastReserve } from './salesforce-api-allowance';

describe('parseLimitInfo', () => {
  it('reads api-usage=used/max', () => {
    expect(parseLimitInfo('api-usage=18/15000')).toEqual({ used: 18, max: 15000 });
    expect(parseLimitInfo('per-app-api-usage=2/250(appName=x), api-usage=25/5000')).toEqual({ used: 25, max: 5000 });
  });

  it('ignores what it cannot read', () => {
    for (const value of [undefined, '', 'api-usage=', 'api-usage=1/0', 'api-usage=a/b', 'per-app-api-usage=2/250', 42]) expect(parseLimitInfo(value)).toBeNull();
  });
});

describe('createApiAllowance', () => {
  it('keeps the latest usage per org and forgets it once it is older than asked', () => {
    let now = 1000;
    const allowance = createApiAllowance(() => now);
    allowance.record('00DA', { used: 10, max: 100 });
    allowance.record('00DA', { used: 12, max: 100 });
    allowance.record('00DB', { used: 1, max: 50 });
    expect(allowance.known('00DA', 60_000)).toEqual({ used: 12, max: 100, at: 1000 });
    expect(allowance.known('00DC', 60_000)).toBeNull();
    now += 60_001;
    expect(allowance.known('00DA', 60_000)).toBeNull();
  });
});

describe('refuseSyncPastReserve', () => {
  it('lets a sync go on below the reserve', () => {
    expect(() => refuseSyncPastReserve({ used: 79, max: 100 }, 20, 900)).not.toThrow();
    expect(() => refuseSyncPastReserve({ used: 99, max: 100 }, 0, 900)).not.toThrow();
  });

  it('stops it at the reserve with provider_quota_exhausted, when to retry and the figures', () => {
    let caught: unknown;
    try {
      refuseSyncPastReserve({ used: 80, max: 100 }, 20, 900);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ code: 'provider_quota_exhausted', details: { retryAfterSeconds: 900, used: 80, max: 100 } });
    expect((caught as AppError).message).toMatch(/reserve/);
    expect(() => refuseSyncPastReserve({ used: 100, max: 100 }, 0, 900)).toThrow(expect.objectContaining({ code: 'provider_quota_exhausted' }));
  });
});

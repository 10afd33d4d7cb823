import { afterEach, describe, expect, it } from 'vitest';
import { call, startTestSandbox, type ErrorBody, type TestSandbox } from './helpers';

let sandbox: TestSandbox;
afterEach(() => sandbox.close());

const CONTACTS = '/crm/v3/objects/contacts';

describe('rate limits', () => {
  it('counts down X-HubSpot-RateLimit-Remaining and answers 429 TEN_SECONDLY_ROLLING once the 10-second window is spent', async () => {
    sandbox = await startTestSandbox({ rateLimits: { tenSecondlyRolling: 5 }, defaultPortal: { name: 'Limited', contactCount: 10 } });
    const remaining: string[] = [];
    for (let request = 0; request < 5; request += 1) {
      const response = await call(sandbox.url, CONTACTS, { token: sandbox.token });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-hubspot-ratelimit-max')).toBe('5');
      expect(response.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      remaining.push(response.headers.get('x-hubspot-ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);

    const limited = await call<ErrorBody>(sandbox.url, CONTACTS, { token: sandbox.token });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.any(String),
      policyName: 'TEN_SECONDLY_ROLLING',
      requestId: expect.any(String),
    });
    expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    // OAuth calls have no daily limit, and HubSpot then sends no daily headers.
    expect(limited.headers.get('x-hubspot-ratelimit-daily')).toBeNull();

    sandbox.clock.advance(9_999);
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(429);
    sandbox.clock.advance(1);
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(200);
    expect(sandbox.admin.counters().rateLimited.TEN_SECONDLY_ROLLING).toBe(2);
  });

  it('rolls a shorter window when asked, and says its length in Interval-Milliseconds', async () => {
    sandbox = await startTestSandbox({ rateLimits: { tenSecondlyRolling: 2, rollingIntervalMs: 2000 }, defaultPortal: { name: 'Limited', contactCount: 10 } });
    const first = await call(sandbox.url, CONTACTS, { token: sandbox.token });
    expect(first.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('2000');
    await call(sandbox.url, CONTACTS, { token: sandbox.token });
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(429);
    sandbox.clock.advance(2000);
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(200);
  });

  it('keeps each portal\'s allowance separate', async () => {
    sandbox = await startTestSandbox({ rateLimits: { tenSecondlyRolling: 2 }, defaultPortal: { name: 'Limited', contactCount: 10 } });
    sandbox.admin.createAccount({ id: 777, name: 'Other', contactCount: 3 });
    const other = sandbox.admin.mintToken(777).access_token;
    await call(sandbox.url, CONTACTS, { token: sandbox.token });
    await call(sandbox.url, CONTACTS, { token: sandbox.token });
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(429);
    expect((await call(sandbox.url, CONTACTS, { token: other })).status).toBe(200);
  });

  it('limits search per second on its own, with the SECONDLY body and no rate limit headers', async () => {
    sandbox = await startTestSandbox({ rateLimits: { searchPerSecond: 3, tenSecondlyRolling: 100 }, defaultPortal: { name: 'Limited', contactCount: 10 } });
    const search = () => call<ErrorBody>(sandbox.url, `${CONTACTS}/search`, { token: sandbox.token, json: { limit: 1 } });
    for (let request = 0; request < 3; request += 1) {
      const response = await search();
      expect(response.status).toBe(200);
      expect([...response.headers.keys()].filter((name) => name.startsWith('x-hubspot-ratelimit'))).toEqual([]);
    }
    const limited = await search();
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
    // Search has its own allowance: the rest of the API is unaffected.
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(200);
    sandbox.clock.advance(1000);
    expect((await search()).status).toBe(200);
  });

  it('sends Daily headers and enforces DAILY when a daily limit is configured', async () => {
    sandbox = await startTestSandbox({ rateLimits: { daily: 3 }, defaultPortal: { name: 'Limited', contactCount: 10 } });
    const first = await call(sandbox.url, CONTACTS, { token: sandbox.token });
    expect(first.headers.get('x-hubspot-ratelimit-daily')).toBe('3');
    expect(first.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('2');
    expect(first.headers.get('x-hubspot-ratelimit-secondly')).toBe('10');
    expect(first.headers.get('x-hubspot-ratelimit-secondly-remaining')).toBe('9');
    await call(sandbox.url, CONTACTS, { token: sandbox.token });
    await call(sandbox.url, CONTACTS, { token: sandbox.token });
    const limited = await call<ErrorBody>(sandbox.url, CONTACTS, { token: sandbox.token });
    expect([limited.status, limited.body.policyName, limited.body.message]).toEqual([429, 'DAILY', 'You have reached your daily limit.']);
    sandbox.clock.advance(24 * 3600_000);
    const nextDay = sandbox.admin.mintToken(sandbox.portalId).access_token;
    expect((await call(sandbox.url, CONTACTS, { token: nextDay })).status).toBe(200);
  });

  it('counts 429s in the admin counters', async () => {
    sandbox = await startTestSandbox({ rateLimits: { tenSecondlyRolling: 1 }, defaultPortal: { name: 'Limited', contactCount: 10 } });
    await call(sandbox.url, CONTACTS, { token: sandbox.token });
    await call(sandbox.url, CONTACTS, { token: sandbox.token });
    await call(sandbox.url, CONTACTS, { token: sandbox.token });
    const counters = sandbox.admin.counters();
    expect(counters.tooManyRequests).toBe(2);
    expect(counters.requests['GET /crm/v3/objects/contacts']).toBe(3);
  });
});

import type { Options } from 'express-rate-limit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { PostgresRateLimitStore } from '../../src/http/postgres-rate-limit-store';
import { startProduct, type RunningProduct } from '../../src/start';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';

const API_KEY = 'svc-key-0123456789abcdef0123456789abcdef';

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as ErrorBody };
}

describe('the per-user limit (RATE_LIMIT_PER_MINUTE_USER=5)', () => {
  let product: TestProduct;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_USER: '5', RATE_LIMIT_PER_MINUTE_IP: '0', SERVICE_API_KEYS: API_KEY });
    alice = await signUpTestUser(product);
    bob = await signUpTestUser(product);
  });
  afterAll(async () => {
    await product?.close();
  });

  it('answers the sixth request in a minute with 429 rate_limited, Retry-After and the RateLimit headers', async () => {
    for (let i = 0; i < 5; i++) expect((await get(`${product.url}/api/v1/me`, alice.authorization)).status).toBe(200);

    const limited = await get(`${product.url}/api/v1/me`, alice.authorization);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('5 a minute per user') });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 60).toBe(true);
    expect(limited.headers.get('ratelimit-policy')).toMatch(/q=5; w=60/);
    expect(limited.headers.get('ratelimit')).toMatch(/r=0/);
  });

  it('counts each user apart, and a service acting for a user as that user', async () => {
    expect((await get(`${product.url}/api/v1/me`, bob.authorization)).status).toBe(200);
    const asAlice = await get(`${product.url}/api/v1/me`, { authorization: `Bearer ${API_KEY}`, 'X-VoiceAgent-User-Id': alice.id });
    expect(asAlice.status).toBe(429);
    expect((await get(`${product.url}/api/v1/me`, { authorization: `Bearer ${API_KEY}`, 'X-VoiceAgent-User-Id': bob.id })).status).toBe(200);
  });

  it('leaves public endpoints to the per-IP limit, here off (0)', async () => {
    for (let i = 0; i < 20; i++) expect((await get(`${product.url}/api/v1/config`)).status).toBe(200);
  });
});

describe('the per-IP limit (RATE_LIMIT_PER_MINUTE_IP=4), shared by two API processes on one database', () => {
  let first: TestProduct;
  let second: RunningProduct;

  beforeAll(async () => {
    first = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_IP: '4', RATE_LIMIT_PER_MINUTE_USER: '0' });
    second = await startProduct(first.config);
  });
  afterAll(async () => {
    await second?.stop();
    await first?.close();
  });

  it('counts requests to either process against the same window', async () => {
    // startTestProduct's own GET /config for the anon key counted already.
    await first.pool.query('delete from private.rate_limit_hits');
    const statuses: number[] = [];
    for (const url of [first.url, second.url, first.url, second.url, first.url, second.url]) {
      statuses.push((await get(`${url}/api/v1/config`)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('limits before authentication: requests with bad tokens are refused with 429 too, as JSON', async () => {
    const res = await get(`${first.url}/api/v1/me`, { authorization: 'Bearer not-a-token' });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('does not limit what is outside /api (health probes, the web app)', async () => {
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });
});

describe('PostgresRateLimitStore', () => {
  let product: TestProduct;
  const logger = pino({ level: 'silent' });
  const init = (store: PostgresRateLimitStore, windowMs: number) => store.init({ windowMs } as Options);

  beforeAll(async () => {
    product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off' });
  });
  afterAll(async () => {
    await product?.close();
  });

  it('counts hits per key in a fixed window, and starts a new window once it has ended', async () => {
    const store = new PostgresRateLimitStore(product.pool, logger, 'test:');
    init(store, 300);
    expect((await store.increment('a')).totalHits).toBe(1);
    expect((await store.increment('a')).totalHits).toBe(2);
    expect((await store.increment('b')).totalHits).toBe(1);
    const third = await store.increment('a');
    expect(third.totalHits).toBe(3);
    expect(third.resetTime!.getTime()).toBeGreaterThan(Date.now() - 1000);

    await store.decrement('a');
    expect(await store.get('a')).toMatchObject({ totalHits: 2 });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await store.get('a')).toBeUndefined();
    expect((await store.increment('a')).totalHits).toBe(1);
    await store.resetKey('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('keeps stores with other prefixes apart, and sweeps its own ended windows', async () => {
    const mine = new PostgresRateLimitStore(product.pool, logger, 'sweep:');
    const theirs = new PostgresRateLimitStore(product.pool, logger, 'other:');
    init(mine, 200);
    init(theirs, 60_000);
    await mine.increment('gone');
    await theirs.increment('gone');
    expect((await theirs.increment('gone')).totalHits).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await mine.increment('fresh');

    const keys = async () => (await product.pool.query<{ key: string }>('select key from private.rate_limit_hits order by key')).rows.map((row) => row.key);
    for (let i = 0; i < 50 && (await keys()).includes('sweep:gone'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await keys()).toEqual(expect.arrayContaining(['sweep:fresh', 'other:gone']));
    expect(await keys()).not.toContain('sweep:gone');
  });
});

describe('the configuration', () => {
  it('defaults to 1200 a minute per user and 6000 per IP, and takes 0 for off', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/unused' }).rateLimit).toEqual({ perMinuteUser: 1200, perMinuteIp: 6000 });
    expect(loadConfig({ DATA_DIR: '/tmp/unused', RATE_LIMIT_PER_MINUTE_USER: '0', RATE_LIMIT_PER_MINUTE_IP: '0' }).rateLimit).toEqual({ perMinuteUser: 0, perMinuteIp: 0 });
    expect(() => loadConfig({ DATA_DIR: '/tmp/unused', RATE_LIMIT_PER_MINUTE_IP: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE_IP/);
  });
});

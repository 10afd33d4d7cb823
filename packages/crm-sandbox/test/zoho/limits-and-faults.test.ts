import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, api, connect, startHarness } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

let h: Harness;
let accountId: string;
let apiDomain: string;
let token: string;
const list = (path = '/crm/v8/Contacts?fields=Last_Name&per_page=5') => api(apiDomain, token, path);
const TOO_MANY = { code: 'TOO_MANY_REQUESTS', details: {}, message: 'too many requests. please try again after some time', status: 'error' };

beforeEach(async () => {
  h = await startHarness({ accounts: [{ name: 'Limits Org', dataCentre: 'us', contactCount: 50 }, { name: 'Other', dataCentre: 'eu', contactCount: 5 }] });
  accountId = h.admin.listAccounts()[0]?.id ?? '';
  ({ api_domain: apiDomain, access_token: token } = h.admin.mintToken(accountId));
});
afterEach(() => h.close());

describe('authentication', () => {
  it('fails without the Zoho-oauthtoken scheme, and refuses unknown tokens', async () => {
    const none = await fetch(`${apiDomain}/crm/v8/Contacts?fields=Last_Name`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ code: 'AUTHENTICATION_FAILURE', details: {}, message: 'Authentication failed', status: 'error' });
    const bearer = await fetch(`${apiDomain}/crm/v8/Contacts?fields=Last_Name`, { headers: { authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(401);
    const unknown = await api(apiDomain, '1000.0000.0000', '/crm/v8/Contacts?fields=Last_Name');
    expect(unknown).toMatchObject({ status: 401, body: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' } });
  });

  it('answers OAUTH_SCOPE_MISMATCH when the token lacks the scope of the operation', async () => {
    const readOnly = h.admin.mintToken(accountId, { scopes: ['ZohoCRM.modules.contacts.READ'] }).access_token;
    expect((await api(apiDomain, readOnly, '/crm/v8/Contacts?fields=Last_Name')).status).toBe(200);
    const write = await api(apiDomain, readOnly, '/crm/v8/Contacts', { method: 'POST', body: { data: [{ Last_Name: 'x' }] } });
    expect(write).toMatchObject({ status: 401, body: { code: 'OAUTH_SCOPE_MISMATCH', details: {}, message: 'invalid oauth scope to access this URL', status: 'error' } });
    expect((await api(apiDomain, readOnly, '/crm/v8/org')).body.code).toBe('OAUTH_SCOPE_MISMATCH');
    expect((await api(apiDomain, readOnly, '/crm/v8/Calls', { method: 'POST', body: { data: [] } })).body.code).toBe('OAUTH_SCOPE_MISMATCH');
  });
});

describe('rate and concurrency limits', () => {
  it('refuses calls beyond the org’s concurrency limit with 429 TOO_MANY_REQUESTS', async () => {
    await admin(h, 'PATCH', `/accounts/${accountId}`, { concurrencyLimit: 3 });
    await admin(h, 'POST', '/faults', { kind: 'latency', latencyMs: 400, pathPrefix: '/crm/v8/Contacts' });
    const results = await Promise.all(Array.from({ length: 8 }, () => list()));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    expect(results.find((r) => r.status === 429)?.body).toEqual(TOO_MANY);
    // Slots come back when the calls finish.
    await admin(h, 'DELETE', '/faults');
    expect((await list()).status).toBe(200);
    expect((await admin(h, 'GET', '/counters')).body.tooManyRequests).toBe(5);
  });

  it('defaults the concurrency limit by edition', async () => {
    const free = (await admin(h, 'POST', '/accounts', { name: 'Free Org', dataCentre: 'eu', edition: 'free' })).body;
    expect(free.concurrencyLimit).toBe(5);
    expect(h.admin.listAccounts().find((a) => a.id === accountId)?.concurrencyLimit).toBe(20);
  });

  it('limits writes of more than 10 records to their own sub-concurrency', async () => {
    await h.close();
    h = await startHarness({ accounts: [{ name: 'Sub', dataCentre: 'us', contactCount: 0 }], limits: { subConcurrencyLimit: 1 } });
    ({ api_domain: apiDomain, access_token: token } = h.admin.mintToken(h.admin.listAccounts()[0]?.id ?? ''));
    await admin(h, 'POST', '/faults', { kind: 'latency', latencyMs: 300, pathPrefix: '/crm/v8/Contacts' });
    const batch = (tag: string) => ({ data: Array.from({ length: 11 }, (_, i) => ({ Last_Name: `${tag}${i}` })) });
    const [a, b, small] = await Promise.all([
      api(apiDomain, token, '/crm/v8/Contacts', { method: 'POST', body: batch('a') }),
      api(apiDomain, token, '/crm/v8/Contacts', { method: 'POST', body: batch('b') }),
      api(apiDomain, token, '/crm/v8/Contacts', { method: 'POST', body: { data: [{ Last_Name: 'small' }] } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 429]);
    expect(small.status).toBe(201);
  });

  it('refuses calls once the configured daily credits are spent, until 24 hours pass', async () => {
    await h.close();
    h = await startHarness({ accounts: [{ name: 'Credits', dataCentre: 'us', contactCount: 3 }], limits: { creditsPerDay: 2 } });
    ({ api_domain: apiDomain, access_token: token } = h.admin.mintToken(h.admin.listAccounts()[0]?.id ?? '', { ttlSeconds: 200_000 }));
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(200);
    expect((await list()).body).toEqual(TOO_MANY);
    h.clock.advance(24 * 3600_000);
    expect((await list()).status).toBe(200);
  });
});

describe('fault injection', () => {
  it('replaces responses with 429, 500, 502 and 503 for a given count, then recovers', async () => {
    await admin(h, 'POST', '/faults', { kind: 'status', status: 503, count: 1 });
    await admin(h, 'POST', '/faults', { kind: 'status', status: 502, count: 1 });
    await admin(h, 'POST', '/faults', { kind: 'status', status: 500, count: 1 });
    await admin(h, 'POST', '/faults', { kind: 'status', status: 429, count: 1 });
    const first = await list();
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toContain('text/html');
    expect((await list()).status).toBe(502);
    expect((await list()).body).toEqual({ code: 'INTERNAL_ERROR', details: {}, message: 'Internal server error occurred.', status: 'error' });
    expect((await list()).body).toEqual(TOO_MANY);
    expect((await list()).status).toBe(200);
    expect((await admin(h, 'GET', '/faults')).body).toEqual([]);
    expect((await admin(h, 'GET', '/counters')).body).toMatchObject({ faultsInjected: 4, tooManyRequests: 1 });
  });

  it('hits about the configured fraction of requests, repeatably', async () => {
    await admin(h, 'POST', '/faults', { kind: 'status', status: 503, fraction: 0.3 });
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await list()).status);
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(15);
    expect(failed).toBeLessThan(45);
    // Clearing the faults rewinds the dice: the same rule hits the same requests again.
    await admin(h, 'DELETE', '/faults');
    await admin(h, 'POST', '/faults', { kind: 'status', status: 503, fraction: 0.3 });
    const again: number[] = [];
    for (let i = 0; i < 100; i++) again.push((await list()).status);
    expect(again).toEqual(statuses);
  });

  it('adds latency, resets connections and hangs requests, scoped by path and data centre', async () => {
    await admin(h, 'POST', '/faults', { kind: 'latency', latencyMs: 250, pathPrefix: '/crm/v8/Contacts', count: 1 });
    const started = Date.now();
    expect((await list()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);

    await admin(h, 'POST', '/faults', { kind: 'reset', pathPrefix: '/crm/v8/org', count: 1 });
    expect((await list()).status).toBe(200);
    await expect(api(apiDomain, token, '/crm/v8/org')).rejects.toThrow();

    await admin(h, 'POST', '/faults', { kind: 'hang', dataCentre: 'us', pathPrefix: '/oauth/v2/token', count: 1 });
    const hung = fetch(`${h.url}/dc/us/accounts/oauth/v2/token`, { method: 'POST', signal: AbortSignal.timeout(300) });
    await expect(hung).rejects.toThrow();
    expect((await fetch(`${h.url}/dc/eu/accounts/oauth/v2/token`, { method: 'POST' })).status).toBe(200);
    expect((await admin(h, 'GET', '/counters')).body.statuses['0']).toBe(2);
  });

  it('validates fault rules', async () => {
    const bad = await admin(h, 'POST', '/faults', { kind: 'status', status: 418 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect((await admin(h, 'POST', '/faults', { kind: 'latency', latencyMs: 10, fraction: 2 })).status).toBe(400);
  });
});

describe('counters and request log', () => {
  it('counts requests per endpoint and logs them without tokens, codes or secrets', async () => {
    const { tokens, callback } = await connect(h);
    await api(tokens.api_domain, tokens.access_token, '/crm/v8/Contacts?fields=Last_Name');
    const id = (await list()).body.data[0].id;
    await list(`/crm/v8/Contacts/${id}`);
    await fetch(`${h.url}/dc/us/accounts/oauth/v2/token?grant_type=refresh_token&client_id=${h.client.clientId}&client_secret=${h.client.clientSecret}&refresh_token=${tokens.refresh_token}`, { method: 'POST' });

    const counters = (await admin(h, 'GET', '/counters')).body;
    expect(counters.requests).toMatchObject({ 'GET /oauth/v2/auth': 1, 'POST /oauth/v2/auth': 1, 'POST /oauth/v2/token': 2, 'GET /crm/v8/Contacts': 2, 'GET /crm/v8/Contacts/{id}': 1 });
    expect(counters.requestsByDataCentre.us).toBe(7);
    expect(counters.accessTokensMinted).toBe(3);
    expect(counters.refreshTokensMinted).toBe(1);

    const log = (await admin(h, 'GET', '/requests')).body;
    expect(log).toHaveLength(7);
    expect(log[log.length - 1]).toMatchObject({ method: 'POST', dataCentre: 'us', endpoint: 'POST /oauth/v2/token', status: 200 });
    const text = JSON.stringify(log);
    for (const secret of [tokens.access_token, tokens.refresh_token ?? '', callback.searchParams.get('code') ?? '', h.client.clientSecret, token]) expect(text).not.toContain(secret);
    expect((await admin(h, 'GET', '/requests?limit=2')).body).toHaveLength(2);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, q, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let token: string;
let instance: string;
let orgId: string;
beforeAll(async () => {
  h = await startHarness();
  orgId = h.orgs[0]!.id;
  instance = h.orgs[0]!.instanceUrl;
  token = h.admin.mintToken(orgId).access_token;
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  h.admin.clearFaults();
  h.admin.setApiLimit(orgId, { max: 100_000, used: 0 });
});

async function adminHttp(method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.loginUrl}/_admin${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe('the daily API allowance', () => {
  it('counts every answered request in Sforce-Limit-Info and /limits', async () => {
    const first = await api(instance, token, '/limits');
    expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/100000');
    expect(first.body).toMatchObject({ DailyApiRequests: { Max: 100_000, Remaining: 99_999 }, DailyBulkV2QueryJobs: { Max: 10_000 }, DailyBulkV2QueryFileStorageMB: { Max: expect.any(Number) } });
    const second = await api(instance, token, q('SELECT COUNT() FROM Contact'));
    expect(second.headers.get('sforce-limit-info')).toBe('api-usage=2/100000');
  });

  it('runs out with 403 REQUEST_LIMIT_EXCEEDED and frees up as the 24-hour window rolls on', async () => {
    expect((await adminHttp('PUT', `/orgs/${orgId}/api-limit`, { max: 10, used: 9 })).body).toEqual({ max: 10, used: 9 });
    expect((await api(instance, token, '/limits')).status).toBe(200);
    const refused = await api(instance, token, '/limits');
    expect(refused).toMatchObject({ status: 403, body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }] });
    expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=10/10');
    h.clock.now += 24 * 3600_000 + 60_000;
    try {
      // The session timed out meanwhile too: a fresh token for the same org.
      const later = await api(instance, h.admin.mintToken(orgId).access_token, '/limits');
      expect(later.status).toBe(200);
      expect(later.headers.get('sforce-limit-info')).toBe('api-usage=1/10');
    } finally {
      h.clock.now -= 24 * 3600_000 + 60_000;
    }
  });
});

describe('faults', () => {
  it('answers 503 SERVER_UNAVAILABLE for a counted number of requests on a path prefix of one org', async () => {
    await adminHttp('POST', '/faults', { kind: 'status', status: 503, pathPrefix: '/services/data/v62.0/query', orgId, count: 2 });
    const hit = await api(instance, token, q('SELECT Id FROM Contact LIMIT 1'));
    expect(hit).toMatchObject({ status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE' }] });
    expect((await api(instance, token, '/limits')).status).toBe(200);
    expect((await api(instance, token, q('SELECT Id FROM Contact LIMIT 1'))).status).toBe(503);
    expect((await api(instance, token, q('SELECT Id FROM Contact LIMIT 1'))).status).toBe(200);
    expect(h.admin.listFaults()).toEqual([]);
  });

  it('fails one record of a composite write with UNABLE_TO_LOCK_ROW and writes the others', async () => {
    h.admin.addFault({ kind: 'record-error', recordContains: 'lock me', count: 1 });
    const res = await api(instance, token, '/composite/sobjects', {
      method: 'POST',
      body: { allOrNone: false, records: [{ attributes: { type: 'Task' }, Subject: 'fine' }, { attributes: { type: 'Task' }, Subject: 'lock me' }, { attributes: { type: 'Task' }, Subject: 'also fine' }] },
    });
    expect(res.body.map((r: { success: boolean; errors: { statusCode: string }[] }) => r.success || r.errors[0]!.statusCode)).toEqual([true, 'UNABLE_TO_LOCK_ROW', true]);
  });

  it('refuses a single sObject write with 400 UNABLE_TO_LOCK_ROW and leaves the record unchanged', async () => {
    const contact = (await api(instance, token, q('SELECT Id, Title FROM Contact ORDER BY Id LIMIT 1'))).body.records[0];
    h.admin.addFault({ kind: 'record-error', pathPrefix: '/services/data/v62.0/sobjects/Contact', count: 1 });
    const refused = await api(instance, token, `/sobjects/Contact/${contact.Id}`, { method: 'PATCH', body: { Title: 'Locked' } });
    expect(refused).toMatchObject({ status: 400, body: [{ errorCode: 'UNABLE_TO_LOCK_ROW' }] });
    expect(h.admin.getRecord(orgId, 'Contact', contact.Id).Title).toBe(contact.Title);
    expect((await api(instance, token, `/sobjects/Contact/${contact.Id}`, { method: 'PATCH', body: { Title: 'Locked' } })).status).toBe(204);
  });

  it('drops the connection after serving the request for lose-response, and adds latency', async () => {
    h.admin.addFault({ kind: 'lose-response', pathPrefix: '/services/data/v62.0/sobjects/Lead', count: 1 });
    await expect(api(instance, token, '/sobjects/Lead', { method: 'POST', body: { LastName: 'Lost', Company: 'Answer' } })).rejects.toThrow();
    const found = await api(instance, token, q("SELECT Id FROM Lead WHERE LastName = 'Lost'"));
    expect(found.body.totalSize).toBe(1);
    h.admin.addFault({ kind: 'latency', latencyMs: 150, count: 1 });
    const started = performance.now();
    await api(instance, token, '/limits');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers a 500 with UNKNOWN_EXCEPTION and a 502 with the gateway page', async () => {
    h.admin.addFault({ kind: 'status', status: 500, count: 1 });
    expect((await api(instance, token, '/limits')).body[0].errorCode).toBe('UNKNOWN_EXCEPTION');
    h.admin.addFault({ kind: 'status', status: 502, count: 1 });
    const gateway = await api(instance, token, '/limits');
    expect(gateway.status).toBe(502);
    expect(gateway.text).toContain('Bad Gateway');
  });

  it('refuses a malformed rule with 400', async () => {
    expect((await adminHttp('POST', '/faults', { kind: 'status', status: 418 })).status).toBe(400);
  });
});

describe('the admin API', () => {
  it('lists orgs with their origins and users, and mints a working token over HTTP', async () => {
    const orgs = (await adminHttp('GET', '/orgs')).body;
    expect(orgs.map((org: { name: string; isSandbox: boolean }) => [org.name, org.isSandbox])).toEqual([['Acme Corp', false], ['Acme Corp (UAT)', true]]);
    expect(orgs[1].loginUrl).toBe(h.testLoginUrl);
    const minted = await adminHttp('POST', `/orgs/${orgs[1].id}/tokens`, { withRefreshToken: true });
    expect(minted.body).toMatchObject({ instance_url: orgs[1].instanceUrl, refresh_token: expect.any(String) });
    expect((await api(orgs[1].instanceUrl, minted.body.access_token, '/limits')).status).toBe(200);
  });

  it('expires every access token of an org at once', async () => {
    const own = h.admin.mintToken(orgId).access_token;
    expect((await adminHttp('POST', `/orgs/${orgId}/tokens/expire`)).body.expired).toBeGreaterThanOrEqual(2);
    expect((await api(instance, own, '/limits')).status).toBe(401);
    token = h.admin.mintToken(orgId).access_token;
  });

  it('creates, updates and deletes records over HTTP, moving SystemModstamp, and sets the clock', async () => {
    expect((await adminHttp('POST', '/clock', { now: '2026-01-21T00:00:00Z' })).body.now).toBe('2026-01-21T00:00:00.000Z');
    const created = await adminHttp('POST', `/orgs/${orgId}/sobjects/Contact`, { fields: { LastName: 'Admin-made', Email: 'admin-made@example.com' } });
    expect(created).toMatchObject({ status: 201, body: { SystemModstamp: '2026-01-21T00:00:00.000+0000' } });
    await adminHttp('POST', '/clock/advance', { ms: 1500 });
    const updated = await adminHttp('PATCH', `/orgs/${orgId}/sobjects/Contact/${created.body.Id}`, { fields: { Title: 'Changed' } });
    expect(updated.body).toMatchObject({ Title: 'Changed', SystemModstamp: '2026-01-21T00:00:01.500+0000' });
    expect((await adminHttp('DELETE', `/orgs/${orgId}/sobjects/Contact/${created.body.Id}`)).status).toBe(204);
    expect((await adminHttp('GET', `/orgs/${orgId}/sobjects/Contact/${created.body.Id}`)).body.IsDeleted).toBe(true);
    expect((await adminHttp('POST', `/orgs/${orgId}/sobjects/Opportunity`, { fields: {} })).status).toBe(400);
    h.admin.setClock(h.clock.now);
  });

  it('counts requests per endpoint and keeps a log without tokens', async () => {
    await api(instance, token, '/sobjects/Contact/003000000000000AAA');
    const counters = (await adminHttp('GET', '/counters')).body;
    expect(counters.requests['GET /services/data/vXX.X/sobjects/Contact/{id}']).toBeGreaterThanOrEqual(1);
    expect(counters.apiUsage[orgId].used).toBeGreaterThan(0);
    const log = (await adminHttp('GET', '/requests?limit=5')).body;
    expect(log).toHaveLength(5);
    expect(JSON.stringify(log)).not.toContain(token);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, startTestSandbox, type ErrorBody, type TestSandbox } from './helpers';

let sandbox: TestSandbox;
beforeEach(async () => {
  sandbox = await startTestSandbox({ rateLimits: { tenSecondlyRolling: 100_000, searchPerSecond: 100_000 }, defaultPortal: { name: 'Faulty', contactCount: 20 } });
});
afterEach(() => sandbox.close());

const CONTACTS = '/crm/v3/objects/contacts';

describe('fault injection', () => {
  it('answers the next request with an injected status, then retires a counted rule', async () => {
    const rule = await call<{ id: string }>(sandbox.url, '/__sandbox/faults', { json: { kind: 'status', status: 503, count: 1 } });
    expect(rule.status).toBe(201);
    const failed = await call<string>(sandbox.url, CONTACTS, { token: sandbox.token });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('content-type')).toContain('text/html');
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(200);
    expect(sandbox.admin.listFaults()).toEqual([]);
  });

  it('injects HubSpot\'s 429 body and a JSON 500', async () => {
    sandbox.admin.addFault({ kind: 'status', status: 429, count: 1 });
    const limited = await call<ErrorBody>(sandbox.url, CONTACTS, { token: sandbox.token });
    expect([limited.status, limited.body.policyName]).toEqual([429, 'TEN_SECONDLY_ROLLING']);
    sandbox.admin.addFault({ kind: 'status', status: 500, count: 1 });
    const broken = await call<ErrorBody>(sandbox.url, CONTACTS, { token: sandbox.token });
    expect([broken.status, broken.body.category]).toEqual([500, 'INTERNAL_ERROR']);
    const counters = sandbox.admin.counters();
    expect(counters.faultsByKind).toEqual({ 'status:429': 1, 'status:500': 1 });
    expect(counters.faultsInjected).toBe(2);
    expect(counters.tooManyRequests).toBe(1);
  });

  it('scopes a rule to a path prefix', async () => {
    sandbox.admin.addFault({ kind: 'status', status: 502, pathPrefix: '/crm/v3/objects/contacts/search' });
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(200);
    expect((await call(sandbox.url, `${CONTACTS}/search`, { token: sandbox.token, json: {} })).status).toBe(502);
  });

  it('hits about the configured fraction of requests, the same ones for the same seed', async () => {
    sandbox.admin.addFault({ kind: 'status', status: 500, fraction: 0.3 });
    const statuses: number[] = [];
    for (let request = 0; request < 200; request += 1) statuses.push((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status);
    const failures = statuses.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(35);
    expect(failures).toBeLessThan(85);

    const again = await startTestSandbox({ rateLimits: { tenSecondlyRolling: 100_000 }, defaultPortal: { name: 'Faulty', contactCount: 20 } });
    try {
      again.admin.addFault({ kind: 'status', status: 500, fraction: 0.3 });
      const replay: number[] = [];
      for (let request = 0; request < 200; request += 1) replay.push((await call(again.url, CONTACTS, { token: again.token })).status);
      expect(replay).toEqual(statuses);
    } finally {
      await again.close();
    }
  });

  it('adds latency before serving', async () => {
    sandbox.admin.addFault({ kind: 'latency', latencyMs: 250, count: 1 });
    const started = performance.now();
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('resets the connection', async () => {
    sandbox.admin.addFault({ kind: 'reset', count: 1 });
    await expect(fetch(`${sandbox.url}${CONTACTS}`, { headers: { authorization: `Bearer ${sandbox.token}` } })).rejects.toThrow();
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(200);
  });

  it('serves a create, then loses its answer: the contact exists though the client heard nothing', async () => {
    sandbox.admin.addFault({ kind: 'lose-response', pathPrefix: CONTACTS, count: 1 });
    const before = sandbox.admin.listAccounts()[0]!.contactCount;
    await expect(call(sandbox.url, CONTACTS, { token: sandbox.token, json: { properties: { email: 'lost.answer@example.com' } } })).rejects.toThrow();
    expect(sandbox.admin.listAccounts()[0]!.contactCount).toBe(before + 1);
    // The next request is answered as usual.
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(200);
  });

  it('hangs until the client gives up', async () => {
    sandbox.admin.addFault({ kind: 'hang', count: 1 });
    const request = fetch(`${sandbox.url}${CONTACTS}`, { headers: { authorization: `Bearer ${sandbox.token}` }, signal: AbortSignal.timeout(300) });
    await expect(request).rejects.toThrow(/abort|timeout/i);
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(200);
  });

  it('refuses an invalid rule', async () => {
    const refused = await call<{ error: { code: string } }>(sandbox.url, '/__sandbox/faults', { json: { kind: 'status', status: 418 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_admin_input');
  });
});

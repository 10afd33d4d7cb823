import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../../src/crm/crm-service';
import { createMemoryBudgetStore } from '../../../src/crm/provider-http/memory-budget-store';
import { createCrmRegistry, type CrmRegistryOptions } from '../../../src/crm/registry';
import type { HubSpotRateLimits } from '../../../src/crm/providers/hubspot/hubspot-client';
import { startHubSpotTestSandbox, startZohoTestSandbox, type TestHubSpotSandbox, type TestZohoSandbox } from '../../support/sandbox-consent';
import { createTestSession } from './provider-test-support';

// Each burst comes from two clients of the same account (a sync and a write-back, say): the
// limiter is per account, not per client. Retries are off, so a 429 would surface as a failure.
const NO_RETRIES = { retries: 0, timeoutMs: 5000 };
let running: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(running.map((sandbox) => sandbox.close()));
  running = [];
});

/** A sandbox clock running `speed` times faster than real time, so a 10-second window passes in 10/speed s. */
function fastClock(speed: number): () => number {
  const start = Date.now();
  return () => start + (Date.now() - start) * speed;
}

async function startHubSpot(speed: number, limits: { tenSecondlyRolling?: number; searchPerSecond?: number }): Promise<TestHubSpotSandbox> {
  const sandbox = await startHubSpotTestSandbox({ now: fastClock(speed), rateLimits: limits });
  running.push(sandbox);
  return sandbox;
}

function hubspotClients(sandbox: TestHubSpotSandbox, rateLimits: HubSpotRateLimits) {
  const registry = createCrmRegistry({ hubspot: sandbox.app, zoho: null, salesforce: null }, { budgets: createMemoryBudgetStore(), http: NO_RETRIES, rateLimits: { hubspot: rateLimits } });
  const connection: ConnectionInfo = { externalAccountId: String(sandbox.portalId), accountName: 'Sandbox Portal', dataCentre: null, apiDomain: sandbox.url, accountsServer: null };
  return [0, 1].map(() => {
    const token = sandbox.admin.mintToken(sandbox.portalId).access_token;
    return registry.get('hubspot').createApiClient(createTestSession(connection, token, async () => ({ accessToken: token })));
  });
}

async function burst(count: number, send: (index: number) => Promise<unknown>): Promise<{ ok: number; codes: string[] }> {
  const outcomes = await Promise.allSettled(Array.from({ length: count }, (_, index) => send(index)));
  const codes = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { code?: string }).code ?? 'unknown'] : []));
  return { ok: count - codes.length, codes };
}

describe('HubSpot pacing per portal', () => {
  // Sandbox time runs 20× faster: its 10-second window of 10 requests is 500 ms of real time.
  const WINDOW_MS = 500;

  it('keeps a burst from two clients under the 10-second limit with no 429 at all', async () => {
    const sandbox = await startHubSpot(20, { tenSecondlyRolling: 10 });
    const clients = hubspotClients(sandbox, { requestsPerInterval: 8, intervalMs: WINDOW_MS, searchRequestsPerSecond: 100 });
    const result = await burst(20, (index) => clients[index % 2]!.get('/crm/v3/objects/contacts', { params: { limit: 1 } }));
    expect(result).toEqual({ ok: 20, codes: [] });
    expect(sandbox.admin.counters().tooManyRequests).toBe(0);
  });

  it('would have been refused without it (the same burst, unpaced)', async () => {
    const sandbox = await startHubSpot(20, { tenSecondlyRolling: 10 });
    const clients = hubspotClients(sandbox, { requestsPerInterval: 100_000, intervalMs: WINDOW_MS, searchRequestsPerSecond: 100 });
    const result = await burst(20, (index) => clients[index % 2]!.get('/crm/v3/objects/contacts', { params: { limit: 1 } }));
    expect(result.codes.length).toBeGreaterThan(0);
    expect(new Set(result.codes)).toEqual(new Set(['provider_rate_limited']));
    expect(sandbox.admin.counters().tooManyRequests).toBe(result.codes.length);
  });

  it('paces searches by their own, lower allowance', async () => {
    // 5× time: the sandbox's 3 searches per second are 3 per 200 ms; we send 10 per real second.
    const sandbox = await startHubSpot(5, { searchPerSecond: 3 });
    const search = (rateLimits: HubSpotRateLimits) => {
      const clients = hubspotClients(sandbox, rateLimits);
      return burst(8, (index) => clients[index % 2]!.post('/crm/v3/objects/contacts/search', { limit: 1 }));
    };
    const paced = await search({ requestsPerInterval: 100_000, intervalMs: 1000, searchRequestsPerSecond: 10 });
    expect(paced).toEqual({ ok: 8, codes: [] });
    expect(sandbox.admin.counters().rateLimited.SECONDLY).toBe(0);

    sandbox.admin.advanceClock(5000);
    const unpaced = await search({ requestsPerInterval: 100_000, intervalMs: 1000, searchRequestsPerSecond: 100_000 });
    expect(unpaced.codes.length).toBeGreaterThan(0);
    expect(sandbox.admin.counters().rateLimited.SECONDLY).toBe(unpaced.codes.length);
  });
});

describe('Zoho concurrency per org', () => {
  async function startZoho(): Promise<TestZohoSandbox> {
    const sandbox = await startZohoTestSandbox({ accounts: [{ name: 'Tiny Co', dataCentre: 'us', contactCount: 5, concurrencyLimit: 2 }] });
    running.push(sandbox);
    // Slow answers keep requests in flight long enough to overlap.
    sandbox.admin.addFault({ kind: 'latency', latencyMs: 80, pathPrefix: '/crm/v8/Contacts' });
    return sandbox;
  }

  function zohoBurst(sandbox: TestZohoSandbox, options: Omit<CrmRegistryOptions, 'budgets'>) {
    const registry = createCrmRegistry({ hubspot: null, zoho: sandbox.app, salesforce: null }, { budgets: createMemoryBudgetStore(), http: NO_RETRIES, ...options });
    const orgId = sandbox.orgIdByDataCentre.us!;
    const clients = [0, 1].map(() => {
      const minted = sandbox.admin.mintToken(orgId);
      const connection: ConnectionInfo = { externalAccountId: orgId, accountName: 'Tiny Co', dataCentre: 'us', apiDomain: minted.api_domain, accountsServer: null };
      return registry.get('zoho').createApiClient(createTestSession(connection, minted.access_token, async () => ({ accessToken: minted.access_token })));
    });
    return burst(10, (index) => clients[index % 2]!.get('/crm/v8/Contacts', { params: { fields: 'Last_Name', per_page: 1 } }));
  }

  it('keeps the org’s concurrent calls within its limit, across clients', async () => {
    const sandbox = await startZoho();
    expect(await zohoBurst(sandbox, { rateLimits: { zoho: { maxConcurrent: 2 } } })).toEqual({ ok: 10, codes: [] });
    expect(sandbox.admin.counters().tooManyRequests).toBe(0);
  });

  it('would have been refused with a higher limit than the org’s edition allows', async () => {
    const sandbox = await startZoho();
    const result = await zohoBurst(sandbox, { rateLimits: { zoho: { maxConcurrent: 10 } } });
    expect(result.codes.length).toBeGreaterThan(0);
    expect(new Set(result.codes)).toEqual(new Set(['provider_rate_limited']));
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TSyncAllResponse, TSyncRun } from '@voiceagent/shared';
import type { TestUser } from '../../support/test-users';
import { expectSameContacts, readLocalContacts, readTruth } from './sandbox-truth';
import { startSyncTestbed, waitForFirstSync, type Platform as TestbedPlatform, type SyncTestbed } from './sync-testbed';

// Salesforce has files of its own (salesforce-*.integration.test.ts).
type Platform = Exclude<TestbedPlatform, 'salesforce'>;

/** Syncs through a misbehaving CRM: injected 5xx, 429 and dropped connections, outages, revoked grants. */
const CONTACTS = 2000;
let testbed: SyncTestbed;

beforeAll(async () => {
  // Deletions on every incremental run (HubSpot's archived list read each time): these tests check each run's deletions.
  // The same 5 retries with full-jitter backoff, from 20 ms instead of 500 ms: what is proven is
  // that the retries happen and then give up, not how long the product waits between them.
  testbed = await startSyncTestbed({ hubspotContacts: CONTACTS, zohoContacts: CONTACTS, env: { SYNC_DELETION_SCAN_HOURS: '0' }, providerHttp: { baseDelayMs: 20 } });
}, 60_000);
afterEach(() => {
  testbed.hubspot.admin.clearFaults();
  testbed.zoho.admin.clearFaults();
});
afterAll(async () => {
  await testbed?.close();
});

// Contact reads only: connecting (the OAuth token endpoints) is not what these tests are about.
const CONTACT_PATHS: Record<Platform, string> = { hubspot: '/crm/', zoho: '/crm/v8/Contacts' };

function injectFlakiness(platform: Platform): void {
  const admin = platform === 'hubspot' ? testbed.hubspot.admin : testbed.zoho.admin;
  const pathPrefix = CONTACT_PATHS[platform];
  admin.addFault({ kind: 'status', status: 500, fraction: 0.05, pathPrefix });
  admin.addFault({ kind: 'status', status: 503, fraction: 0.05, pathPrefix });
  admin.addFault({ kind: 'status', status: 429, fraction: 0.05, pathPrefix });
  admin.addFault({ kind: 'reset', fraction: 0.03, pathPrefix });
}

function faultsInjected(platform: Platform): number {
  return platform === 'hubspot' ? testbed.hubspot.admin.counters().faultsInjected : testbed.zoho.admin.counters().faultsInjected;
}

async function getRun(user: TestUser, runId: string): Promise<TSyncRun> {
  return (await (await testbed.api(user, `/crm/sync/runs/${runId}`)).json()) as TSyncRun;
}

async function startSync(user: TestUser, platform: Platform): Promise<string> {
  const res = await testbed.api(user, `/crm/${platform}/sync`, { method: 'POST' });
  expect(res.status).toBe(202);
  return ((await res.json()) as { runId: string }).runId;
}

describe.each<Platform>(['hubspot', 'zoho'])('%s answering 10% 5xx, 5% 429 and 3% dropped connections', (platform) => {
  it('full and incremental syncs still converge to exactly what the CRM holds', async () => {
    const user = await testbed.signUp();
    injectFlakiness(platform);
    const before = faultsInjected(platform);
    await testbed.connect(user, platform);
    const full = await waitForFirstSync(testbed, user, platform, 90_000);
    expect(full).toMatchObject({ status: 'succeeded', counts: { created: CONTACTS, fetched: CONTACTS } });

    if (platform === 'hubspot') {
      testbed.hubspot.admin.modifyContacts(testbed.portalId, { count: 300, properties: { company: 'Flaky Industries' } });
      testbed.hubspot.admin.deleteContacts(testbed.portalId, { count: 20 });
    } else {
      testbed.zoho.admin.modifyContacts(testbed.zohoOrgId, { count: 300, fields: { Title: 'Flaky Title' } });
      testbed.zoho.admin.deleteContacts(testbed.zohoOrgId, { count: 20 });
    }
    const incremental = await testbed.waitForRun(user, await startSync(user, platform), 90_000);
    expect(incremental).toMatchObject({ kind: 'incremental', status: 'succeeded', counts: { deleted: 20 } });
    expect(faultsInjected(platform) - before).toBeGreaterThan(0);

    testbed.hubspot.admin.clearFaults();
    testbed.zoho.admin.clearFaults();
    expectSameContacts(await readLocalContacts(testbed.product.pool, user.id, platform), await readTruth(testbed, platform));
  }, 120_000);
});

describe('a CRM that keeps failing after the retries', () => {
  it('fails the run with the provider’s error, keeping the pages done; the next sync completes the copy', async () => {
    const user = await testbed.signUp();
    // Other tests here delete contacts from the same portal.
    const live = testbed.hubspot.admin.getAccount(testbed.portalId).contactCount;
    // Slow pages, so that the outage starts mid-run.
    testbed.hubspot.admin.addFault({ kind: 'latency', latencyMs: 100, pathPrefix: '/crm/' });
    await testbed.connect(user, 'hubspot');
    let run = (await testbed.latestRun(user, 'hubspot'))!;
    while (run.pagesDone < 3) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = await getRun(user, run.id);
    }
    testbed.hubspot.admin.addFault({ kind: 'status', status: 503, pathPrefix: '/crm/' });

    const failed = await testbed.waitForRun(user, run.id, 60_000);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'provider_unavailable', message: expect.stringMatching(/HubSpot/) } });
    expect(failed.pagesDone).toBeGreaterThanOrEqual(3);
    expect(failed.pagesDone).toBeLessThan(live / 100);
    expect(failed.counts.created).toBe(failed.pagesDone * 100);
    const { rows } = await testbed.product.pool.query<{ n: number }>('select count(*)::int as n from crm_contacts where user_id = $1', [user.id]);
    expect(rows[0]!.n).toBe(failed.counts.created);

    testbed.hubspot.admin.clearFaults();
    // The failed full sync gave no watermark: the next one is full again, and finds the kept rows unchanged.
    const next = await testbed.waitForRun(user, await startSync(user, 'hubspot'), 60_000);
    expect(next).toMatchObject({ kind: 'full', status: 'succeeded', counts: { fetched: live, created: live - failed.counts.created, unchanged: failed.counts.created } });
    expectSameContacts(await readLocalContacts(testbed.product.pool, user.id, 'hubspot'), await readTruth(testbed, 'hubspot'));
  }, 120_000);
});

describe('both platforms at once, one of them failing', () => {
  it('the other completes; the revoked one fails with crm_auth_revoked and its connection needs reauthorisation', async () => {
    const user = await testbed.signUp();
    await testbed.connect(user, 'hubspot');
    await testbed.connect(user, 'zoho');
    await waitForFirstSync(testbed, user, 'hubspot', 60_000);
    await waitForFirstSync(testbed, user, 'zoho', 60_000);
    testbed.zoho.admin.modifyContacts(testbed.zohoOrgId, { count: 50, fields: { Title: 'Both at once' } });
    // The user revoked the app in HubSpot: access and refresh tokens stop working.
    testbed.hubspot.admin.revokeTokens({ accountId: testbed.portalId });

    const res = await testbed.api(user, '/crm/sync', { method: 'POST' });
    expect(res.status).toBe(202);
    const { results } = (await res.json()) as TSyncAllResponse;
    expect(results.map((r) => r.platform).sort()).toEqual(['hubspot', 'zoho']);
    const runIds = Object.fromEntries(results.map((r) => [r.platform, 'runId' in r ? r.runId : null]));

    const [hubspotRun, zohoRun] = await Promise.all([testbed.waitForRun(user, runIds.hubspot!), testbed.waitForRun(user, runIds.zoho!)]);
    expect(hubspotRun).toMatchObject({ status: 'failed', error: { code: 'crm_auth_revoked' } });
    expect(zohoRun).toMatchObject({ status: 'succeeded', kind: 'incremental' });
    expect(zohoRun.counts.updated).toBe(50);

    const { connections } = (await (await testbed.api(user, '/crm/credentials')).json()) as { connections: Array<{ platform: string; status: string }> };
    expect(connections.find((c) => c.platform === 'hubspot')?.status).toBe('needs_reauth');

    // Asking again: HubSpot says why it cannot start, Zoho starts regardless.
    const again = (await (await testbed.api(user, '/crm/sync', { method: 'POST' })).json()) as TSyncAllResponse;
    expect(again.results.find((r) => r.platform === 'hubspot')).toMatchObject({ error: { code: 'crm_auth_revoked' } });
    expect(again.results.find((r) => r.platform === 'zoho')).toMatchObject({ runId: expect.any(String) });
  }, 120_000);
});

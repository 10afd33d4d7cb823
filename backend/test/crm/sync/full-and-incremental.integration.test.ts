import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSyncRun } from '@voiceagent/shared';
import type { TestUser } from '../../support/test-users';
import { expectSameContacts, readLocalContacts, readTruth } from './sandbox-truth';
import { countRequests, startSyncTestbed, waitForFirstSync, type Platform as TestbedPlatform, type SyncTestbed } from './sync-testbed';

// Salesforce has files of its own (salesforce-*.integration.test.ts).
type Platform = Exclude<TestbedPlatform, 'salesforce'>;

/**
 * The first full sync after connecting, then incremental syncs of what changed at the CRM, each
 * compared field by field with what the sandbox holds.
 */
let testbed: SyncTestbed;

beforeAll(async () => {
  // Deletions on every incremental run (HubSpot's archived list read each time): these tests check each run's deletions.
  testbed = await startSyncTestbed({ hubspotContacts: 5000, zohoContacts: 5000, env: { SYNC_DELETION_SCAN_HOURS: '0' } });
}, 120_000);
afterAll(async () => {
  await testbed?.close();
});

async function startSync(user: TestUser, platform: Platform, query = ''): Promise<{ runId: string; alreadyRunning: boolean }> {
  const res = await testbed.api(user, `/crm/${platform}/sync${query}`, { method: 'POST' });
  expect(res.status).toBe(202);
  return (await res.json()) as { runId: string; alreadyRunning: boolean };
}

async function counters(platform: Platform): Promise<Record<string, number>> {
  return platform === 'hubspot' ? testbed.hubspot.admin.counters().requests : testbed.zoho.admin.counters().requests;
}

const CONTACT_READS: Record<Platform, RegExp> = {
  hubspot: /\/crm\/v3\/objects\/contacts/,
  zoho: /\/crm\/v\d+\/Contacts/,
};

// HubSpot lists 100 contacts a page and searches changes 200 a page; Zoho pages by 200.
describe.each<{ platform: Platform; pageSize: number; changesPageSize: number }>([
  { platform: 'hubspot', pageSize: 100, changesPageSize: 200 },
  { platform: 'zoho', pageSize: 200, changesPageSize: 200 },
])('syncing $platform', ({ platform, pageSize, changesPageSize }) => {
  let user: TestUser;
  let first: TSyncRun;

  beforeAll(async () => {
    user = await testbed.signUp();
    await testbed.connect(user, platform);
    first = await waitForFirstSync(testbed, user, platform, 90_000);
  }, 120_000);

  it('connecting runs a full sync that copies all 5,000 contacts exactly', async () => {
    expect(first).toMatchObject({ kind: 'full', status: 'succeeded', percent: 100, error: null });
    expect(first.counts).toMatchObject({ fetched: 5000, created: 5000, updated: 0, unchanged: 0, deleted: 0, failed: 0 });
    expect(first.pagesDone).toBe(5000 / pageSize);
    expectSameContacts(await readLocalContacts(testbed.product.pool, user.id, platform), await readTruth(testbed, platform));
    // The connection shows it: a contact count and a last sync time.
    const res = await testbed.api(user, '/crm/credentials');
    const { connections } = (await res.json()) as { connections: Array<{ platform: string; contactCount: number; lastSyncedAt: string | null }> };
    expect(connections.find((c) => c.platform === platform)).toMatchObject({ contactCount: 5000, lastSyncedAt: expect.any(String) });
  });

  it('an incremental sync applies exactly the changes and deletions made at the CRM, in about changes ÷ page size requests', async () => {
    const changed = 450;
    const removed = 30;
    if (platform === 'hubspot') {
      testbed.hubspot.admin.modifyContacts(testbed.portalId, { count: changed, properties: { jobtitle: 'Changed by the sync test' } });
      testbed.hubspot.admin.deleteContacts(testbed.portalId, { count: removed });
    } else {
      testbed.zoho.admin.modifyContacts(testbed.zohoOrgId, { count: changed, fields: { Title: 'Changed by the sync test' } });
      testbed.zoho.admin.deleteContacts(testbed.zohoOrgId, { count: removed });
    }
    const before = countRequests(await counters(platform), CONTACT_READS[platform]);

    const { runId, alreadyRunning } = await startSync(user, platform);
    expect(alreadyRunning).toBe(false);
    const run = await testbed.waitForRun(user, runId);

    const requests = countRequests(await counters(platform), CONTACT_READS[platform]) - before;
    expect(run).toMatchObject({ kind: 'incremental', status: 'succeeded' });
    // Some of the changed contacts may be among the deleted ones: they are then only deleted.
    expect(run.counts.updated).toBeGreaterThanOrEqual(changed - removed);
    expect(run.counts.updated).toBeLessThanOrEqual(changed);
    expect(run.counts).toMatchObject({ created: 0, deleted: removed, failed: 0 });
    // Changed pages plus one page of deletions and the empty answers that end each listing.
    expect(requests).toBeGreaterThanOrEqual(Math.ceil((changed - removed) / changesPageSize));
    expect(requests).toBeLessThanOrEqual(Math.ceil(changed / changesPageSize) + 4);
    expectSameContacts(await readLocalContacts(testbed.product.pool, user.id, platform), await readTruth(testbed, platform));
  });

  it('an incremental sync with nothing new writes nothing', async () => {
    const { runId } = await startSync(user, platform);
    const run = await testbed.waitForRun(user, runId);
    expect(run).toMatchObject({ kind: 'incremental', status: 'succeeded' });
    expect(run.counts).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  });
});

describe('a forced full resync (?mode=full)', () => {
  it('writes nothing that did not change, and marks deleted the contacts the CRM lost without telling', async () => {
    const platform: Platform = 'zoho';
    const user = await testbed.signUp();
    await testbed.connect(user, platform);
    await waitForFirstSync(testbed, user, platform, 90_000);
    // A contact gone from the CRM with no deletion record (merged away, or deleted longer ago than the CRM remembers).
    await testbed.product.pool.query(
      `insert into crm_contacts (user_id, platform, external_id, first_name, created_at) values ($1, $2, 'ghost-1', 'Ghost', now() - interval '1 day')`,
      [user.id, platform],
    );

    const { runId } = await startSync(user, platform, '?mode=full');
    const run = await testbed.waitForRun(user, runId);

    expect(run).toMatchObject({ kind: 'full', status: 'succeeded' });
    expect(run.counts).toMatchObject({ created: 0, updated: 0, deleted: 1 });
    expect(run.counts.unchanged).toBe(run.counts.fetched);
    const { rows } = await testbed.product.pool.query(`select deleted_at from crm_contacts where user_id = $1 and external_id = 'ghost-1'`, [user.id]);
    expect(rows[0].deleted_at).not.toBeNull();
    expectSameContacts(await readLocalContacts(testbed.product.pool, user.id, platform), await readTruth(testbed, platform));
  });
});

import pino from 'pino';
import type { TContactListResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangePoller, type ChangePoller } from '../../../src/crm/sync/change-poll';
import type { TestUser } from '../../support/test-users';
import { querySalesforce } from './sandbox-truth';
import { countRequests, startSyncTestbed, waitForFirstSync, type SyncTestbed } from './sync-testbed';

/**
 * Salesforce's near-real-time sync: a check per connection that costs one request when nothing
 * changed, and runs the incremental sync only when something did. The product's own timer and
 * scheduler are off; the test ticks a poller of the product's services itself (interval 1 s),
 * so it knows exactly how many checks ran, and the product's workers run the syncs they queue.
 */
let testbed: SyncTestbed;
let user: TestUser;
let orgId: string;
let poller: ChangePoller;

beforeAll(async () => {
  // The product's own checks stay off (as in every test product): the test ticks its own poller.
  testbed = await startSyncTestbed({ salesforceOrgs: [{ contacts: 60, leads: 15 }], env: { SYNC_INTERVAL_MINUTES: '0' } });
  orgId = testbed.salesforceOrgIds[0]!;
  user = await testbed.signUp();
  await testbed.connect(user, 'salesforce');
  expect((await waitForFirstSync(testbed, user, 'salesforce')).status).toBe('succeeded');
  const { services, pool } = testbed.product;
  poller = createChangePoller({ pool, registry: services.registry, credentials: services.credentials, sync: services.sync, logger: pino({ level: 'silent' }), intervalSeconds: { salesforce: 1 } });
}, 60_000);
afterAll(async () => {
  await testbed?.close();
});

/** Waits out the 1 s interval (the claim moves a connection's next check on by it), then checks. */
async function checkWhenDue() {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  return poller.tick();
}

function requestCounts() {
  const { requests } = testbed.salesforce.admin.counters();
  return { all: countRequests(requests, /./), composite: countRequests(requests, /^POST \/services\/data\/vXX\.X\/composite$/) };
}

/** The sync a check queued, finished; none when the check queued none. */
async function settleSync(previousRunId: string | undefined): Promise<string | undefined> {
  const latest = await testbed.latestRun(user, 'salesforce');
  if (!latest || latest.id === previousRunId) return previousRunId;
  expect((await testbed.waitForRun(user, latest.id, 30_000)).status).toBe('succeeded');
  return latest.id;
}

async function searchContacts(q: string): Promise<Array<{ externalId: string; lastName: string | null }>> {
  const res = await testbed.api(user, `/crm/contacts?platform=salesforce&q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as TContactListResponse;
  if (body.view !== 'unified') throw new Error('expected the unified view');
  return body.items.map((item) => ({ externalId: item.externalId, lastName: item.lastName }));
}

async function waitForSearch(q: string, predicate: (found: Array<{ externalId: string }>) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (predicate(await searchContacts(q))) return;
    if (Date.now() > deadline) throw new Error(`GET /crm/contacts?q=${q} never matched`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the Salesforce change poll', () => {
  let lastRunId: string | undefined;

  it('checks a quiet org with exactly one request per tick and queues no sync', async () => {
    // A first check settles the mark (changes from just before the full sync may still be news).
    const fullSyncId = (await testbed.latestRun(user, 'salesforce'))?.id;
    await checkWhenDue();
    const runBefore = await settleSync(fullSyncId);
    const before = requestCounts();
    for (let tick = 0; tick < 3; tick += 1) {
      expect(await checkWhenDue()).toEqual({ checked: 1, changed: 0, failed: 0 });
    }
    const after = requestCounts();
    expect(after.all - before.all).toBe(3);
    expect(after.composite - before.composite).toBe(3);
    expect((await testbed.latestRun(user, 'salesforce'))?.id).toBe(runBefore);
    lastRunId = runBefore;
  });

  it('brings a contact changed at the org into the contacts list after the next check', async () => {
    const [record] = await querySalesforce(testbed, orgId, 'SELECT Id FROM Contact ORDER BY Id LIMIT 1');
    const id = String(record!.Id);
    testbed.salesforce.admin.updateRecord(orgId, 'Contact', id, { LastName: 'Pollingworth' });
    expect(await searchContacts('Pollingworth')).toEqual([]);

    const before = requestCounts();
    expect(await checkWhenDue()).toEqual({ checked: 1, changed: 1, failed: 0 });
    expect(requestCounts().all - before.all).toBe(1);
    await waitForSearch('Pollingworth', (found) => found.some((contact) => contact.externalId === id));
    lastRunId = await settleSync(lastRunId);

    // Seen once, the change is old news: the next check is one request again.
    expect(await checkWhenDue()).toEqual({ checked: 1, changed: 0, failed: 0 });
  });

  it('brings a new lead in and takes a deleted contact out after the next check', async () => {
    const lead = testbed.salesforce.admin.createRecord(orgId, 'Lead', { FirstName: 'Polly', LastName: 'Leadbetter', Company: 'Poll Co', Phone: '+1 415 555 0100' });
    const [gone] = await querySalesforce(testbed, orgId, 'SELECT Id, LastName FROM Contact ORDER BY Id DESC LIMIT 1');
    const goneId = String(gone!.Id);
    const goneName = String(gone!.LastName);
    expect((await searchContacts(goneName)).some((contact) => contact.externalId === goneId)).toBe(true);
    testbed.salesforce.admin.deleteRecord(orgId, 'Contact', goneId);

    expect(await checkWhenDue()).toEqual({ checked: 1, changed: 1, failed: 0 });
    await waitForSearch('Leadbetter', (found) => found.some((contact) => contact.externalId === String(lead.Id)));
    await waitForSearch(goneName, (found) => !found.some((contact) => contact.externalId === goneId));
    lastRunId = await settleSync(lastRunId);
  });

  it('rides out a transient refusal of the check (the client retries it) and still sees the change', async () => {
    const [record] = await querySalesforce(testbed, orgId, 'SELECT Id FROM Contact ORDER BY Id LIMIT 1 OFFSET 1');
    const id = String(record!.Id);
    testbed.salesforce.admin.updateRecord(orgId, 'Contact', id, { LastName: 'Faultington' });
    testbed.salesforce.admin.addFault({ kind: 'status', status: 503, count: 1, orgId, pathPrefix: '/services/data/v62.0/composite' });
    try {
      expect(await checkWhenDue()).toEqual({ checked: 1, changed: 1, failed: 0 });
    } finally {
      testbed.salesforce.admin.clearFaults();
    }
    await waitForSearch('Faultington', (found) => found.some((contact) => contact.externalId === id));
  });

  it('checks on its own once started, until stopped', async () => {
    const [record] = await querySalesforce(testbed, orgId, 'SELECT Id FROM Contact ORDER BY Id LIMIT 1 OFFSET 2');
    const id = String(record!.Id);
    testbed.salesforce.admin.updateRecord(orgId, 'Contact', id, { LastName: 'Timerton' });
    const { services, pool } = testbed.product;
    const timed = createChangePoller({ pool, registry: services.registry, credentials: services.credentials, sync: services.sync, logger: pino({ level: 'silent' }), intervalSeconds: { salesforce: 1 } });
    timed.start();
    try {
      await waitForSearch('Timerton', (found) => found.some((contact) => contact.externalId === id));
    } finally {
      await timed.stop();
    }
    await settleSync(undefined);
    const stopped = requestCounts();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(requestCounts().composite).toBe(stopped.composite);
  });
});

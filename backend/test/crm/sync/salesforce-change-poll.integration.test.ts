import pino from 'pino';
import type { TContactListResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SalesforceService } from '../../../src/crm/providers/salesforce/salesforce-service';
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
async function checkWhenDue(by: ChangePoller = poller) {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  return by.tick();
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
      expect(await checkWhenDue()).toEqual({ checked: 1, changed: 0, failed: 0, paused: 0 });
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
    expect(await checkWhenDue()).toEqual({ checked: 1, changed: 1, failed: 0, paused: 0 });
    expect(requestCounts().all - before.all).toBe(1);
    await waitForSearch('Pollingworth', (found) => found.some((contact) => contact.externalId === id));
    lastRunId = await settleSync(lastRunId);

    // Seen once, the change is old news: the next check is one request again.
    expect(await checkWhenDue()).toEqual({ checked: 1, changed: 0, failed: 0, paused: 0 });
  });

  it('brings a new lead in and takes a deleted contact out after the next check', async () => {
    const lead = testbed.salesforce.admin.createRecord(orgId, 'Lead', { FirstName: 'Polly', LastName: 'Leadbetter', Company: 'Poll Co', Phone: '+1 415 555 0100' });
    const [gone] = await querySalesforce(testbed, orgId, 'SELECT Id, LastName FROM Contact ORDER BY Id DESC LIMIT 1');
    const goneId = String(gone!.Id);
    const goneName = String(gone!.LastName);
    expect((await searchContacts(goneName)).some((contact) => contact.externalId === goneId)).toBe(true);
    testbed.salesforce.admin.deleteRecord(orgId, 'Contact', goneId);

    expect(await checkWhenDue()).toEqual({ checked: 1, changed: 1, failed: 0, paused: 0 });
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
      expect(await checkWhenDue()).toEqual({ checked: 1, changed: 1, failed: 0, paused: 0 });
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

describe('the Salesforce change poll and the org’s daily API allowance', () => {
  const USAGE_MAX_AGE_MS = 8000;
  type PollPause = { since: string; code: string; message: string } | null;
  async function pollPause(): Promise<PollPause> {
    const res = await testbed.api(user, '/crm/credentials');
    const { connections } = (await res.json()) as { connections: Array<{ platform: string; changePollPause: PollPause }> };
    return connections.find((connection) => connection.platform === 'salesforce')!.changePollPause;
  }

  it('asks nothing while the allowance is down to the reserve, says why on the connection, and checks again once it frees', async () => {
    const { services, pool, config } = testbed.product;
    // What the poller knows of the org's usage grows old in 8 s here (5 minutes in production).
    const salesforce = new SalesforceService(config.crm.salesforce!, { sync: { ...config.crm.salesforceSync, usageMaxAgeMs: USAGE_MAX_AGE_MS } });
    const reserved = createChangePoller({ pool, registry: { configured: () => [salesforce] }, credentials: services.credentials, sync: services.sync, logger: pino({ level: 'silent' }), intervalSeconds: { salesforce: 1 } });
    const { max } = testbed.salesforce.admin.counters().apiUsage[orgId]!;
    // Other integrations spent the org's allowance into the 20% reserve.
    testbed.salesforce.admin.setApiLimit(orgId, { max: 1000, used: 850 });

    // The first check learns the usage from its own answer (Sforce-Limit-Info)…
    let before = requestCounts();
    expect(await checkWhenDue(reserved)).toEqual({ checked: 1, changed: 0, failed: 0, paused: 0 });
    expect(requestCounts().all - before.all).toBe(1);
    const [record] = await querySalesforce(testbed, orgId, 'SELECT Id FROM Contact ORDER BY Id LIMIT 1 OFFSET 3');
    const id = String(record!.Id);
    testbed.salesforce.admin.updateRecord(orgId, 'Contact', id, { LastName: 'Reserveford' });

    // …and the next ones ask nothing: the change waits, and the connection says why.
    before = requestCounts();
    const quietRun = (await testbed.latestRun(user, 'salesforce'))?.id;
    expect(await checkWhenDue(reserved)).toEqual({ checked: 1, changed: 0, failed: 0, paused: 1 });
    expect(requestCounts().all - before.all).toBe(0);
    const pause = await pollPause();
    expect(pause).toMatchObject({ code: 'provider_quota_exhausted', message: expect.stringMatching(/20% reserve .*\(\d+ of 1000 used\)/) });
    expect(Date.parse(pause!.since)).toBeLessThanOrEqual(Date.now());
    expect(await checkWhenDue(reserved)).toEqual({ checked: 1, changed: 0, failed: 0, paused: 1 });
    expect(requestCounts().all - before.all).toBe(0);
    expect((await pollPause())!.since).toBe(pause!.since);
    expect((await testbed.latestRun(user, 'salesforce'))?.id).toBe(quietRun);
    expect(await searchContacts('Reserveford')).toEqual([]);

    // The rolling day frees the allowance; once what the poller knew is old, one check asks again and sees the change.
    testbed.salesforce.admin.setApiLimit(orgId, { max, used: 0 });
    await new Promise((resolve) => setTimeout(resolve, USAGE_MAX_AGE_MS));
    before = requestCounts();
    expect(await checkWhenDue(reserved)).toEqual({ checked: 1, changed: 1, failed: 0, paused: 0 });
    expect(requestCounts().composite - before.composite).toBe(1);
    expect(await pollPause()).toBeNull();
    await waitForSearch('Reserveford', (found) => found.some((contact) => contact.externalId === id));
    await settleSync(quietRun);
  });
});

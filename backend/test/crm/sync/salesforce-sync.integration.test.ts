import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatSoqlDateTime } from '../../../src/crm/providers/salesforce/salesforce-soql';
import type { TestUser } from '../../support/test-users';
import { querySalesforce, readSalesforceTruth } from './sandbox-truth';
import {
  expectCopyOfOrg,
  getRun,
  readGoneIds,
  readSyncPause,
  resumeAsAnotherWorker,
  startSalesforceSync,
  waitForPages,
  waitForSyncPause,
} from './salesforce-sync-support';
import { startSyncTestbed, waitForFirstSync, type SyncTestbed } from './sync-testbed';

/**
 * Salesforce end to end over HTTP, by REST (the default Bulk threshold is far above these orgs):
 * the product connects through the consent page, syncs through its own workers, and its copy is
 * compared field by field with what the org answers at its REST API. Each scenario has an org of
 * its own, so one's changes, API usage and clock tricks touch no other.
 */
let testbed: SyncTestbed;
const ORG = { sync: 0, reserve: 1, limit: 2, locator: 3 } as const;
const orgId = (name: keyof typeof ORG) => testbed.salesforceOrgIds[ORG[name]]!;

beforeAll(async () => {
  testbed = await startSyncTestbed({
    salesforceOrgs: [
      { contacts: 2500, leads: 400 },
      { contacts: 300, leads: 100 },
      { contacts: 2500, leads: 100 },
      { contacts: 4500, leads: 50 },
    ],
    env: { SYNC_DELETION_SCAN_HOURS: '0' },
  });
}, 60_000);
afterEach(() => {
  testbed.salesforce.admin.clearFaults();
});
afterAll(async () => {
  await testbed?.close();
});

/**
 * An org someone works in: one contact changed just now, so an incremental sync's watermark is
 * recent and its reads small. (The seeded records were all last changed months ago; a quiet org
 * has its own test below.)
 */
async function connectTo(name: keyof typeof ORG): Promise<TestUser> {
  const [first] = await querySalesforce(testbed, orgId(name), 'SELECT Id FROM Contact ORDER BY Id LIMIT 1');
  testbed.salesforce.admin.updateRecord(orgId(name), 'Contact', String(first!.Id), { Title: 'Recently changed' });
  const user = await testbed.signUp();
  await testbed.connect(user, 'salesforce', { salesforceOrgId: orgId(name) });
  return user;
}

describe('syncing Salesforce by REST', () => {
  let user: TestUser;

  beforeAll(async () => {
    user = await connectTo('sync');
  }, 30_000);

  it('connecting runs a full sync equal to the org field by field: its contacts and unconverted leads, no converted lead, nothing from the recycle bin', async () => {
    const run = await waitForFirstSync(testbed, user, 'salesforce');
    const truth = await readSalesforceTruth(testbed, orgId('sync'));
    expect(run).toMatchObject({ kind: 'full', status: 'succeeded', error: null, counts: { fetched: truth.size, created: truth.size, failed: 0 } });
    // Contacts in batches of 2,000 (nextRecordsUrl), then the leads.
    expect(run.pagesDone).toBe(3);
    expect([...truth.values()].filter((contact) => contact.object_type === 'lead').length).toBeGreaterThan(300);
    await expectCopyOfOrg(testbed, user, orgId('sync'));

    const gone = await readGoneIds(testbed, orgId('sync'));
    expect(gone.converted.length).toBeGreaterThan(0);
    expect(gone.recycled.length).toBeGreaterThan(0);
    const { rows } = await testbed.product.pool.query<{ n: number }>(
      `select count(*)::int as n from crm_contacts where user_id = $1 and platform = 'salesforce' and external_id = any($2)`,
      [user.id, [...gone.converted, ...gone.recycled]],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('an incremental sync applies updates, deletions and a lead conversion made at the org, and ends equal to it', async () => {
    const admin = testbed.salesforce.admin;
    const truth = [...(await readSalesforceTruth(testbed, orgId('sync'))).values()];
    const contacts = truth.filter((contact) => contact.object_type === 'contact');
    const leads = truth.filter((contact) => contact.object_type === 'lead');
    const [updatedContact, deletedContact] = [contacts[10]!, contacts[20]!];
    const [updatedLead, deletedLead, convertedLead] = [leads[5]!, leads[6]!, leads[7]!];

    admin.updateRecord(orgId('sync'), 'Contact', updatedContact.external_id, { Title: 'VP Incremental', Email: 'Changed.Person@Example.COM', Phone: '+49 30 901820' });
    admin.updateRecord(orgId('sync'), 'Lead', updatedLead.external_id, { Status: 'Working - Contacted', Company: 'Renamed Leads GmbH' });
    admin.deleteRecord(orgId('sync'), 'Contact', deletedContact.external_id);
    admin.deleteRecord(orgId('sync'), 'Lead', deletedLead.external_id);
    const conversion = admin.convertLead(orgId('sync'), convertedLead.external_id);

    const run = await testbed.waitForRun(user, await startSalesforceSync(testbed, user));

    expect(run).toMatchObject({ kind: 'incremental', status: 'succeeded', counts: { created: 1, updated: 2, deleted: 3, failed: 0 } });
    await expectCopyOfOrg(testbed, user, orgId('sync'));
    const { rows } = await testbed.product.pool.query<{ external_id: string; object_type: string; email: string | null; deleted: boolean }>(
      `select external_id, object_type, email, deleted_at is not null as deleted from crm_contacts where user_id = $1 and external_id = any($2) order by external_id`,
      [user.id, [updatedContact.external_id, deletedContact.external_id, deletedLead.external_id, convertedLead.external_id, conversion.contactId]],
    );
    const byId = new Map(rows.map((row) => [row.external_id, row]));
    expect(byId.get(updatedContact.external_id)).toMatchObject({ email: 'changed.person@example.com', deleted: false });
    expect(byId.get(deletedContact.external_id)?.deleted).toBe(true);
    expect(byId.get(deletedLead.external_id)?.deleted).toBe(true);
    // The lead is gone from the live copy; the contact it became arrived.
    expect(byId.get(convertedLead.external_id)?.deleted).toBe(true);
    expect(byId.get(conversion.contactId)).toMatchObject({ object_type: 'contact', deleted: false });
  });

  it('an incremental sync in a quiet org (its newest change 40 days old) stays incremental: deletions are read from the last look, not from the watermark', async () => {
    await testbed.product.pool.query(`update user_crm_credentials set sync_watermark = now() - interval '40 days' where user_id = $1 and platform = 'salesforce'`, [user.id]);

    const run = await testbed.waitForRun(user, await startSalesforceSync(testbed, user));

    expect(run).toMatchObject({ kind: 'incremental', status: 'succeeded', counts: { created: 0, updated: 0, deleted: 0 } });
    await expectCopyOfOrg(testbed, user, orgId('sync'));
  });

  it('an incremental sync whose deletions were last looked for more than the 30 days Salesforce keeps them restarts as a full sync', async () => {
    const truth = [...(await readSalesforceTruth(testbed, orgId('sync'))).values()];
    // Deleted while the connection did not sync; only a full read can notice.
    testbed.salesforce.admin.deleteRecord(orgId('sync'), 'Contact', truth.find((contact) => contact.object_type === 'contact')!.external_id);
    await testbed.product.pool.query(
      `update user_crm_credentials set sync_watermark = now() - interval '40 days', deletions_checked_at = now() - interval '40 days' where user_id = $1 and platform = 'salesforce'`,
      [user.id],
    );

    const run = await testbed.waitForRun(user, await startSalesforceSync(testbed, user));

    expect(run).toMatchObject({ kind: 'full', status: 'succeeded', counts: { fetched: truth.length - 1, created: 0, deleted: 1 } });
    await expectCopyOfOrg(testbed, user, orgId('sync'));
  });
});

describe('the org’s daily API allowance', () => {
  it('a sync stops at the reserve kept for other integrations, shows the pause, keeps its cursor, and after the allowance frees finishes without losing or repeating a record', async () => {
    const admin = testbed.salesforce.admin;
    const user = await connectTo('reserve');
    await waitForFirstSync(testbed, user, 'salesforce');
    const truth = [...(await readSalesforceTruth(testbed, orgId('reserve'))).values()];
    const contacts = truth.filter((contact) => contact.object_type === 'contact');
    const leads = truth.filter((contact) => contact.object_type === 'lead');
    for (const contact of contacts.slice(0, 3)) admin.updateRecord(orgId('reserve'), 'Contact', contact.external_id, { Title: 'Reserve test' });
    for (const lead of leads.slice(0, 2)) admin.updateRecord(orgId('reserve'), 'Lead', lead.external_id, { Title: 'Reserve test' });
    admin.deleteRecord(orgId('reserve'), 'Contact', contacts[5]!.external_id);
    admin.deleteRecord(orgId('reserve'), 'Lead', leads[5]!.external_id);
    // Other integrations spent the allowance down to 2 requests above the 20% reserve: the
    // incremental run (changes of Contact, of Lead, deletions of Contact, of Lead: a query each) gets two.
    admin.setApiLimit(orgId('reserve'), { max: 1000, used: 798 });

    const runId = await startSalesforceSync(testbed, user);
    const pause = await waitForSyncPause(testbed, user);

    expect(pause).toMatchObject({ code: 'provider_quota_exhausted', message: expect.stringMatching(/reserve/) });
    expect(new Date(pause.until).getTime()).toBeGreaterThan(Date.now() + 10 * 60 * 1000);
    const paused = await testbed.product.pool.query('select status, pages_done, cursor, since from sync_runs where id = $1', [runId]);
    expect(paused.rows[0]).toMatchObject({ status: 'running', pages_done: 2, cursor: { platform: 'salesforce', read: 'deleted', object: 'Contact' } });
    expect(admin.counters().apiUsage[orgId('reserve')]).toEqual({ used: 800, max: 1000 });
    // Still paused a moment later: nothing is spent while it waits.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(admin.counters().apiUsage[orgId('reserve')]).toEqual({ used: 800, max: 1000 });
    expect(await getRun(testbed, user, runId)).toMatchObject({ status: 'running', pagesDone: 2 });

    // The day rolls on: the org's usage falls; the pause's time comes.
    admin.setApiLimit(orgId('reserve'), { used: 0 });
    await testbed.product.pool.query(`update sync_runs set paused_until = now() - interval '1 second' where id = $1`, [runId]);
    expect(await readSyncPause(testbed, user)).toBeNull();
    expect(await resumeAsAnotherWorker(testbed, runId)).toBe('finished');

    const run = await getRun(testbed, user, runId);
    const since = formatSoqlDateTime(paused.rows[0].since as Date);
    const changedSince = (await querySalesforce(testbed, orgId('reserve'), `SELECT Id FROM Contact WHERE SystemModstamp >= ${since}`)).length +
      (await querySalesforce(testbed, orgId('reserve'), `SELECT Id FROM Lead WHERE SystemModstamp >= ${since}`)).length;
    const deletedSince = (await querySalesforce(testbed, orgId('reserve'), `SELECT Id FROM Contact WHERE IsDeleted = true AND SystemModstamp >= ${since}`, { all: true })).length +
      (await querySalesforce(testbed, orgId('reserve'), `SELECT Id FROM Lead WHERE IsDeleted = true AND SystemModstamp >= ${since}`, { all: true })).length;
    // Every change and deletion once: none lost at the pause, none read again after it.
    expect(run).toMatchObject({ kind: 'incremental', status: 'succeeded', pagesDone: 4, counts: { fetched: changedSince + deletedSince, updated: 5, deleted: 2, created: 0, failed: 0 } });
    await expectCopyOfOrg(testbed, user, orgId('reserve'));
  });

  it('403 REQUEST_LIMIT_EXCEEDED in the middle of a full sync (other integrations spent the rest) pauses the run instead of failing it; it resumes from its cursor', async () => {
    const admin = testbed.salesforce.admin;
    // Slow batches, so the allowance can run out between the first and the second.
    admin.addFault({ kind: 'latency', latencyMs: 300, pathPrefix: '/services/data/v62.0/query', orgId: orgId('limit') });
    const user = await connectTo('limit');
    const run = (await testbed.latestRun(user, 'salesforce'))!;
    await waitForPages(testbed, user, run.id, 1);
    admin.setApiLimit(orgId('limit'), { max: 100_000, used: 100_000 });

    const pause = await waitForSyncPause(testbed, user);
    expect(pause.code).toBe('provider_quota_exhausted');
    expect(admin.counters().statuses['403']).toBeGreaterThan(0);
    const paused = await getRun(testbed, user, run.id);
    expect(paused.status).toBe('running');
    expect(paused.pagesDone).toBeGreaterThanOrEqual(1);
    expect(paused.pagesDone).toBeLessThan(3);

    admin.clearFaults();
    admin.setApiLimit(orgId('limit'), { used: 0 });
    await testbed.product.pool.query(`update sync_runs set paused_until = now() - interval '1 second' where id = $1`, [run.id]);
    expect(await resumeAsAnotherWorker(testbed, run.id)).toBe('finished');

    const truth = await readSalesforceTruth(testbed, orgId('limit'));
    expect(await getRun(testbed, user, run.id)).toMatchObject({ kind: 'full', status: 'succeeded', pagesDone: 3, counts: { fetched: truth.size, created: truth.size, unchanged: 0 } });
    await expectCopyOfOrg(testbed, user, orgId('limit'));
  });
});

describe('an expired query locator', () => {
  it('mid-way through a full sync (a long wait between batches) is survived: the read restarts after the last record delivered', async () => {
    const admin = testbed.salesforce.admin;
    admin.addFault({ kind: 'latency', latencyMs: 300, pathPrefix: '/services/data/v62.0/query/', orgId: orgId('locator') });
    const user = await connectTo('locator');
    const first = (await testbed.latestRun(user, 'salesforce'))!;
    await waitForPages(testbed, user, first.id, 1);
    // Unused locators expire after 15 minutes of the org's clock.
    admin.advanceClock(16 * 60 * 1000);

    const run = await testbed.waitForRun(user, first.id);
    const truth = await readSalesforceTruth(testbed, orgId('locator'));
    expect(run).toMatchObject({ kind: 'full', status: 'succeeded', counts: { fetched: truth.size, created: truth.size, unchanged: 0 } });
    expect(admin.requestLog().filter((entry) => entry.endpoint === '/services/data/vXX.X/query/{locator}' && entry.status === 400).length).toBeGreaterThan(0);
    await expectCopyOfOrg(testbed, user, orgId('locator'));
  });
});

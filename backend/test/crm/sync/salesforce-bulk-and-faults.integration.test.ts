import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../../support/test-users';
import { querySalesforce, readSalesforceTruth } from './sandbox-truth';
import { expectCopyOfOrg, readGoneIds, startSalesforceSync } from './salesforce-sync-support';
import { countRequests, startSyncTestbed, waitForFirstSync, type SyncTestbed } from './sync-testbed';

/**
 * Salesforce with SALESFORCE_BULK_THRESHOLD=0: every full sync reads through Bulk API 2.0 (CSV
 * results by locator), incremental ones by SOQL keyset pages; and both through an org that
 * answers 503s and drops connections.
 */
let testbed: SyncTestbed;
const ORG = { bulk: 0, faults: 1 } as const;
const orgId = (name: keyof typeof ORG) => testbed.salesforceOrgIds[ORG[name]]!;

beforeAll(async () => {
  testbed = await startSyncTestbed({
    salesforceOrgs: [
      { contacts: 2500, leads: 400 },
      { contacts: 2000, leads: 300 },
    ],
    env: { SALESFORCE_BULK_THRESHOLD: '0', SYNC_DELETION_SCAN_HOURS: '0' },
  });
}, 60_000);
afterEach(() => {
  testbed.salesforce.admin.clearFaults();
});
afterAll(async () => {
  await testbed?.close();
});

/** One contact changed just now: an org someone works in (see salesforce-sync.integration.test.ts). */
async function connectTo(name: keyof typeof ORG): Promise<TestUser> {
  const [first] = await querySalesforce(testbed, orgId(name), 'SELECT Id FROM Contact ORDER BY Id LIMIT 1');
  testbed.salesforce.admin.updateRecord(orgId(name), 'Contact', String(first!.Id), { Title: 'Recently changed' });
  const user = await testbed.signUp();
  await testbed.connect(user, 'salesforce', { salesforceOrgId: orgId(name) });
  return user;
}

const requests = () => testbed.salesforce.admin.counters().requests;

describe('a full Salesforce sync through Bulk API 2.0', () => {
  it('is equal to the org field by field, as REST would read it: no converted lead, nothing from the recycle bin', async () => {
    const before = { jobs: countRequests(requests(), /^POST \/services\/data\/vXX\.X\/jobs\/query$/), results: countRequests(requests(), /^GET \/services\/data\/vXX\.X\/jobs\/query\/\{id\}\/results$/) };
    const user = await connectTo('bulk');
    const run = await waitForFirstSync(testbed, user, 'salesforce');
    const truth = await readSalesforceTruth(testbed, orgId('bulk'));

    expect(run).toMatchObject({ kind: 'full', status: 'succeeded', error: null, counts: { fetched: truth.size, created: truth.size, failed: 0 } });
    // One query job per object, its results read as CSV.
    expect(countRequests(requests(), /^POST \/services\/data\/vXX\.X\/jobs\/query$/) - before.jobs).toBe(2);
    expect(countRequests(requests(), /^GET \/services\/data\/vXX\.X\/jobs\/query\/\{id\}\/results$/) - before.results).toBeGreaterThanOrEqual(2);
    await expectCopyOfOrg(testbed, user, orgId('bulk'));

    const gone = await readGoneIds(testbed, orgId('bulk'));
    expect(gone.converted.length + gone.recycled.length).toBeGreaterThan(0);
    const { rows } = await testbed.product.pool.query<{ n: number }>(`select count(*)::int as n from crm_contacts where user_id = $1 and external_id = any($2)`, [
      user.id,
      [...gone.converted, ...gone.recycled],
    ]);
    expect(rows[0]!.n).toBe(0);
  });
});

describe('Salesforce answering 10% 503 SERVER_UNAVAILABLE and 5% dropped connections', () => {
  it('full (Bulk) and incremental (query pages) syncs still converge to exactly what the org holds', async () => {
    const admin = testbed.salesforce.admin;
    // The test's own reads of the org go in between, without faults.
    const injectFaults = () => {
      const scope = { orgId: orgId('faults'), pathPrefix: '/services/data/' };
      admin.addFault({ kind: 'status', status: 503, fraction: 0.1, ...scope });
      admin.addFault({ kind: 'reset', fraction: 0.05, ...scope });
      // Bulk results and query batches lost on the way back, at least once each.
      admin.addFault({ kind: 'reset', count: 1, orgId: orgId('faults'), pathPrefix: '/services/data/v62.0/jobs/query/' });
      admin.addFault({ kind: 'lose-response', count: 1, orgId: orgId('faults'), pathPrefix: '/services/data/v62.0/query' });
    };
    // A rule with a count leaves the list once it has struck that often.
    const faultHits = () => {
      const faults = admin.listFaults();
      return {
        bulkReset: faults.some((fault) => fault.kind === 'reset' && fault.pathPrefix?.includes('jobs')) ? 0 : 1,
        queryLost: faults.some((fault) => fault.kind === 'lose-response') ? 0 : 1,
      };
    };
    const [first] = await querySalesforce(testbed, orgId('faults'), 'SELECT Id FROM Contact ORDER BY Id LIMIT 1');
    admin.updateRecord(orgId('faults'), 'Contact', String(first!.Id), { Title: 'Recently changed' });
    const user = await testbed.signUp();
    const before = admin.counters().statuses['503'] ?? 0;
    injectFaults();

    await testbed.connect(user, 'salesforce', { salesforceOrgId: orgId('faults') });
    const full = await waitForFirstSync(testbed, user, 'salesforce', 60_000);
    const duringFull = (admin.counters().statuses['503'] ?? 0) - before;
    const fullFaults = faultHits();
    admin.clearFaults();
    const afterFull = await readSalesforceTruth(testbed, orgId('faults'));
    expect(full).toMatchObject({ kind: 'full', status: 'succeeded', counts: { fetched: afterFull.size, created: afterFull.size } });
    expect(duringFull).toBeGreaterThan(0);
    // The Bulk results answer was dropped once, and the run read them again.
    expect(fullFaults.bulkReset).toBe(1);
    await expectCopyOfOrg(testbed, user, orgId('faults'));

    const contacts = [...afterFull.values()].filter((contact) => contact.object_type === 'contact');
    const leads = [...afterFull.values()].filter((contact) => contact.object_type === 'lead');
    for (const contact of contacts.slice(0, 40)) admin.updateRecord(orgId('faults'), 'Contact', contact.external_id, { Title: 'Flaky Title' });
    for (const lead of leads.slice(0, 10)) admin.updateRecord(orgId('faults'), 'Lead', lead.external_id, { Status: 'Working - Contacted' });
    for (const contact of contacts.slice(100, 105)) admin.deleteRecord(orgId('faults'), 'Contact', contact.external_id);
    admin.deleteRecord(orgId('faults'), 'Lead', leads[20]!.external_id);
    admin.convertLead(orgId('faults'), leads[21]!.external_id);

    injectFaults();
    const incremental = await testbed.waitForRun(user, await startSalesforceSync(testbed, user), 60_000);
    const incrementalFaults = faultHits();
    admin.clearFaults();
    expect(incremental).toMatchObject({ kind: 'incremental', status: 'succeeded', counts: { updated: 50, created: 1, deleted: 7, failed: 0 } });
    // A keyset query's answer was lost once, and the page asked again.
    expect(incrementalFaults.queryLost).toBe(1);
    await expectCopyOfOrg(testbed, user, orgId('faults'));
  }, 90_000);
});

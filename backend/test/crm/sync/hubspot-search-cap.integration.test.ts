import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSyncRun } from '@voiceagent/shared';
import { expectSameContacts, readHubSpotTruth, readLocalContacts } from './sandbox-truth';
import { countRequests, startSyncTestbed, waitForFirstSync, type SyncTestbed } from './sync-testbed';

/**
 * HubSpot's search stops at 10,000 results per query; integrations that trusted it lost changes.
 * More than that many contacts change between two syncs, all at the same instant (the worst case
 * for a window that moves on the modification time). The sandbox and the product both take the
 * cap as a setting: at 1,000 the same walk past it (same page size, same tie on one instant, same
 * 400 answer past the cap) needs a tenth of the contacts.
 */
const SEARCH_CAP = 1_000;
const CONTACTS = SEARCH_CAP + 400;
const CHANGED = SEARCH_CAP + 100;
const DELETED = 40;
let testbed: SyncTestbed;

beforeAll(async () => {
  // Deletions on every incremental run (HubSpot's archived list read each time): these tests check each run's deletions.
  testbed = await startSyncTestbed({ hubspotContacts: CONTACTS, zohoContacts: 0, hubspotSearchResultCap: SEARCH_CAP, env: { SYNC_DELETION_SCAN_HOURS: '0' } });
}, 60_000);
afterAll(async () => {
  await testbed?.close();
});

describe(`an incremental HubSpot sync with more changes since the watermark than one search serves (${SEARCH_CAP})`, () => {
  it('loses none of them', async () => {
    const user = await testbed.signUp();
    await testbed.connect(user, 'hubspot');
    expect(await waitForFirstSync(testbed, user, 'hubspot', 90_000)).toMatchObject({ status: 'succeeded', counts: { created: CONTACTS } });

    testbed.hubspot.admin.deleteContacts(testbed.portalId, { count: DELETED });
    const { ids } = testbed.hubspot.admin.modifyContacts(testbed.portalId, { count: CHANGED, properties: { jobtitle: 'Past the search cap' } });
    expect(ids).toHaveLength(CHANGED);
    const searchesBefore = countRequests(testbed.hubspot.admin.counters().requests, /^POST \/crm\/v3\/objects\/contacts\/search$/);

    const res = await testbed.api(user, '/crm/hubspot/sync', { method: 'POST' });
    expect(res.status).toBe(202);
    const run: TSyncRun = await testbed.waitForRun(user, ((await res.json()) as { runId: string }).runId, 90_000);

    expect(run).toMatchObject({ kind: 'incremental', status: 'succeeded', counts: { updated: CHANGED, deleted: DELETED, created: 0 } });
    const searches = countRequests(testbed.hubspot.admin.counters().requests, /^POST \/crm\/v3\/objects\/contacts\/search$/) - searchesBefore;
    expect(searches).toBeGreaterThanOrEqual(Math.ceil(CHANGED / 200));
    expect(searches).toBeLessThanOrEqual(Math.ceil(CHANGED / 200) + 3);
    const { rows } = await testbed.product.pool.query<{ n: number }>(
      `select count(*)::int as n from crm_contacts where user_id = $1 and job_title = 'Past the search cap' and deleted_at is null`,
      [user.id],
    );
    expect(rows[0]!.n).toBe(CHANGED);
    expectSameContacts(await readLocalContacts(testbed.product.pool, user.id, 'hubspot'), await readHubSpotTruth(testbed));
  }, 150_000);
});

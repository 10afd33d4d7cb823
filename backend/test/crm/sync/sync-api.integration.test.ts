import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSyncAllResponse, TSyncRun, TSyncRunListResponse } from '@voiceagent/shared';
import type { TestUser } from '../../support/test-users';
import { startSyncTestbed, waitForFirstSync, type SyncTestbed } from './sync-testbed';

/**
 * The sync API over HTTP: 202s, the run already under way, run history and progress, row-level
 * security between users, bad parameters, and a disconnect in the middle of a sync. Every
 * sandbox page takes 250 ms more, so a sync of 2,000 HubSpot contacts stays running for seconds.
 */
let testbed: SyncTestbed;

beforeAll(async () => {
  testbed = await startSyncTestbed({ hubspotContacts: 2000, zohoContacts: 2000 });
  testbed.hubspot.admin.addFault({ kind: 'latency', latencyMs: 250, pathPrefix: '/crm/' });
  testbed.zoho.admin.addFault({ kind: 'latency', latencyMs: 250, pathPrefix: '/crm/v8/Contacts' });
}, 60_000);
afterAll(async () => {
  await testbed?.close();
});

async function post(user: TestUser, path: string): Promise<Response> {
  return testbed.api(user, path, { method: 'POST' });
}

async function getJson<T>(user: TestUser, path: string, status = 200): Promise<T> {
  const res = await testbed.api(user, path);
  expect(res.status).toBe(status);
  return (await res.json()) as T;
}

/** Finished runs queued the given numbers of hours ago, in that order. */
async function insertFinishedRuns(userId: string, platform: 'hubspot' | 'zoho', hoursAgo: number[]): Promise<string[]> {
  const { rows } = await testbed.product.pool.query<{ id: string }>(
    `insert into sync_runs (user_id, platform, kind, status, queued_at, started_at, finished_at, fetched, created, pages_done)
     select $1, $2, 'incremental', 'succeeded', t, t, t, 10, 1, 1
     from unnest($3::int[]) with ordinality as h(hours, n), lateral (select now() - make_interval(hours => h.hours) as t) x
     order by n
     returning id`,
    [userId, platform, hoursAgo],
  );
  return rows.map((row) => row.id);
}

describe('POST /api/v1/crm/:platform/sync', () => {
  it('answers 202 with the run, and while it runs, the same run with alreadyRunning (also for ?mode=full)', async () => {
    const user = await testbed.signUp();
    await testbed.connect(user, 'hubspot');
    const first = (await testbed.latestRun(user, 'hubspot'))!;
    expect(first.kind).toBe('full');

    const again = await post(user, '/crm/hubspot/sync');
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ runId: first.id, alreadyRunning: true });
    const full = await post(user, '/crm/hubspot/sync?mode=full');
    expect(full.status).toBe(202);
    expect(await full.json()).toEqual({ runId: first.id, alreadyRunning: true });

    // Progress while it runs: pages, counts and a percent of the provider's total.
    let progress = await getJson<TSyncRun>(user, `/crm/sync/runs/${first.id}`);
    while (progress.status !== 'running' || progress.pagesDone < 2) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      progress = await getJson<TSyncRun>(user, `/crm/sync/runs/${first.id}`);
    }
    expect(progress).toMatchObject({ status: 'running', estimatedTotal: 2000, startedAt: expect.any(String), finishedAt: null });
    expect(progress.percent).toBe(Math.floor((progress.counts.fetched / 2000) * 100));

    const done = await testbed.waitForRun(user, first.id);
    expect(done).toMatchObject({ status: 'succeeded', percent: 100, finishedAt: expect.any(String) });
    const next = await post(user, '/crm/hubspot/sync');
    expect(next.status).toBe(202);
    const body = (await next.json()) as { runId: string; alreadyRunning: boolean };
    expect(body.alreadyRunning).toBe(false);
    expect(body.runId).not.toBe(first.id);
    expect(await getJson<TSyncRun>(user, `/crm/sync/runs/${body.runId}`)).toMatchObject({ kind: 'incremental' });
    await testbed.waitForRun(user, body.runId);
  }, 60_000);

  it('answers 404 crm_not_connected for a platform the user has not connected', async () => {
    const user = await testbed.signUp();
    const res = await post(user, '/crm/zoho/sync');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'crm_not_connected' } });
  });

  it('answers 400 naming the bad parameter', async () => {
    const user = await testbed.signUp();
    const cases: Array<[string, string]> = [
      ['/crm/pipedrive/sync', 'platform'],
      ['/crm/hubspot/sync?mode=everything', 'mode'],
      ['/crm/hubspot/sync?force=1', 'force'],
      ['/crm/sync?platform=hubspot', 'platform'],
    ];
    for (const [path, field] of cases) {
      const res = await post(user, path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: { issues: Array<{ field: string }> } } };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.issues.map((issue) => issue.field)).toContain(field);
    }
  });

  it('answers 401 without a token', async () => {
    const res = await fetch(`${testbed.product.url}/api/v1/crm/hubspot/sync`, { method: 'POST' });
    expect(res.status).toBe(401);
  });
});

describe('POST /api/v1/crm/sync', () => {
  it('answers 202 with one result per connected platform', async () => {
    const user = await testbed.signUp();
    const none = await post(user, '/crm/sync');
    expect(none.status).toBe(202);
    expect(await none.json()).toEqual({ results: [] });

    await testbed.connect(user, 'zoho');
    const res = await post(user, '/crm/sync');
    expect(res.status).toBe(202);
    const { results } = (await res.json()) as TSyncAllResponse;
    expect(results).toEqual([{ platform: 'zoho', runId: expect.any(String), alreadyRunning: true }]);
    await waitForFirstSync(testbed, user, 'zoho');
  }, 60_000);
});

describe('GET /api/v1/crm/sync/runs', () => {
  it('pages newest first with a cursor, filters by platform, and shows each user only their own runs', async () => {
    const alice = await testbed.signUp();
    const bob = await testbed.signUp();
    const hubspotRuns = await insertFinishedRuns(alice.id, 'hubspot', [1, 3, 5]);
    const zohoRuns = await insertFinishedRuns(alice.id, 'zoho', [2, 4]);
    await insertFinishedRuns(bob.id, 'hubspot', [1, 2]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: TSyncRunListResponse = await getJson<TSyncRunListResponse>(alice, `/crm/sync/runs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.runs.length).toBeLessThanOrEqual(2);
      seen.push(...page.runs.map((run) => run.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([hubspotRuns[0], zohoRuns[0], hubspotRuns[1], zohoRuns[1], hubspotRuns[2]]);

    const onlyZoho = await getJson<TSyncRunListResponse>(alice, '/crm/sync/runs?platform=zoho');
    expect(onlyZoho).toEqual({ runs: [expect.objectContaining({ id: zohoRuns[0] }), expect.objectContaining({ id: zohoRuns[1] })], nextCursor: null });
    expect(onlyZoho.runs[0]).toMatchObject({ platform: 'zoho', kind: 'incremental', status: 'succeeded', percent: 100, counts: { fetched: 10, created: 1 } });

    // Bob sees his two runs only, and Alice's run ids are not found for him.
    expect((await getJson<TSyncRunListResponse>(bob, '/crm/sync/runs')).runs).toHaveLength(2);
    const foreign = await testbed.api(bob, `/crm/sync/runs/${hubspotRuns[0]}`);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers 400 naming the bad parameter', async () => {
    const user = await testbed.signUp();
    const cases: Array<[string, string]> = [
      ['/crm/sync/runs?limit=0', 'limit'],
      ['/crm/sync/runs?limit=101', 'limit'],
      ['/crm/sync/runs?limit=ten', 'limit'],
      ['/crm/sync/runs?platform=pipedrive', 'platform'],
      ['/crm/sync/runs?cursor=not-a-cursor', 'cursor'],
      ['/crm/sync/runs?sort=oldest', 'sort'],
      ['/crm/sync/runs/12345', 'id'],
    ];
    for (const [path, field] of cases) {
      const res = await testbed.api(user, path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { details: { issues: Array<{ field: string }> } } };
      expect(body.error.details.issues.map((issue) => issue.field), path).toContain(field);
    }
  });
});

describe('DELETE /api/v1/crm/:platform in the middle of a sync', () => {
  it('cancels the run, and no page written after the disconnect brings contacts back', async () => {
    const user = await testbed.signUp();
    await testbed.connect(user, 'zoho');
    const run = (await testbed.latestRun(user, 'zoho'))!;
    let progress = await getJson<TSyncRun>(user, `/crm/sync/runs/${run.id}`);
    while (progress.pagesDone < 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      progress = await getJson<TSyncRun>(user, `/crm/sync/runs/${run.id}`);
    }

    const res = await testbed.api(user, '/crm/zoho', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await getJson<TSyncRun>(user, `/crm/sync/runs/${run.id}`)).toMatchObject({ status: 'cancelled', error: { code: 'crm_disconnected' } });

    // Long enough for the page in flight to come back and be refused.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { rows } = await testbed.product.pool.query<{ n: number }>('select count(*)::int as n from crm_contacts where user_id = $1', [user.id]);
    expect(rows[0]!.n).toBe(0);
    expect(await getJson<TSyncRun>(user, `/crm/sync/runs/${run.id}`)).toMatchObject({ status: 'cancelled' });
  }, 60_000);
});

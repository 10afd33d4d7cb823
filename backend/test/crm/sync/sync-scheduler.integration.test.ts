import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TPlatform } from '@voiceagent/shared';
import { createSyncJobs } from '../../../src/crm/sync/sync-jobs';
import type { SyncRunner } from '../../../src/crm/sync/sync-runner';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../support/test-database';

/**
 * The scheduler's minute tick against a real database, with the job queue replaced by a list of
 * what it was asked to send: which connections get an incremental sync, which runs are sent
 * again, which are given up.
 */
let database: TestDatabase;
let sent: Array<{ runId: string; continuation: boolean }>;

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeEach(async () => {
  sent = [];
  // Each test starts from no runs and no connections.
  await database.pool.query('delete from sync_runs; delete from user_crm_credentials');
});
afterAll(async () => {
  await database?.drop();
});

function createJobs(intervalMinutes = 15) {
  return createSyncJobs({
    pool: database.pool,
    queue: { sendRun: async (run, input) => void sent.push({ runId: run.id, continuation: input.continuation }) },
    runner: {} as SyncRunner,
    logger: pino({ level: 'silent' }),
    config: { intervalMinutes, jobTimeoutSeconds: 600 },
  });
}

async function connection(input: { platform?: TPlatform; status?: string; fullSyncedAgo?: string | null; watermark?: Date | null } = {}): Promise<string> {
  const user = await createTestUser(database.pool);
  await database.pool.query(
    `insert into user_crm_credentials (user_id, platform, status, last_full_sync_at, last_synced_at, sync_watermark)
     values ($1, $2, $3, now() - $4::interval, now() - $4::interval, $5)`,
    [user.id, input.platform ?? 'hubspot', input.status ?? 'connected', input.fullSyncedAgo === undefined ? '1 day' : input.fullSyncedAgo, input.watermark ?? null],
  );
  return user.id;
}

async function runOf(userId: string, status: string, ago: string): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into sync_runs (user_id, platform, kind, status, queued_at, updated_at) values ($1, 'hubspot', 'incremental', $2, now() - $3::interval, now() - $3::interval) returning id`,
    [userId, status, ago],
  );
  // The updated_at trigger fires on updates only: the insert keeps the time given.
  return rows[0]!.id;
}

async function runsOf(userId: string) {
  const { rows } = await database.pool.query('select id, kind, status, since, error_code from sync_runs where user_id = $1 order by queued_at', [userId]);
  return rows;
}

describe('the scheduler tick', () => {
  it('queues an incremental sync from the watermark for connections whose last sync is older than the interval', async () => {
    const watermark = new Date('2026-01-01T00:00:00Z');
    const due = await connection({ watermark });
    await runOf(due, 'succeeded', '20 minutes');
    const recent = await connection();
    await runOf(recent, 'succeeded', '5 minutes');

    await createJobs(15).runSchedulerTick();

    const dueRuns = await runsOf(due);
    expect(dueRuns).toHaveLength(2);
    expect(dueRuns[1]).toMatchObject({ kind: 'incremental', status: 'queued', since: watermark });
    expect(await runsOf(recent)).toHaveLength(1);
    expect(sent).toEqual([{ runId: dueRuns[1].id, continuation: false }]);

    // A second tick finds the run queued: nothing more.
    sent = [];
    await createJobs(15).runSchedulerTick();
    expect(await runsOf(due)).toHaveLength(2);
    expect(sent).toEqual([]);
  });

  it('queues a full sync for a connection that never completed one, and none for connections needing reauthorisation', async () => {
    const never = await connection({ fullSyncedAgo: null });
    const revoked = await connection({ status: 'needs_reauth' });
    await createJobs(15).runSchedulerTick();
    expect(await runsOf(never)).toEqual([expect.objectContaining({ kind: 'full', status: 'queued', since: null })]);
    expect(await runsOf(revoked)).toEqual([]);
  });

  it('syncs a connection with healthy webhooks every SYNC_INTERVAL_WITH_WEBHOOKS_MINUTES, and a degraded or silent one every SYNC_INTERVAL_MINUTES', async () => {
    const healthy = await connection();
    const degraded = await connection();
    const off = await connection();
    for (const userId of [healthy, degraded, off]) await runOf(userId, 'succeeded', '20 minutes');
    await database.pool.query(`update user_crm_credentials set webhook_last_event_at = now() - interval '5 minutes' where user_id = $1`, [healthy]);
    // No event for two hours, then the incremental sync found changes: the pushes are not arriving.
    await database.pool.query(
      `update user_crm_credentials set webhook_last_event_at = now() - interval '2 hours', webhook_sync_found_changes_at = now() - interval '20 minutes' where user_id = $1`,
      [degraded],
    );
    const jobs = createSyncJobs({
      pool: database.pool,
      queue: { sendRun: async (run, input) => void sent.push({ runId: run.id, continuation: input.continuation }) },
      runner: {} as SyncRunner,
      logger: pino({ level: 'silent' }),
      config: { intervalMinutes: 15, intervalWithWebhooksMinutes: 60, jobTimeoutSeconds: 600 },
      webhookDegradedAfterMinutes: 60,
    });

    await jobs.runSchedulerTick();

    expect(await runsOf(healthy)).toHaveLength(1);
    expect(await runsOf(degraded)).toHaveLength(2);
    expect(await runsOf(off)).toHaveLength(2);
  });

  it('with SYNC_INTERVAL_MINUTES=0 queues nothing', async () => {
    await connection();
    await createJobs(0).runSchedulerTick();
    expect(sent).toEqual([]);
    const { rows } = await database.pool.query<{ n: number }>('select count(*)::int as n from sync_runs');
    expect(rows[0]!.n).toBe(0);
  });

  it('sends again the job of a run queued minutes ago (it may have been lost), and gives up on runs that stalled', async () => {
    const userA = await connection();
    const waiting = await runOf(userA, 'queued', '3 minutes');
    const userB = await connection({ platform: 'zoho' });
    const stalled = await runOf(userB, 'running', '2 hours');
    const userC = await connection();
    const moving = await runOf(userC, 'running', '1 minute');

    await createJobs(15).runSchedulerTick();

    expect(sent).toContainEqual({ runId: waiting, continuation: false });
    expect(await runsOf(userB)).toContainEqual(expect.objectContaining({ id: stalled, status: 'failed', error_code: 'sync_stalled' }));
    expect(await runsOf(userC)).toEqual([expect.objectContaining({ id: moving, status: 'running' })]);
  });
});

import type { TBulkJob, TBulkJobDetail } from '@voiceagent/shared';
import { expect } from 'vitest';
import type { SyncTestbed } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';

const POLL_MS = 200;

/** A bulk job (`bulk-updates`, or `bulk-deletes` by `kind`) once it has finished, read as its owner reads it. */
export async function waitForBulkJobEnd(
  testbed: Pick<SyncTestbed, 'api'>,
  user: TestUser,
  id: string,
  { timeoutMs = 45_000, kind = 'bulk-updates' }: { timeoutMs?: number; kind?: string } = {},
): Promise<TBulkJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await testbed.api(user, `/${kind}/${id}?limit=1`);
    expect(res.status).toBe(200);
    const { job } = (await res.json()) as TBulkJobDetail;
    if (job.finishedAt) return job;
    if (Date.now() > deadline) throw new Error(`bulk job still ${job.status} after ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Once none of the user's syncs is queued or running: a bulk job's follow-up syncs write too. */
export async function waitForSyncsIdle(testbed: Pick<SyncTestbed, 'product'>, user: TestUser, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await testbed.product.pool.query<{ n: number }>(
      `select count(*)::int as n from public.sync_runs where user_id = $1 and status in ('queued', 'running')`,
      [user.id],
    );
    if (rows[0]!.n === 0) return;
    if (Date.now() > deadline) throw new Error('syncs still running');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

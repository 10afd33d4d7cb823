import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TSyncRun } from '@voiceagent/shared';
import type { TestUser } from '../../support/test-users';
import { expectSameContacts, readHubSpotTruth, readLocalContacts } from './sandbox-truth';
import { countRequests, startSyncTestbed, type SyncTestbed } from './sync-testbed';
import { spawnWorker, type WorkerProcess } from './worker-process';

/**
 * Sync workers as separate processes (`pnpm worker`), the API running none: one killed with
 * SIGKILL mid-sync and another started, one stopped with SIGTERM. Every page takes 100 ms more at the
 * sandbox so that there is a "mid-sync" to stop in.
 */
const CONTACTS = 2000;
const PAGES = CONTACTS / 100;
// Short, so that the job of the worker killed with SIGKILL comes back soon (after it and pg-boss's
// retry delay); a slice is a third of it.
const JOB_TIMEOUT_SECONDS = 8;
let testbed: SyncTestbed;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  // Every process sharing the queue uses the same job timeout: the sender stamps it on the job.
  testbed = await startSyncTestbed({ hubspotContacts: CONTACTS, env: { SYNC_WORKERS: 'off', SYNC_JOB_TIMEOUT_SECONDS: String(JOB_TIMEOUT_SECONDS) } });
  testbed.hubspot.admin.addFault({ kind: 'latency', latencyMs: 100, pathPrefix: '/crm/v3/objects/contacts' });
}, 60_000);
afterEach(async () => {
  for (const worker of workers.splice(0)) {
    worker.kill('SIGKILL');
    await worker.exited;
  }
});
afterAll(async () => {
  await testbed?.close();
});

function startWorker(): WorkerProcess {
  const worker = spawnWorker({ ...testbed.workerEnv, SYNC_JOB_TIMEOUT_SECONDS: String(JOB_TIMEOUT_SECONDS), SYNC_CONCURRENCY: '1', LOG_LEVEL: 'warn' });
  workers.push(worker);
  return worker;
}

async function connectAndGetQueuedRun(): Promise<{ user: TestUser; run: TSyncRun }> {
  const user = await testbed.signUp();
  await testbed.connect(user, 'hubspot');
  const run = await testbed.latestRun(user, 'hubspot');
  // The API runs no workers: the first sync waits in the queue.
  expect(run).toMatchObject({ kind: 'full', status: 'queued' });
  return { user, run: run! };
}

async function waitForPages(user: TestUser, runId: string, pages: number, worker: WorkerProcess): Promise<TSyncRun> {
  // A worker process starting on a loaded machine (tsx, the pool, pg-boss) took over 30 s at load 13.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const run = (await (await testbed.api(user, `/crm/sync/runs/${runId}`)).json()) as TSyncRun;
    if (run.pagesDone >= pages) return run;
    if (Date.now() > deadline || worker.child.exitCode !== null) throw new Error(`run at ${run.pagesDone} pages; worker said:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The states of the run's jobs in pg-boss's table, oldest first. */
async function jobStates(runId: string): Promise<string[]> {
  const { rows } = await testbed.product.pool.query<{ state: string }>(
    `select state::text from pgboss.job where data->>'runId' = $1 order by created_on, id`,
    [runId],
  );
  return rows.map((row) => row.state);
}

function listRequests(): number {
  return countRequests(testbed.hubspot.admin.counters().requests, /^GET \/crm\/v3\/objects\/contacts$/);
}

async function waitForSuccess(user: TestUser, runId: string): Promise<void> {
  const run = await testbed.waitForRun(user, runId, 60_000);
  // Counts are saved with each page, so a page lost with its worker is neither lost nor counted twice.
  expect(run).toMatchObject({ status: 'succeeded', pagesDone: PAGES, counts: { fetched: CONTACTS, created: CONTACTS, updated: 0, unchanged: 0, deleted: 0 } });
}

/** Reads the sandbox itself (after the request counts are taken: it lists contacts too). */
async function expectExactCopy(user: TestUser): Promise<void> {
  expectSameContacts(await readLocalContacts(testbed.product.pool, user.id, 'hubspot'), await readHubSpotTruth(testbed));
  const { rows } = await testbed.product.pool.query<{ runs: number; rows: number; ids: number }>(
    `select (select count(*)::int from sync_runs where user_id = $1) as runs,
            count(*)::int as rows, count(distinct external_id)::int as ids
     from crm_contacts where user_id = $1`,
    [user.id],
  );
  expect(rows[0]).toEqual({ runs: 1, rows: CONTACTS, ids: CONTACTS });
}

describe('a sync worker process', () => {
  it('killed with SIGKILL mid-sync: another worker resumes the same run after its last saved page, to the same final state', async () => {
    const { user, run } = await connectAndGetQueuedRun();
    const before = listRequests();
    const first = startWorker();
    await waitForPages(user, run.id, 8, first);
    first.kill('SIGKILL');
    await first.exited;
    const atKill = ((await (await testbed.api(user, `/crm/sync/runs/${run.id}`)).json()) as TSyncRun).pagesDone;
    expect(atKill).toBeLessThan(PAGES);

    // Nothing moves while no worker lives; the run still says running.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await (await testbed.api(user, `/crm/sync/runs/${run.id}`)).json()) as TSyncRun).toMatchObject({ status: 'running', pagesDone: atKill });

    const restartedAt = Date.now();
    startWorker();
    await waitForSuccess(user, run.id);
    console.log(`SIGKILL: resumed and finished ${Date.now() - restartedAt} ms after the restart`);
    // Resumed, not restarted: the pages saved before the kill were not fetched again (at most the
    // one being written when the worker died and the one read ahead meanwhile).
    expect(listRequests() - before).toBeLessThanOrEqual(PAGES + 2);
    await expectExactCopy(user);
  }, 240_000);

  it('stopped with SIGTERM: finishes its page, saves the cursor and exits; the next worker carries on at once', async () => {
    const { user, run } = await connectAndGetQueuedRun();
    const before = listRequests();
    const first = startWorker();
    await waitForPages(user, run.id, 5, first);
    first.kill('SIGTERM');
    // It exits by itself, with success: the page in flight was finished, not abandoned.
    expect(await first.exited).toBe(0);
    // Handed over, not left to time out: its jobs completed and a continuation waits, ready for any
    // worker. (A job left to time out would still be active here, and come back only after
    // SYNC_JOB_TIMEOUT_SECONDS and pg-boss's retry delay.) Under load a slice may already have
    // handed over (a slice is a third of the job's time) before the signal: completed jobs, then the one waiting.
    const states = await jobStates(run.id);
    expect(states.at(-1)).toBe('created');
    expect(states.slice(0, -1)).toEqual(Array.from({ length: states.length - 1 }, () => 'completed'));
    expect(states.length).toBeGreaterThanOrEqual(2);
    const stopped = (await (await testbed.api(user, `/crm/sync/runs/${run.id}`)).json()) as TSyncRun;
    expect(stopped).toMatchObject({ status: 'running' });
    expect(stopped.pagesDone).toBeLessThan(PAGES);

    const resumedAt = Date.now();
    const second = startWorker();
    await waitForPages(user, run.id, stopped.pagesDone + 1, second);
    // The new process's start-up, printed: timings are measured, not asserted.
    console.log(`second worker's first page after ${Date.now() - resumedAt} ms`);
    await waitForSuccess(user, run.id);
    // The page in flight at SIGTERM was finished and saved, not fetched again; the one page read
    // ahead meanwhile (if any) was thrown away, not written (the counts and the copy are exact), and
    // is the only request made twice.
    expect(listRequests() - before).toBeGreaterThanOrEqual(PAGES);
    expect(listRequests() - before).toBeLessThanOrEqual(PAGES + 1);
    await expectExactCopy(user);
  }, 240_000);
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TSyncRun } from '@voiceagent/shared';
import { querySalesforce } from './sandbox-truth';
import { expectCopyOfOrg, getRun, waitForPages } from './salesforce-sync-support';
import { countRequests, startSyncTestbed, type SyncTestbed } from './sync-testbed';
import { spawnWorker, type WorkerProcess } from './worker-process';

/**
 * A Salesforce sync in a `pnpm worker` process killed with SIGKILL mid-run, and another worker
 * resuming it from its saved cursor (the query's nextRecordsUrl). Each batch of 2,000 takes
 * 400 ms more at the org, so that there is a "mid-run".
 */
const JOB_TIMEOUT_SECONDS = 4;
let testbed: SyncTestbed;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  testbed = await startSyncTestbed({ salesforceOrgs: [{ contacts: 6000, leads: 200 }], env: { SYNC_WORKERS: 'off', SYNC_JOB_TIMEOUT_SECONDS: String(JOB_TIMEOUT_SECONDS) } });
  testbed.salesforce.admin.addFault({ kind: 'latency', latencyMs: 400, pathPrefix: '/services/data/v62.0/query' });
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

const recordReads = () => countRequests(testbed.salesforce.admin.counters().requests, /^GET \/services\/data\/vXX\.X\/query(\/\{locator\})?$/);

describe('a Salesforce sync worker process', () => {
  it('killed with SIGKILL mid-sync: another worker resumes the run after its last saved page, to the same final state', async () => {
    const orgId = testbed.salesforceOrgIds[0]!;
    const [first] = await querySalesforce(testbed, orgId, 'SELECT Id FROM Contact ORDER BY Id LIMIT 1');
    testbed.salesforce.admin.updateRecord(orgId, 'Contact', String(first!.Id), { Title: 'Recently changed' });
    const user = await testbed.signUp();
    await testbed.connect(user, 'salesforce');
    const run = (await testbed.latestRun(user, 'salesforce'))!;
    expect(run).toMatchObject({ kind: 'full', status: 'queued' });
    const before = recordReads();

    const killed = startWorker();
    await waitForPages(testbed, user, run.id, 2, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; worker said:\n${killed.output()}`);
    });
    killed.kill('SIGKILL');
    await killed.exited;
    const atKill = await getRun(testbed, user, run.id);
    expect(atKill.status).toBe('running');
    expect(atKill.pagesDone).toBeLessThan(4);

    startWorker();
    const done: TSyncRun = await testbed.waitForRun(user, run.id, 30_000);
    // Contacts in 3 batches of 2,000, then the leads; counted once each.
    expect(done).toMatchObject({ status: 'succeeded', pagesDone: 4, counts: { updated: 0, unchanged: 0, failed: 0 } });
    expect(done.counts.created).toBe(done.counts.fetched);
    // Resumed, not restarted: two counts and four batches, of which only the one in flight at the kill was asked twice.
    expect(recordReads() - before).toBeLessThanOrEqual(2 + 4 + 1);
    await expectCopyOfOrg(testbed, user, orgId);
  }, 60_000);
});

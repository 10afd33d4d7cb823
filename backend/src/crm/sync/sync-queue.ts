import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { PLATFORMS, type TPlatform } from '@voiceagent/shared';

/**
 * The job queue, pg-boss on our own Postgres (schema `pgboss`): no broker to run, jobs survive
 * restarts, and any number of API and worker processes share it (SKIP LOCKED). Version 10: the
 * newer majors require Node 22, the project supports Node 20.
 */
export const SCHEDULER_QUEUE = 'crm-sync-scheduler';

/**
 * One queue per platform, so a process works only the platforms it can reach: a `pnpm worker`
 * configured for HubSpot alone never takes (and fails) a Zoho job.
 */
export function syncQueueOf(platform: TPlatform): string {
  return `crm-sync-${platform}`;
}

export type SyncJobData = { runId: string };

export type SyncQueueOptions = {
  databaseUrl: string;
  logger: Logger;
  jobTimeoutSeconds: number;
  /**
   * Worker processes also run pg-boss's maintenance — which hands jobs of dead workers to others
   * once they time out — and its cron clock. A process that only sends jobs needs neither.
   */
  isWorker: boolean;
};

export type SyncQueue = ReturnType<typeof createSyncQueue>;

// A failed job (database unreachable, or its worker died and it timed out) is retried after
// 2–4 s, then 4–8 s, 8–16 s … over about four hours in all.
const RETRY = { retryLimit: 12, retryDelay: 2, retryBackoff: true };

export function createSyncQueue(options: SyncQueueOptions) {
  const { logger, jobTimeoutSeconds } = options;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: 'pgboss',
    application_name: 'voiceagent-jobs',
    max: 4,
    supervise: options.isWorker,
    schedule: options.isWorker,
    // Dead workers' jobs are noticed by maintenance: run it often enough that a job comes back soon after it times out.
    maintenanceIntervalSeconds: Math.min(120, Math.max(1, Math.ceil(jobTimeoutSeconds / 4))),
  });
  boss.on('error', (error: Error) => logger.error({ err: error }, 'job queue error'));
  const localWorkers: string[] = [];

  return {
    /** The one pg-boss of the process: other job kinds (campaign write-back) add their queues to it once it started. */
    boss,

    async start(): Promise<void> {
      await boss.start();
      for (const platform of PLATFORMS) {
        const name = syncQueueOf(platform);
        const queue = { name, policy: 'singleton' as const, expireInSeconds: jobTimeoutSeconds, ...RETRY };
        await boss.createQueue(name, queue);
        // createQueue leaves an existing queue as it was; a changed SYNC_JOB_TIMEOUT_SECONDS must still apply.
        await boss.updateQueue(name, queue);
      }
      await boss.createQueue(SCHEDULER_QUEUE, { name: SCHEDULER_QUEUE, expireInSeconds: 120, retryLimit: 0 });
      if (options.isWorker) await boss.schedule(SCHEDULER_QUEUE, '* * * * *', {}, { retryLimit: 0 });
    },

    /**
     * Sends the job of a run. The first job's id is the run's, so sending it again (the scheduler
     * re-sending a run whose job may be lost) is a no-op while that job exists; continuations
     * (a run handed on after a time slice or a shutdown) get ids of their own. The singleton key
     * lets only one job of a connection be active at a time.
     */
    async sendRun(run: { id: string; user_id: string; platform: TPlatform }, input: { continuation: boolean; startAfter?: Date }): Promise<void> {
      const data: SyncJobData = { runId: run.id };
      await boss.send(syncQueueOf(run.platform), data, {
        ...(input.continuation ? {} : { id: run.id }),
        ...(input.startAfter ? { startAfter: input.startAfter } : {}),
        singletonKey: `${run.user_id}:${run.platform}`,
        expireInSeconds: jobTimeoutSeconds,
        ...RETRY,
      });
      // Workers in this process poll every 2 s; wake them so a new sync starts at once. Not for a
      // continuation: its job's predecessor is still active, and one active job per connection
      // means a woken worker would find it blocked and sleep; the finishing worker loops at once.
      if (!input.continuation) for (const id of localWorkers) boss.notifyWorker(id);
    },

    /**
     * `concurrency` pollers per platform, each running one job at a time (batchSize 1: pg-boss
     * completes or fails a batch as one, and one connection's failure must not retry another's).
     */
    async workSyncJobs(platforms: readonly TPlatform[], concurrency: number, handler: (data: SyncJobData) => Promise<void>): Promise<void> {
      for (const platform of platforms) {
        for (let i = 0; i < concurrency; i += 1) {
          const id = await boss.work<SyncJobData>(syncQueueOf(platform), { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
            if (job) await handler(job.data);
          });
          localWorkers.push(id);
        }
      }
    },

    async workScheduler(handler: () => Promise<void>): Promise<void> {
      await boss.work(SCHEDULER_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, () => handler());
    },

    /** Stops fetching, waits up to `timeoutMs` for running jobs, then fails what is left (pg-boss retries it). */
    async stop(timeoutMs: number): Promise<void> {
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
    },
  };
}

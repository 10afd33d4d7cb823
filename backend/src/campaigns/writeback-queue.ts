import type PgBoss from 'pg-boss';
import { PLATFORMS, type TPlatform } from '@voiceagent/shared';

/** One queue per platform, as sync has: a worker that cannot reach Zoho never takes a Zoho write-back. */
export function writeBackQueueOf(platform: TPlatform): string {
  return `campaign-writeback-${platform}`;
}

/** Every minute: finds write-backs whose job may be lost (the process died between commit and send). */
export const WRITEBACK_SWEEP_QUEUE = 'campaign-writeback-sweep';
/**
 * Where pg-boss moves a write-back job that failed for good without our handler saying so: its
 * last attempt timed out (the worker died or hung). The result must still end as failed.
 */
export const WRITEBACK_DEAD_QUEUE = 'campaign-writeback-dead';

export type WriteBackJobData = { resultId: string; userId: string };
export type WriteBackJob = { data: WriteBackJobData; retryCount: number; retryLimit: number };

export type WriteBackQueueOptions = {
  retryLimit: number;
  /** Seconds before the first retry; pg-boss doubles it (with jitter) for each one after. */
  retryDelaySeconds: number;
  jobTimeoutSeconds: number;
  pollingIntervalSeconds: number;
  /** Workers schedule the sweep; a process that only sends jobs does not. */
  isWorker: boolean;
};

export type WriteBackQueue = ReturnType<typeof createWriteBackQueue>;

/** Write-back jobs on the process's one pg-boss (the sync's), started by its owner before `start`. */
export function createWriteBackQueue(boss: PgBoss, options: WriteBackQueueOptions) {
  const localWorkers: string[] = [];
  const retry = { retryLimit: options.retryLimit, retryDelay: options.retryDelaySeconds, retryBackoff: true };

  return {
    async start(): Promise<void> {
      await boss.createQueue(WRITEBACK_DEAD_QUEUE, { name: WRITEBACK_DEAD_QUEUE, retryLimit: 3 });
      for (const platform of PLATFORMS) {
        const name = writeBackQueueOf(platform);
        const queue = { name, policy: 'standard' as const, expireInSeconds: options.jobTimeoutSeconds, deadLetter: WRITEBACK_DEAD_QUEUE, ...retry };
        await boss.createQueue(name, queue);
        // createQueue leaves an existing queue as it was; changed retry settings must still apply.
        await boss.updateQueue(name, queue);
      }
      await boss.createQueue(WRITEBACK_SWEEP_QUEUE, { name: WRITEBACK_SWEEP_QUEUE, expireInSeconds: 120, retryLimit: 0 });
      if (options.isWorker) await boss.schedule(WRITEBACK_SWEEP_QUEUE, '* * * * *', {}, { retryLimit: 0 });
    },

    /**
     * One job per result. The first job of a result has the result's id, so the sweeper sending it
     * again is a no-op while that job exists; a re-drive asks for fresh jobs (`isRedrive`).
     */
    async send(results: Array<{ id: string; user_id: string; platform: TPlatform }>, input: { isRedrive: boolean }): Promise<void> {
      if (results.length === 0) return;
      const jobs = results.map((result) => ({
        name: writeBackQueueOf(result.platform),
        data: { resultId: result.id, userId: result.user_id } satisfies WriteBackJobData,
        ...(input.isRedrive ? {} : { id: result.id }),
      }));
      // pg-boss inserts a batch in one statement; large posts are cut so one stays small.
      for (let i = 0; i < jobs.length; i += 500) await boss.insert(jobs.slice(i, i + 500));
      // Local workers poll every few seconds; wake them so results reach the CRM at once.
      for (const id of localWorkers) boss.notifyWorker(id);
    },

    /** `concurrency` pollers per platform, one job at a time each (a batch fails or completes as one). */
    async work(platforms: readonly TPlatform[], concurrency: number, handler: (job: WriteBackJob) => Promise<void>): Promise<void> {
      for (const platform of platforms) {
        for (let i = 0; i < concurrency; i += 1) {
          const id = await boss.work<WriteBackJobData>(
            writeBackQueueOf(platform),
            { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: options.pollingIntervalSeconds },
            async ([job]) => {
              if (job) await handler({ data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit });
            },
          );
          localWorkers.push(id);
        }
      }
    },

    async workSweeper(handler: () => Promise<void>): Promise<void> {
      await boss.work(WRITEBACK_SWEEP_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, () => handler());
    },

    async workDeadLetters(handler: (data: WriteBackJobData) => Promise<void>): Promise<void> {
      await boss.work<WriteBackJobData>(WRITEBACK_DEAD_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, async ([job]) => {
        if (job) await handler(job.data);
      });
    },
  };
}

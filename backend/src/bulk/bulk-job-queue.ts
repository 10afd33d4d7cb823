import type PgBoss from 'pg-boss';
import { PLATFORMS, type TPlatform } from '@voiceagent/shared';

/**
 * One queue per platform, as sync and write-back have: a job's rows of each CRM are worked by a
 * job of their own, so a worker that cannot reach Zoho never takes Zoho's rows, and one slow CRM
 * does not hold up another's.
 */
export function bulkQueueOf(platform: TPlatform): string {
  return `bulk-job-${platform}`;
}

export type BulkJobData = { jobId: string; platform: TPlatform };

export type BulkJobQueueOptions = {
  /** How long one job may run before pg-boss counts its worker as dead and hands the job to another. */
  jobTimeoutSeconds: number;
};

export type BulkJobQueue = ReturnType<typeof createBulkJobQueue>;

// A job whose worker died (expired) or that failed unexpectedly is tried again: it resumes with the rows still pending.
const RETRY = { retryLimit: 5, retryDelay: 5, retryBackoff: true };

/** Bulk jobs on the process's one pg-boss (the sync's), started by its owner before `start`. */
export function createBulkJobQueue(boss: PgBoss, options: BulkJobQueueOptions) {
  const localWorkers: string[] = [];

  return {
    async start(): Promise<void> {
      for (const platform of PLATFORMS) {
        // `singleton`: one active job per singleton key (a job and its CRM), so two workers never send the same rows.
        const queue = { name: bulkQueueOf(platform), policy: 'singleton' as const, expireInSeconds: options.jobTimeoutSeconds, ...RETRY };
        await boss.createQueue(queue.name, queue);
        await boss.updateQueue(queue.name, queue);
      }
    },

    /** Queues the work of a job's rows at these CRMs; `continuation` hands a job on after its time slice. */
    async send(jobId: string, platforms: readonly TPlatform[]): Promise<void> {
      for (const platform of platforms) {
        const data: BulkJobData = { jobId, platform };
        await boss.send(bulkQueueOf(platform), data, { singletonKey: `${jobId}:${platform}`, expireInSeconds: options.jobTimeoutSeconds, ...RETRY });
      }
      for (const id of localWorkers) boss.notifyWorker(id);
    },

    /** `concurrency` pollers per platform, each running one job at a time. */
    async work(platforms: readonly TPlatform[], concurrency: number, handler: (data: BulkJobData) => Promise<void>): Promise<void> {
      for (const platform of platforms) {
        for (let i = 0; i < concurrency; i += 1) {
          const id = await boss.work<BulkJobData>(bulkQueueOf(platform), { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
            if (job) await handler(job.data);
          });
          localWorkers.push(id);
        }
      }
    },
  };
}

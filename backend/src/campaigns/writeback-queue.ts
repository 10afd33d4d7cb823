import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { PLATFORMS, type TPlatform } from '@voiceagent/shared';
import type { Connection } from './writeback-repository';

/** One queue per platform, as sync has: a worker that cannot reach Zoho never takes a Zoho write-back. */
export function writeBackQueueOf(platform: TPlatform): string {
  return `campaign-writeback-${platform}`;
}

/** Every minute: finds write-backs whose job may be lost (the process died between commit and send). */
export const WRITEBACK_SWEEP_QUEUE = 'campaign-writeback-sweep';
/**
 * Where pg-boss moves a write-back job that failed without our handler's verdict: it outlived its
 * timeout (the worker died or hung). The results it held must still end as retried or failed.
 */
export const WRITEBACK_DEAD_QUEUE = 'campaign-writeback-dead';

/**
 * A job writes back what waits for one connection. `holder` names the job on the results it
 * takes, so that its dead letter (which carries only this data) finds them. Jobs queued before
 * write-back was batched carry `resultId` instead and drain that result's connection.
 */
export type WriteBackJobData = { userId: string; platform?: TPlatform; holder?: string; resultId?: string };

export type WriteBackQueueOptions = {
  jobTimeoutSeconds: number;
  /** How often an idle worker asks for jobs; pg-boss's floor is 0.5 s. */
  pollingIntervalSeconds: number;
  /** Workers schedule the sweep; a process that only sends jobs does not. */
  isWorker: boolean;
};

export type WriteBackQueue = ReturnType<typeof createWriteBackQueue>;

/** Write-back jobs on the process's one pg-boss (the sync's), started by its owner before `start`. */
export function createWriteBackQueue(boss: PgBoss, options: WriteBackQueueOptions) {
  const localWorkers: string[] = [];

  return {
    async start(): Promise<void> {
      await boss.createQueue(WRITEBACK_DEAD_QUEUE, { name: WRITEBACK_DEAD_QUEUE, retryLimit: 3 });
      for (const platform of PLATFORMS) {
        const name = writeBackQueueOf(platform);
        // `short`: one queued job per singleton key (a connection) at most; more sends while it waits
        // are no-ops, and it drains whatever has arrived by the time it runs. Retries are per result,
        // kept with the results, so a job that fails is not retried: its dead letter answers for it.
        const queue = { name, policy: 'short' as const, expireInSeconds: options.jobTimeoutSeconds, deadLetter: WRITEBACK_DEAD_QUEUE, retryLimit: 0 };
        await boss.createQueue(name, queue);
        // createQueue leaves an existing queue as it was; changed settings must still apply.
        await boss.updateQueue(name, queue);
      }
      await boss.createQueue(WRITEBACK_SWEEP_QUEUE, { name: WRITEBACK_SWEEP_QUEUE, expireInSeconds: 120, retryLimit: 0 });
      if (options.isWorker) await boss.schedule(WRITEBACK_SWEEP_QUEUE, '* * * * *', {}, { retryLimit: 0 });
    },

    /**
     * Asks for the connections' waiting results to be written back: now, or from `at` (a retry's
     * time). A connection with a job queued already gets no second one; one whose job is running
     * gets one more, which takes what arrived meanwhile.
     */
    async wake(connections: Connection[], at?: Date): Promise<void> {
      const unique = new Map(connections.map((connection) => [`${connection.platform}:${connection.userId}`, connection]));
      if (unique.size === 0) return;
      const jobs = [...unique.values()].map((connection) => ({
        name: writeBackQueueOf(connection.platform),
        data: { userId: connection.userId, platform: connection.platform, holder: randomUUID() } satisfies WriteBackJobData,
        // A later job gets its own key (by the second it is due), so it never blocks an immediate one.
        ...(at ? { singletonKey: `${connection.userId}@${Math.ceil(at.getTime() / 1000)}`, startAfter: at } : { singletonKey: connection.userId }),
      }));
      // pg-boss inserts a batch in one statement; large sends are cut so one stays small.
      for (let i = 0; i < jobs.length; i += 500) await boss.insert(jobs.slice(i, i + 500));
      // Workers of this process need not wait for their next poll.
      if (!at) for (const id of localWorkers) boss.notifyWorker(id);
    },

    /** `concurrency` pollers per platform, each writing back one connection at a time. */
    async work(platforms: readonly TPlatform[], concurrency: number, handler: (platform: TPlatform, data: WriteBackJobData) => Promise<void>): Promise<void> {
      for (const platform of platforms) {
        for (let i = 0; i < concurrency; i += 1) {
          const id = await boss.work<WriteBackJobData>(writeBackQueueOf(platform), { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds }, async ([job]) => {
            if (job) await handler(platform, job.data);
          });
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

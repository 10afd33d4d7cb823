import type PgBoss from 'pg-boss';
import { PLATFORMS, type TPlatform } from '@voiceagent/shared';

/** One queue per platform, as sync has: a worker that cannot reach a CRM never takes its drains. */
export function webhookDrainQueueOf(platform: TPlatform): string {
  return `crm-webhook-drain-${platform}`;
}

/** Every minute: re-wake drains whose job was lost, and delete applied events past retention. */
export const WEBHOOK_SWEEP_QUEUE = 'crm-webhook-sweep';

export type WebhookDrainJobData = { connectionId: string };

// A provider's 429, 5xx or timeout (after the HTTP client's own retries) fails the job: tried again
// after 2–4 s, 4–8 s … for about an hour, the events pending meanwhile; the sweep wakes it after that.
const RETRY = { retryLimit: 10, retryDelay: 2, retryBackoff: true };
const JOB_TIMEOUT_SECONDS = 300;

export type WebhookDrainQueue = ReturnType<typeof createWebhookDrainQueue>;

/** Drain jobs on the process's one pg-boss (the sync's), started by its owner before `start`. */
export function createWebhookDrainQueue(boss: PgBoss) {
  const localWorkers: string[] = [];

  return {
    async start(): Promise<void> {
      for (const platform of PLATFORMS) {
        // `stately`: per connection at most one job running and one waiting — a burst of deliveries
        // wakes one drain, which takes every event stored meanwhile.
        const queue = { name: webhookDrainQueueOf(platform), policy: 'stately' as const, expireInSeconds: JOB_TIMEOUT_SECONDS, ...RETRY };
        await boss.createQueue(queue.name, queue);
        await boss.updateQueue(queue.name, queue);
      }
      await boss.createQueue(WEBHOOK_SWEEP_QUEUE, { name: WEBHOOK_SWEEP_QUEUE, policy: 'singleton', expireInSeconds: 120, retryLimit: 0 });
    },

    /** Wakes the drain of each connection (a no-op for one whose next drain already waits). */
    async wake(connections: ReadonlyArray<{ id: string; platform: TPlatform }>): Promise<void> {
      for (const connection of connections) {
        const data: WebhookDrainJobData = { connectionId: connection.id };
        await boss.send(webhookDrainQueueOf(connection.platform), data, { singletonKey: connection.id, expireInSeconds: JOB_TIMEOUT_SECONDS, ...RETRY });
      }
      // Workers poll every half second; in this process they start at once.
      if (connections.length > 0) for (const id of localWorkers) boss.notifyWorker(id);
    },

    async work(platforms: readonly TPlatform[], concurrency: number, handler: (data: WebhookDrainJobData) => Promise<void>): Promise<void> {
      for (const platform of platforms) {
        for (let i = 0; i < concurrency; i += 1) {
          const id = await boss.work<WebhookDrainJobData>(webhookDrainQueueOf(platform), { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
            if (job) await handler(job.data);
          });
          localWorkers.push(id);
        }
      }
    },

    async workSweep(handler: () => Promise<void>): Promise<void> {
      await boss.schedule(WEBHOOK_SWEEP_QUEUE, '* * * * *', {}, { retryLimit: 0 });
      await boss.work(WEBHOOK_SWEEP_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, () => handler());
    },
  };
}

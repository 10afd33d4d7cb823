import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { TPlatform } from '@voiceagent/shared';
import { withService } from '../../db/transactions';
import type { CredentialsService } from '../credentials/credentials-service';
import type { CrmRegistry } from '../registry';
import type { DrainWaker } from './drain-waker';
import { createHubSpotWebhookReceiver, type HubSpotWebhookReceiver } from './hubspot-webhook-receiver';
import { createWebhookDrain, type WebhookDrain } from './webhook-drain';
import { createWebhookDrainQueue } from './webhook-drain-queue';
import { findConnectionOfUser } from './webhook-connections-repository';
import { deleteAbandonedEventsBefore, deleteProcessedEventsBefore, findConnectionsWithPendingEvents, hasPendingEvents } from './webhook-inbox-repository';

/** Applied events are kept this long (for a look at what came), then deleted. */
const RETENTION_MS = 7 * 86_400_000;
/** Events waiting this long had their drain's job lost (a process died between storing and waking): wake it again. */
const STUCK_AFTER_MS = 60_000;
/** Rows one sweep deletes at most: a backlog goes over a few minutes, not in one long statement. */
const DELETE_PER_SWEEP = 50_000;

export type WebhooksModuleDeps = {
  pool: Pool;
  boss: PgBoss;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  logger: Logger;
  defaultPhoneRegion: string;
  /** Drain jobs one process runs at once, per platform. */
  concurrency: number;
  runWorkers: boolean;
  now?: () => number;
};

export type WebhooksModule = {
  hubspot: HubSpotWebhookReceiver;
  drain: WebhookDrain;
  /** What a receiver of `platform`'s notifications wakes once it has stored events of those connections. */
  drainWakerFor(platform: TPlatform): DrainWaker;
  sweep(): Promise<void>;
  /** After a (re)connect: events kept while the connection needed reconnecting are drained now. */
  wakeKeptEvents(userId: string, platform: TPlatform): Promise<void>;
  start(): Promise<void>;
};

/** Real-time sync inbound: the receivers, the per-connection drain jobs and their sweep (on the sync's pg-boss). */
export function createWebhooksModule(deps: WebhooksModuleDeps): WebhooksModule {
  const { pool, logger } = deps;
  const now = deps.now ?? Date.now;
  const queue = createWebhookDrainQueue(deps.boss);
  const drain = createWebhookDrain({ pool, registry: deps.registry, credentials: deps.credentials, logger, defaultPhoneRegion: deps.defaultPhoneRegion, now });
  const hubspot = createHubSpotWebhookReceiver({ pool, registry: deps.registry, queue, logger, now });

  async function sweep(): Promise<void> {
    const stuck = await withService(pool, (db) => findConnectionsWithPendingEvents(db, new Date(now() - STUCK_AFTER_MS), 500));
    if (stuck.length > 0) await queue.wake(stuck);
    const deleted = await withService(pool, (db) => deleteProcessedEventsBefore(db, new Date(now() - RETENTION_MS), DELETE_PER_SWEEP));
    if (deleted > 0) logger.info({ deleted }, 'applied webhook events past retention deleted');
    const abandoned = await withService(pool, (db) => deleteAbandonedEventsBefore(db, new Date(now() - RETENTION_MS), DELETE_PER_SWEEP));
    if (abandoned > 0) logger.info({ deleted: abandoned }, 'webhook events kept for a connection never reconnected deleted past retention');
  }

  return {
    hubspot,
    drain,
    drainWakerFor: (platform) => ({ wake: (connectionIds) => queue.wake(connectionIds.map((id) => ({ id, platform }))) }),
    sweep,
    async wakeKeptEvents(userId, platform) {
      const connectionId = await withService(pool, async (db) => {
        const connection = await findConnectionOfUser(db, userId, platform);
        const id = connection?.status === 'connected' ? connection.id : undefined;
        return id !== undefined && (await hasPendingEvents(db, id)) ? id : undefined;
      });
      if (connectionId) await queue.wake([{ id: connectionId, platform }]);
    },
    async start() {
      await queue.start();
      if (!deps.runWorkers) return;
      const platforms = deps.registry.configured().map((crm) => crm.platform);
      await queue.work(platforms, deps.concurrency, async (data) => {
        await drain.drainConnection(data.connectionId);
      });
      await queue.workSweep(sweep);
    },
  };
}

import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { THubSpotWebhookBody, TPlatform, TWebhookReceipt } from '@voiceagent/shared';
import { withService } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { WebhookSignatureInput } from '../crm-service';
import type { CrmRegistry } from '../registry';
import { toInboundEvent } from './hubspot-webhook-events';
import { findConnectionsByAccount } from './webhook-connections-repository';
import type { WebhookDrainQueue } from './webhook-drain-queue';
import { keepsWebhookEvents, storeReceivedEvents } from './webhook-intake';

export type HubSpotWebhookReceiverDeps = {
  pool: Pool;
  registry: CrmRegistry;
  queue: Pick<WebhookDrainQueue, 'wake'>;
  logger: Logger;
  now?: () => number;
};

export type HubSpotWebhookReceiver = ReturnType<typeof createHubSpotWebhookReceiver>;

/**
 * HubSpot's deliveries: checked, stored, acknowledged. Nothing is applied here — the drain job
 * does that — so an answer takes one short transaction, and a crash after it loses nothing.
 */
export function createHubSpotWebhookReceiver(deps: HubSpotWebhookReceiverDeps) {
  const { pool, registry, queue, logger } = deps;
  const now = deps.now ?? Date.now;

  return {
    /** Throws AppError `unauthorized` unless the delivery carries a fresh signature v3 of this app. */
    verifyDelivery(input: Omit<WebhookSignatureInput, 'now'>): void {
      const verdict = registry.get('hubspot').verifyWebhookSignature({ ...input, now: now() });
      if (verdict === 'stale') throw new AppError('unauthorized', 'The delivery’s X-HubSpot-Request-Timestamp is older than 5 minutes');
      if (verdict !== 'valid') throw new AppError('unauthorized', 'The delivery’s X-HubSpot-Signature-v3 is missing or does not match');
    },

    /**
     * Stores the events once per connection of their portal in one transaction (a lookup and one
     * statement), answers, and wakes those connections' drains beside the answer. A portal with no
     * connection here: acknowledged and dropped (HubSpot would otherwise retry for a day). A database
     * that cannot store them: 503, so that HubSpot retries.
     */
    async receive(events: THubSpotWebhookBody): Promise<TWebhookReceipt> {
      const portals = [...new Set(events.map((event) => event.portalId))];
      let stored = 0;
      let woken: Array<{ id: string; platform: TPlatform }> = [];
      try {
        await withService(pool, async (db) => {
          const connections = await findConnectionsByAccount(db, 'hubspot', portals);
          const live = connections.filter(keepsWebhookEvents);
          const known = new Set(live.map((connection) => connection.external_account_id));
          const dropped = events.filter((event) => !known.has(event.portalId));
          if (dropped.length > 0) {
            logger.info({ portals: [...new Set(dropped.map((event) => event.portalId))], events: dropped.length }, 'hubspot webhook events dropped: no connection for their portal');
          }
          const inbound = events.flatMap((event) => live.filter((c) => c.external_account_id === event.portalId).map((c) => toInboundEvent(event, c)));
          const result = await storeReceivedEvents(db, inbound, live);
          stored = result.stored;
          woken = result.wake;
        });
      } catch (error) {
        if (error instanceof AppError) throw error;
        logger.error({ err: error }, 'hubspot webhook delivery not stored; HubSpot will deliver it again');
        throw new AppError('service_unavailable', 'The events could not be stored now; deliver them again later');
      }
      // Not awaited: HubSpot needs to hear that the events are stored, not that a job is queued (one
      // more round trip on the answer path). A wake lost with the process is the sweep's to make good.
      void queue.wake(woken).catch((error: unknown) => logger.warn({ err: error }, 'hubspot webhook drains not woken; the sweep will'));
      return { received: events.length, stored };
    },
  };
}

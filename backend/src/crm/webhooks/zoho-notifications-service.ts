import { createHash, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TZohoNotificationAck, TZohoNotificationBody } from '@voiceagent/shared';
import { withService } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { TokenCipher } from '../credentials/token-cipher';
import { isTransientDatabaseError } from '../sync/sync-errors';
import { channelTokenAad } from './change-channels-service';
import { findChannel } from './change-channels-repository';
import type { DrainWaker } from './drain-waker';
import { findConnectionById } from './webhook-connections-repository';
import type { InboundWebhookEvent, WebhookEventKind } from './webhook-inbox-repository';
import { keepsWebhookEvents, storeReceivedEvents } from './webhook-intake';

export type ZohoNotificationsDeps = { pool: Pool; cipher: TokenCipher; logger: Logger; now?: () => number; drainWaker: DrainWaker };
export type ZohoNotificationsService = ReturnType<typeof createZohoNotificationsService>;

const KIND: Record<TZohoNotificationBody['operation'], WebhookEventKind> = { insert: 'created', update: 'updated', delete: 'deleted' };
// One answer for both, so that a caller cannot tell a channel that exists from one that does not.
const refused = () => new AppError('unauthorized', 'Unknown notification channel or wrong token');

/**
 * POST /crm/zoho/notifications: checks the channel and its token, stores one inbox event per
 * changed id (deduplicated, so a redelivered notification stores nothing) in one short
 * transaction, then wakes the connection's drain. No provider call on this path: Zoho gets its
 * answer in milliseconds and the drain fetches the records. A connection waiting to be reconnected
 * keeps its notifications as HubSpot's deliveries are kept (webhook-intake): stored, not drained,
 * applied after the reconnect; Zoho does not send a notification again, so dropping one loses it.
 */
export function createZohoNotificationsService(deps: ZohoNotificationsDeps) {
  const { pool, cipher, logger, drainWaker } = deps;
  const now = deps.now ?? Date.now;

  return {
    async receive(body: TZohoNotificationBody): Promise<TZohoNotificationAck> {
      const channelId = String(body.channel_id);
      const ids = [...new Set(body.ids.map(String))];
      let outcome: Awaited<ReturnType<typeof storeReceivedEvents>> | 'dropped';
      try {
        outcome = await withService(pool, async (db) => {
          const channel = await findChannel(db, 'zoho', channelId);
          if (!channel || body.token === null || !tokensMatch(cipher.decrypt(channel.token_encrypted, channelTokenAad('zoho', channelId)), body.token)) throw refused();
          const isExpired = channel.expires_at !== null && channel.expires_at.getTime() <= now();
          const connection = channel.connection_id === null ? undefined : await findConnectionById(db, channel.connection_id);
          if (channel.state === 'stopped' || !connection || !keepsWebhookEvents(connection) || isExpired || body.module.toLowerCase() !== 'contacts') {
            logger.info(
              { channelId, state: channel.state, connectionStatus: connection?.status ?? null, isExpired, module: body.module, ids: ids.length },
              'zoho notification for a stopped, expired or disconnected channel: acknowledged and dropped',
            );
            return 'dropped' as const;
          }
          const connectionId = connection.id;
          const occurredAt = new Date(body.server_time);
          const fieldsById = affectedFieldsById(body.affected_fields);
          const events: InboundWebhookEvent[] = ids.map((id) => ({
            connectionId,
            userId: channel.user_id,
            platform: 'zoho',
            // Zoho names no event id: the channel, operation, record and Zoho's time make one, so a redelivery dedupes.
            providerEventId: `${channelId}:${body.operation}:${id}:${body.server_time}`,
            kind: KIND[body.operation],
            objectType: 'contact',
            objectId: id,
            occurredAt,
            payload: fieldsById.has(id) ? { affectedFields: fieldsById.get(id) } : {},
          }));
          return storeReceivedEvents(db, events, [connection]);
        });
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (isTransientDatabaseError(error)) throw new AppError('service_unavailable', 'The notification could not be stored now; send it again', { retryAfterSeconds: 5 });
        throw error;
      }
      if (outcome === 'dropped') return { received: ids.length, stored: 0 };
      if (outcome.wake.length > 0) {
        // Stored is what counts: a drain that does not wake now is woken by the next event or the sweep.
        await drainWaker.wake(outcome.wake.map((connection) => connection.id)).catch((error: unknown) => logger.warn({ err: String(error) }, 'waking the drain failed; the events wait in the inbox'));
      }
      return { received: ids.length, stored: outcome.stored };
    },
  };
}

/** Constant-time comparison of two secrets of any length (hashing first makes the lengths equal). */
function tokensMatch(expected: string, given: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** Zoho's affected_fields: [{ "<id>": ["Field", …] }, …]; anything else is ignored. */
function affectedFieldsById(raw: TZohoNotificationBody['affected_fields']): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const entry of raw ?? []) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    for (const [id, fields] of Object.entries(entry as Record<string, unknown>)) {
      if (Array.isArray(fields)) byId.set(id, fields.filter((field): field is string => typeof field === 'string').slice(0, 200));
    }
  }
  return byId;
}

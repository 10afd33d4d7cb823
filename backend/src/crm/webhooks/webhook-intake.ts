import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';
import type { WebhookConnection } from './webhook-connections-repository';
import { storeWebhookEvents, type InboundWebhookEvent } from './webhook-inbox-repository';

/**
 * Whose pushed changes are kept: a connected connection's, and one waiting to be reconnected
 * (its events wait, unwoken, and its reconnect drains them). Any other's are acknowledged and dropped.
 */
export function keepsWebhookEvents(connection: Pick<WebhookConnection, 'status'>): boolean {
  return connection.status === 'connected' || connection.status === 'needs_reauth';
}

/**
 * What every receiver does once it has checked a delivery and named the connections its events are
 * for (each kept by `keepsWebhookEvents`), inside its one transaction: stores the events (a redelivery
 * stores nothing), notes their arrival for webhook health, and names the drains to wake after the
 * commit — the connected connections' only: a drain of one waiting to be reconnected would find
 * nothing it may apply, and its reconnect wakes it (`WebhooksModule.wakeKeptEvents`).
 */
export async function storeReceivedEvents(
  db: PoolClient,
  events: readonly InboundWebhookEvent[],
  connections: readonly WebhookConnection[],
): Promise<{ stored: number; wake: Array<{ id: string; platform: TPlatform }> }> {
  // Notes the arrival too, in the same statement.
  const result = await storeWebhookEvents(db, events);
  const connected = new Map(connections.filter((connection) => connection.status === 'connected').map((connection) => [connection.id, connection.platform]));
  const wake = result.connectionIds.flatMap((id) => {
    const platform = connected.get(id);
    return platform ? [{ id, platform }] : [];
  });
  return { stored: result.stored, wake };
}

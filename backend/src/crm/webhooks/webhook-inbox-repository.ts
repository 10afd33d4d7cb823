import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';

export type WebhookEventKind = 'created' | 'updated' | 'deleted' | 'merged' | 'restored' | 'privacy_deleted';

/** One change a CRM pushed, as a receiver stores it for one connection. */
export type InboundWebhookEvent = {
  connectionId: string;
  userId: string;
  platform: TPlatform;
  /** The provider's id of the event; a second delivery with the same id is a no-op. */
  providerEventId: string;
  kind: WebhookEventKind;
  objectType: 'contact' | 'lead';
  /** The CRM's id of the record the event is about. */
  objectId: string;
  occurredAt: Date;
  /** What applying needs beside the id (a merge's ids, the changed property); never a secret. */
  payload: Record<string, unknown>;
};

export type StoredWebhookEvent = InboundWebhookEvent & { id: string; receivedAt: Date; attempts: number };

/**
 * Stores a delivery's events in one statement, skipping those already stored (a redelivery, or
 * a duplicate inside one batch), and in the same statement notes their connections' arrival for
 * webhook health: one round trip on the receivers' answer path instead of two. Returns the
 * connections that got new events, for the caller to wake their drain jobs, and how many were new.
 */
export async function storeWebhookEvents(
  db: PoolClient,
  events: readonly InboundWebhookEvent[],
): Promise<{ stored: number; connectionIds: string[] }> {
  if (events.length === 0) return { stored: 0, connectionIds: [] };
  const { rows } = await db.query<{ connection_id: string }>(
    `with stored as (
       insert into public.webhook_events
         (connection_id, user_id, platform, provider_event_id, kind, object_type, object_id, occurred_at, payload)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::jsonb[])
       on conflict (connection_id, provider_event_id) do nothing
       returning connection_id
     ), noted as (
       -- A redelivery counts too. At most one write a second per connection: a busy portal's
       -- deliveries would otherwise queue on the row's lock.
       update public.user_crm_credentials set webhook_last_event_at = now()
        where id = any($1::uuid[]) and (webhook_last_event_at is null or webhook_last_event_at < now() - interval '1 second')
     )
     select connection_id from stored`,
    [
      events.map((e) => e.connectionId),
      events.map((e) => e.userId),
      events.map((e) => e.platform),
      events.map((e) => e.providerEventId),
      events.map((e) => e.kind),
      events.map((e) => e.objectType),
      events.map((e) => e.objectId),
      events.map((e) => e.occurredAt.toISOString()),
      events.map((e) => JSON.stringify(e.payload)),
    ],
  );
  return { stored: rows.length, connectionIds: [...new Set(rows.map((r) => r.connection_id))] };
}

type Row = {
  id: string;
  connection_id: string;
  user_id: string;
  platform: TPlatform;
  provider_event_id: string;
  kind: WebhookEventKind;
  object_type: 'contact' | 'lead';
  object_id: string;
  occurred_at: Date;
  payload: Record<string, unknown>;
  received_at: Date;
  attempts: number;
};

/**
 * The oldest events of a connection still to apply, locked so that a second drain of the same
 * connection (another worker process) takes the next ones instead of applying these twice.
 */
export async function claimPendingEvents(db: PoolClient, connectionId: string, limit: number): Promise<StoredWebhookEvent[]> {
  const { rows } = await db.query<Row>(
    `select id, connection_id, user_id, platform, provider_event_id, kind, object_type, object_id, occurred_at, payload, received_at, attempts
       from public.webhook_events
      where connection_id = $1 and processed_at is null
      order by id
      limit $2
      for update skip locked`,
    [connectionId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    connectionId: r.connection_id,
    userId: r.user_id,
    platform: r.platform,
    providerEventId: r.provider_event_id,
    kind: r.kind,
    objectType: r.object_type,
    objectId: r.object_id,
    occurredAt: r.occurred_at,
    payload: r.payload,
    receivedAt: r.received_at,
    attempts: r.attempts,
  }));
}

/** Marks events applied (or found superseded). */
export async function markEventsProcessed(db: PoolClient, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`update public.webhook_events set processed_at = now(), error = null where id = any($1::bigint[])`, [ids]);
}

/** Records a failed attempt; the events stay pending for the next drain. */
export async function markEventsFailed(db: PoolClient, ids: readonly string[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`update public.webhook_events set attempts = attempts + 1, error = left($2, 2000) where id = any($1::bigint[])`, [
    ids,
    error,
  ]);
}

/** Retention: applied events received before `before` are deleted, oldest first, at most `limit` at a time. */
export async function deleteProcessedEventsBefore(db: PoolClient, before: Date, limit: number): Promise<number> {
  const result = await db.query(
    `delete from public.webhook_events where id in (
       select id from public.webhook_events where processed_at is not null and processed_at < $1 order by processed_at limit $2)`,
    [before, limit],
  );
  return result.rowCount ?? 0;
}

/**
 * Connected connections with events still to apply that arrived before `receivedBefore`: their
 * drain job may have been lost. One waiting to be reconnected keeps its events unwoken; its reconnect wakes it.
 */
export async function findConnectionsWithPendingEvents(db: PoolClient, receivedBefore: Date, limit: number): Promise<Array<{ id: string; platform: TPlatform }>> {
  const { rows } = await db.query<{ id: string; platform: TPlatform }>(
    `select distinct e.connection_id as id, e.platform from public.webhook_events e
       join public.user_crm_credentials c on c.id = e.connection_id and c.status = 'connected'
      where e.processed_at is null and e.received_at < $1
      limit $2`,
    [receivedBefore, limit],
  );
  return rows;
}

/** The connection's pending events, if any: a reconnect wakes its drain with them. */
export async function hasPendingEvents(db: PoolClient, connectionId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from public.webhook_events where connection_id = $1 and processed_at is null limit 1', [connectionId]);
  return rows.length > 0;
}

/**
 * Retention of events kept for a connection that was never reconnected: pending ones received
 * before `before` are deleted (the full sync of a later reconnect reads everything anyway).
 */
export async function deleteAbandonedEventsBefore(db: PoolClient, before: Date, limit: number): Promise<number> {
  const result = await db.query(
    `delete from public.webhook_events where id in (
       select e.id from public.webhook_events e
         join public.user_crm_credentials c on c.id = e.connection_id and c.status <> 'connected'
        where e.processed_at is null and e.received_at < $1 order by e.received_at limit $2)`,
    [before, limit],
  );
  return result.rowCount ?? 0;
}

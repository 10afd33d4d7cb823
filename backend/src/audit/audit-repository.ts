import type { PoolClient } from 'pg';
import type { TAuditEventKind, TAuditOutcome, TPlatform } from '@voiceagent/shared';

export type AuditEventInput = {
  userId: string;
  kind: TAuditEventKind;
  outcome: TAuditOutcome;
  platform?: TPlatform | null;
  actor: 'user' | 'service' | 'system';
  ip?: string | null;
  details?: Record<string, unknown>;
};

export type AuditEventRow = {
  id: string;
  kind: TAuditEventKind;
  outcome: TAuditOutcome;
  platform: TPlatform | null;
  actor: 'user' | 'service' | 'system';
  ip: string | null;
  details: Record<string, unknown>;
  occurred_at: Date;
  /** occurred_at to the microsecond, for the keyset cursor. */
  position: string;
};

export type AuditListPosition = { occurredAt: string; id: string };

export async function insertEvent(db: PoolClient, event: AuditEventInput): Promise<void> {
  await db.query(
    `insert into public.audit_events (user_id, kind, outcome, platform, actor, ip, details)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [event.userId, event.kind, event.outcome, event.platform ?? null, event.actor, event.ip ?? null, JSON.stringify(event.details ?? {})],
  );
}

/**
 * Records the event unless the same kind for the same user and `dedupeKey` (a details value)
 * was recorded within `withinSeconds`: a service acting for a user on every request is one
 * entry an hour, not one per request.
 */
export async function insertEventUnlessRecent(db: PoolClient, event: AuditEventInput, dedupe: { key: string; value: string; withinSeconds: number }): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into public.audit_events (user_id, kind, outcome, platform, actor, ip, details)
     select $1, $2, $3, $4, $5, $6, $7
     where not exists (
       select 1 from public.audit_events
       where user_id = $1 and kind = $2 and details ->> $8 = $9 and occurred_at > now() - make_interval(secs => $10)
     )`,
    [
      event.userId,
      event.kind,
      event.outcome,
      event.platform ?? null,
      event.actor,
      event.ip ?? null,
      JSON.stringify(event.details ?? {}),
      dedupe.key,
      dedupe.value,
      dedupe.withinSeconds,
    ],
  );
  return rowCount === 1;
}

export async function listEvents(
  db: PoolClient,
  input: { userId: string; kind?: TAuditEventKind; from?: string; to?: string; limit: number; after: AuditListPosition | null },
): Promise<AuditEventRow[]> {
  const params: unknown[] = [input.userId];
  const clauses = ['user_id = $1'];
  if (input.kind) clauses.push(`kind = $${params.push(input.kind)}`);
  if (input.from) clauses.push(`occurred_at >= $${params.push(input.from)}::timestamptz`);
  if (input.to) clauses.push(`occurred_at < $${params.push(input.to)}::timestamptz`);
  if (input.after) {
    clauses.push(`(occurred_at, id) < ($${params.push(input.after.occurredAt)}::timestamptz, $${params.push(input.after.id)}::uuid)`);
  }
  const { rows } = await db.query<AuditEventRow>(
    `select id, kind, outcome, platform, actor, ip, details, occurred_at,
            to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position
     from public.audit_events where ${clauses.join(' and ')}
     order by occurred_at desc, id desc
     limit $${params.push(input.limit + 1)}`,
    params,
  );
  return rows;
}

/** Retention: deletes events older than `days`, at most `batch` at a time (the caller loops). */
export async function deleteEventsOlderThan(db: PoolClient, days: number, batch: number): Promise<number> {
  const { rowCount } = await db.query(
    `delete from public.audit_events where id in (
       select id from public.audit_events where occurred_at < now() - make_interval(days => $1) limit $2
     )`,
    [days, batch],
  );
  return rowCount ?? 0;
}

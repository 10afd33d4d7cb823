import type { PoolClient } from 'pg';
import type { TLiveEventKind } from '@voiceagent/shared';

export type LiveEventRow = { id: string; kind: TLiveEventKind; payload: unknown };

/** The newest event id the user can see (0 when none): a stream without Last-Event-ID starts after it. Run as the user. */
export async function findLatestEventId(db: PoolClient): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`select coalesce(max(id), 0)::text as id from public.live_events`);
  return rows[0]?.id ?? '0';
}

/**
 * Events after `floor` not in `sentIds`, oldest first. Run as the user: row-level security, not a
 * `where user_id`, keeps other users' events out. (A transaction may commit after one that wrote
 * a later id, so a stream reads from a floor below its newest id and skips what it sent.)
 */
export async function readEventsAfter(db: PoolClient, floor: string, sentIds: readonly string[], limit: number): Promise<LiveEventRow[]> {
  const { rows } = await db.query<LiveEventRow>(
    `select id::text as id, kind, payload
     from public.live_events
     where id > $1::bigint and not (id = any($2::bigint[]))
     order by id
     limit $3`,
    [floor, sentIds, limit],
  );
  return rows;
}

/** Retention: events older than `maxAgeSeconds`, whoever they belong to. Run as the service. */
export async function deleteExpiredEvents(db: PoolClient, maxAgeSeconds: number): Promise<number> {
  const result = await db.query(`delete from public.live_events where created_at < now() - make_interval(secs => $1)`, [maxAgeSeconds]);
  return result.rowCount ?? 0;
}

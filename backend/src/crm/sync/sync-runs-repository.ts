import { webhooksHealthySql } from '../webhooks/webhook-health';
import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';
import type { ProviderCursor } from '../crm-records';

export type SyncKind = 'full' | 'incremental' | 'backfill';
export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export type SyncRunRow = {
  id: string;
  user_id: string;
  platform: TPlatform;
  kind: SyncKind;
  status: SyncRunStatus;
  fetched: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
  pages_done: number;
  estimated_total: number | null;
  cursor: ProviderCursor | null;
  since: Date | null;
  max_seen_at: Date | null;
  error_code: string | null;
  error_message: string | null;
  /** Set while the run waits for the provider's API allowance (error_code/error_message say why). */
  paused_until: Date | null;
  /** Backfills: the mapping targets (custom:<key>, standard:<field>) whose values it rewrites. */
  backfill_targets: string[] | null;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
};

const COLUMNS = `id, user_id, platform, kind, status, fetched, created, updated, deleted, unchanged, failed, pages_done,
  estimated_total, cursor, since, max_seen_at, error_code, error_message, paused_until, backfill_targets, queued_at, started_at, finished_at, updated_at`;

// The partial unique index of 0007 as 0170 narrowed it (one queued/running sync per connection,
// backfills aside) is the arbiter.
const ON_ACTIVE_CONFLICT = `on conflict (user_id, platform) where status in ('queued', 'running') and kind <> 'backfill' do nothing`;

/** Queues a run unless one of this connection is queued or running; undefined then. */
export async function insertRun(
  db: PoolClient,
  input: { userId: string; platform: TPlatform; kind: SyncKind; since: Date | null },
): Promise<SyncRunRow | undefined> {
  const { rows } = await db.query<SyncRunRow>(
    `insert into public.sync_runs (user_id, platform, kind, since) values ($1, $2, $3, $4)
     ${ON_ACTIVE_CONFLICT}
     returning ${COLUMNS}`,
    [input.userId, input.platform, input.kind, input.kind === 'incremental' ? input.since : null],
  );
  return rows[0];
}

export async function findActiveRun(db: PoolClient, userId: string, platform: TPlatform): Promise<SyncRunRow | undefined> {
  const { rows } = await db.query<SyncRunRow>(
    `select ${COLUMNS} from public.sync_runs where user_id = $1 and platform = $2 and status in ('queued', 'running') and kind <> 'backfill'`,
    [userId, platform],
  );
  return rows[0];
}

export async function findRun(db: PoolClient, id: string): Promise<SyncRunRow | undefined> {
  const { rows } = await db.query<SyncRunRow>(`select ${COLUMNS} from public.sync_runs where id = $1`, [id]);
  return rows[0];
}

/** The worker takes a queued run, or resumes a running one (its worker died or handed it over). */
export async function claimRun(db: PoolClient, id: string): Promise<SyncRunRow | undefined> {
  const { rows } = await db.query<SyncRunRow>(
    `update public.sync_runs set status = 'running', started_at = coalesce(started_at, now())
     where id = $1 and status in ('queued', 'running')
     returning ${COLUMNS}`,
    [id],
  );
  return rows[0];
}

/**
 * Locks the run for a page's transaction. Disconnecting updates the same row, so a page either
 * commits before the disconnect (which then deletes its contacts) or sees `cancelled`.
 */
export async function lockRun(db: PoolClient, id: string): Promise<Pick<SyncRunRow, 'status' | 'pages_done'> | undefined> {
  const { rows } = await db.query<Pick<SyncRunRow, 'status' | 'pages_done'>>(
    'select status, pages_done from public.sync_runs where id = $1 for update',
    [id],
  );
  return rows[0];
}

export type PageProgress = {
  cursor: ProviderCursor | null;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  estimatedTotal: number | null;
  maxSeenAt: Date | null;
};

export async function savePageProgress(db: PoolClient, id: string, page: PageProgress): Promise<void> {
  await db.query(
    `update public.sync_runs set
       cursor = $2, fetched = fetched + $3, created = created + $4, updated = updated + $5, unchanged = unchanged + $6,
       deleted = deleted + $7, failed = failed + $8, pages_done = pages_done + 1,
       estimated_total = coalesce($9, estimated_total), max_seen_at = greatest(max_seen_at, $10),
       paused_until = null, error_code = null, error_message = null
     where id = $1`,
    [id, page.cursor, page.fetched, page.created, page.updated, page.unchanged, page.deleted, page.failed, page.estimatedTotal, page.maxSeenAt],
  );
}

/**
 * A running run waits for the provider's API allowance until `until`, keeping its cursor; the
 * connection's card shows why. False when the run is no longer running.
 */
export async function markPaused(db: PoolClient, id: string, pause: { until: Date; code: string; message: string }): Promise<boolean> {
  const result = await db.query(
    `update public.sync_runs set paused_until = $2, error_code = $3, error_message = $4
     where id = $1 and status = 'running'`,
    [id, pause.until, pause.code, pause.message],
  );
  return (result.rowCount ?? 0) > 0;
}

/**
 * An incremental run the provider cannot answer (its change history does not reach back to
 * `since`) becomes a full one from the first page, so deletions are found by what it no longer sees.
 */
export async function restartAsFull(db: PoolClient, id: string): Promise<SyncRunRow | undefined> {
  const { rows } = await db.query<SyncRunRow>(
    `update public.sync_runs set kind = 'full', since = null, cursor = null, estimated_total = null
     where id = $1 and status = 'running'
     returning ${COLUMNS}`,
    [id],
  );
  return rows[0];
}

export async function addDeleted(db: PoolClient, id: string, deleted: number): Promise<void> {
  if (deleted > 0) await db.query('update public.sync_runs set deleted = deleted + $2 where id = $1', [id, deleted]);
}

export async function markSucceeded(db: PoolClient, id: string): Promise<SyncRunRow> {
  const { rows } = await db.query<SyncRunRow>(
    `update public.sync_runs set status = 'succeeded', cursor = null, finished_at = now(), error_code = null, error_message = null
     where id = $1 returning ${COLUMNS}`,
    [id],
  );
  return rows[0]!;
}

/** Fails a run that is still queued or running; a cancelled or finished one keeps its outcome. */
export async function markFailed(db: PoolClient, id: string, error: { code: string; message: string }): Promise<boolean> {
  const result = await db.query(
    `update public.sync_runs set status = 'failed', finished_at = now(), error_code = $2, error_message = $3
     where id = $1 and status in ('queued', 'running')`,
    [id, error.code, error.message.slice(0, 1000)],
  );
  return (result.rowCount ?? 0) > 0;
}

export type RunListPosition = { queuedAt: string; id: string };

/** Newest first, keyset paged on (queued_at, id); RLS limits it to the caller's runs. */
export async function listRuns(
  db: PoolClient,
  input: { userId: string; platform?: TPlatform; limit: number; after: RunListPosition | null },
): Promise<Array<SyncRunRow & { position: string }>> {
  const params: unknown[] = [input.userId];
  const clauses = ['user_id = $1'];
  if (input.platform) clauses.push(`platform = $${params.push(input.platform)}`);
  if (input.after) {
    clauses.push(`(queued_at, id) < ($${params.push(input.after.queuedAt)}::timestamptz, $${params.push(input.after.id)}::uuid)`);
  }
  const { rows } = await db.query<SyncRunRow & { position: string }>(
    `select ${COLUMNS}, to_char(queued_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position
     from public.sync_runs where ${clauses.join(' and ')}
     order by queued_at desc, id desc
     limit $${params.push(input.limit + 1)}`,
    params,
  );
  return rows;
}

/**
 * The scheduler: queues an incremental run (full until one succeeded) for connected credentials
 * with no run queued in the last `intervalMinutes`, least recently synced first, at most `limit`.
 */
/**
 * `webhooks`: connections whose real-time sync is healthy wait `intervalMinutes` of their own
 * (SYNC_INTERVAL_WITH_WEBHOOKS_MINUTES) — the pushes keep them current; the sync is the safety net.
 */
export async function insertDueRuns(
  db: PoolClient,
  input: { intervalMinutes: number; limit: number; webhooks?: { intervalMinutes: number; degradedAfterMinutes: number } },
): Promise<SyncRunRow[]> {
  const webhooks = input.webhooks ?? { intervalMinutes: input.intervalMinutes, degradedAfterMinutes: 60 };
  const { rows } = await db.query<SyncRunRow>(
    `insert into public.sync_runs (user_id, platform, kind, since)
     select c.user_id, c.platform,
            case when c.last_full_sync_at is null then 'full' else 'incremental' end,
            case when c.last_full_sync_at is null then null else c.sync_watermark end
     from public.user_crm_credentials c
     where c.status = 'connected'
       and not exists (
         select 1 from public.sync_runs r
         where r.user_id = c.user_id and r.platform = c.platform
           and r.kind <> 'backfill'
           and (r.status in ('queued', 'running')
             or r.queued_at > now() - make_interval(mins => case when ${webhooksHealthySql('c', '$4::int')} then $3::int else $1::int end)))
     order by c.last_synced_at nulls first
     limit $2
     ${ON_ACTIVE_CONFLICT}
     returning ${COLUMNS}`,
    [input.intervalMinutes, input.limit, webhooks.intervalMinutes, webhooks.degradedAfterMinutes],
  );
  return rows;
}

/** Queued runs whose job may have been lost (the process died between queuing and sending). */
export async function findWaitingRuns(db: PoolClient, olderThanSeconds: number): Promise<Array<{ id: string; user_id: string; platform: TPlatform }>> {
  const { rows } = await db.query<{ id: string; user_id: string; platform: TPlatform }>(
    `select id, user_id, platform from public.sync_runs
     where status = 'queued' and updated_at < now() - make_interval(secs => $1)
     order by updated_at limit 500`,
    [olderThanSeconds],
  );
  return rows;
}

/**
 * Runs that stopped moving for longer than any retry would take are failed, so the connection can
 * sync again: running ones after `runningSeconds` without a page (counted from the end of any
 * pause for the provider's allowance), queued ones (waiting for a worker) after `queuedSeconds`.
 */
export async function failStalledRuns(db: PoolClient, input: { runningSeconds: number; queuedSeconds: number }): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `update public.sync_runs set status = 'failed', finished_at = now(), error_code = 'sync_stalled',
       error_message = 'The sync stopped making progress (no worker took it, or its worker was lost and retries ran out); the next sync starts where the last successful one ended'
     where (status = 'running' and greatest(updated_at, paused_until) < now() - make_interval(secs => $1))
        or (status = 'queued' and updated_at < now() - make_interval(secs => $2))
     returning id`,
    [input.runningSeconds, input.queuedSeconds],
  );
  return rows.map((row) => row.id);
}

/**
 * Queues a backfill of `targets`. One that is still waiting or running is cancelled and its
 * targets join the new one's: the new run reads them all from the first page, with the mapping as
 * it now stands.
 */
export async function replaceBackfill(db: PoolClient, input: { userId: string; platform: TPlatform; targets: readonly string[] }): Promise<SyncRunRow> {
  const { rows: cancelled } = await db.query<{ backfill_targets: string[] | null }>(
    `update public.sync_runs set status = 'cancelled', finished_at = now(), error_code = 'superseded',
       error_message = 'The field mapping changed again; a new backfill took over its fields'
     where user_id = $1 and platform = $2 and kind = 'backfill' and status in ('queued', 'running')
     returning backfill_targets`,
    [input.userId, input.platform],
  );
  const targets = [...new Set([...input.targets, ...cancelled.flatMap((run) => run.backfill_targets ?? [])])].sort();
  const { rows } = await db.query<SyncRunRow>(
    `insert into public.sync_runs (user_id, platform, kind, backfill_targets) values ($1, $2, 'backfill', $3)
     returning ${COLUMNS}`,
    [input.userId, input.platform, targets],
  );
  return rows[0]!;
}

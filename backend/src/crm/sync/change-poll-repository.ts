import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';

export type DuePoll = { user_id: string; platform: TPlatform; change_poll_mark: string | null; sync_watermark: Date | null; change_poll_paused_at: Date | null };

/**
 * Claims the connections whose check is due and moves their next check `intervalSeconds` on, in
 * one statement (SKIP LOCKED): however many processes tick, each connection is checked once per
 * interval. Only connected ones with a finished full sync (an incremental one builds on it), and
 * none with a sync queued or running: that run reads the changes, and the next check after it
 * still sees any it missed (the mark has not moved).
 */
export async function claimDuePolls(db: PoolClient, input: { platforms: readonly TPlatform[]; intervalSeconds: number; limit: number }): Promise<DuePoll[]> {
  const { rows } = await db.query<DuePoll>(
    `with due as (
       select c.id from public.user_crm_credentials c
       where c.platform = any($1::text[]) and c.status = 'connected' and c.last_full_sync_at is not null
         and (c.change_poll_due_at is null or c.change_poll_due_at <= now())
         and not exists (
           select 1 from public.sync_runs r
           where r.user_id = c.user_id and r.platform = c.platform and r.kind <> 'backfill' and r.status in ('queued', 'running'))
       order by c.change_poll_due_at nulls first
       limit $3
       for update of c skip locked)
     update public.user_crm_credentials c set change_poll_due_at = now() + make_interval(secs => $2)
     from due where c.id = due.id
     returning c.user_id, c.platform, c.change_poll_mark, c.sync_watermark, c.change_poll_paused_at`,
    [input.platforms, input.intervalSeconds, input.limit],
  );
  return rows;
}

/** Keeps the CRM's time of the newest change seen; the next check asks for changes after it. */
export async function saveChangePollMark(db: PoolClient, input: { userId: string; platform: TPlatform; mark: string }): Promise<void> {
  await db.query(`update public.user_crm_credentials set change_poll_mark = $3 where user_id = $1 and platform = $2`, [input.userId, input.platform, input.mark]);
}

/** The checks of this connection stop for a reason the user is told (0231); `since` stays that of the first. */
export async function saveChangePollPause(db: PoolClient, input: { userId: string; platform: TPlatform; code: string; message: string }): Promise<void> {
  await db.query(
    `update public.user_crm_credentials
        set change_poll_paused_at = coalesce(change_poll_paused_at, now()), change_poll_pause_code = $3, change_poll_pause_message = left($4, 2000)
      where user_id = $1 and platform = $2`,
    [input.userId, input.platform, input.code, input.message],
  );
}

/** A check went out again: the connection's checks are no longer paused. */
export async function clearChangePollPause(db: PoolClient, input: { userId: string; platform: TPlatform }): Promise<void> {
  await db.query(
    `update public.user_crm_credentials set change_poll_paused_at = null, change_poll_pause_code = null, change_poll_pause_message = null
      where user_id = $1 and platform = $2`,
    [input.userId, input.platform],
  );
}

import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';

export type ChannelState = 'pending' | 'active' | 'failed' | 'missing_scope' | 'stopped';

export type ChannelRow = {
  id: string;
  connection_id: string | null;
  user_id: string;
  platform: TPlatform;
  channel_id: string;
  token_encrypted: string;
  state: ChannelState;
  expires_at: Date | null;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
};

const COLUMNS = 'id, connection_id, user_id, platform, channel_id, token_encrypted, state, expires_at, attempts, next_attempt_at, last_error';

/** The connection's channel that is not stopped, locked for the caller's transaction. */
export async function findLiveChannel(db: PoolClient, connectionId: string): Promise<ChannelRow | undefined> {
  const { rows } = await db.query<ChannelRow>(`select ${COLUMNS} from public.crm_change_channels where connection_id = $1 and state <> 'stopped' for update`, [connectionId]);
  return rows[0];
}

export async function findChannel(db: PoolClient, platform: TPlatform, channelId: string): Promise<ChannelRow | undefined> {
  const { rows } = await db.query<ChannelRow>(`select ${COLUMNS} from public.crm_change_channels where platform = $1 and channel_id = $2`, [platform, channelId]);
  return rows[0];
}

/** A new channel, pending until the CRM confirms it. */
export async function insertChannel(
  db: PoolClient,
  input: { connectionId: string; userId: string; platform: TPlatform; channelId: string; tokenEncrypted: string },
): Promise<ChannelRow> {
  const { rows } = await db.query<ChannelRow>(
    `insert into public.crm_change_channels (connection_id, user_id, platform, channel_id, token_encrypted)
     values ($1, $2, $3, $4, $5) returning ${COLUMNS}`,
    [input.connectionId, input.userId, input.platform, input.channelId, input.tokenEncrypted],
  );
  return rows[0]!;
}

export async function markActive(db: PoolClient, id: string, expiresAt: Date): Promise<void> {
  await db.query(
    `update public.crm_change_channels set state = 'active', expires_at = $2, attempts = 0, next_attempt_at = null, last_error = null, updated_at = now()
      where id = $1 and state <> 'stopped'`,
    [id, expiresAt],
  );
}

/** A failed registration or renewal: recorded, and retried at `nextAttemptAt` (never, when null). */
export async function markFailed(db: PoolClient, id: string, input: { state: 'failed' | 'missing_scope'; error: string; nextAttemptAt: Date | null }): Promise<void> {
  await db.query(
    `update public.crm_change_channels set state = $2, attempts = attempts + 1, last_error = left($3, 2000), next_attempt_at = $4, updated_at = now()
      where id = $1 and state <> 'stopped'`,
    [id, input.state, input.error, input.nextAttemptAt],
  );
}

export async function markStopped(db: PoolClient, id: string): Promise<void> {
  await db.query(`update public.crm_change_channels set state = 'stopped', stopped_at = now(), next_attempt_at = null, updated_at = now() where id = $1 and state <> 'stopped'`, [id]);
}

/**
 * What the renewal job has to do: channels expiring before `renewBefore` (active) or due for
 * another attempt (pending, failed), and connections of `platforms` that have no channel at all
 * (connected before channels existed, or whose channel Zoho expired while we were down).
 */
export async function listDue(db: PoolClient, platforms: readonly TPlatform[], renewBefore: Date, now: Date, limit: number) {
  const { rows } = await db.query<{ connection_id: string; user_id: string; platform: TPlatform; channel_row_id: string | null }>(
    `select ch.connection_id, ch.user_id, ch.platform, ch.id as channel_row_id
       from public.crm_change_channels ch
       join public.user_crm_credentials c on c.id = ch.connection_id and c.status = 'connected'
      where ch.platform = any($1::text[])
        and ((ch.state = 'active' and ch.expires_at < $2) or (ch.state in ('pending', 'failed') and coalesce(ch.next_attempt_at, '-infinity') <= $3))
     union all
     select c.id, c.user_id, c.platform, null
       from public.user_crm_credentials c
      where c.platform = any($1::text[]) and c.status = 'connected'
        and not exists (select 1 from public.crm_change_channels ch where ch.connection_id = c.id and ch.state <> 'stopped')
     limit $4`,
    [platforms, renewBefore, now, limit],
  );
  return rows;
}

/** Tombstones older than `before` go: no notification of theirs can still arrive. */
export async function pruneStopped(db: PoolClient, before: Date): Promise<number> {
  const { rowCount } = await db.query(`delete from public.crm_change_channels where state = 'stopped' and stopped_at < $1`, [before]);
  return rowCount ?? 0;
}

/** Each connection's live channel, for the connections' health. */
export async function listLiveChannels(db: PoolClient, userId: string) {
  const { rows } = await db.query<Pick<ChannelRow, 'platform' | 'state' | 'expires_at' | 'last_error'>>(
    `select platform, state, expires_at, last_error from public.crm_change_channels where user_id = $1 and connection_id is not null and state <> 'stopped'`,
    [userId],
  );
  return rows;
}

import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';

/** What a sync needs to know about a connection. */
export type ConnectionSyncState = {
  status: 'connected' | 'needs_reauth' | 'error';
  last_full_sync_at: Date | null;
  sync_watermark: Date | null;
  default_phone_region: string | null;
  /** When a run last looked for deletions (0160). */
  deletions_checked_at: Date | null;
};

export async function findConnectionSyncState(db: PoolClient, userId: string, platform: TPlatform): Promise<ConnectionSyncState | undefined> {
  const { rows } = await db.query<ConnectionSyncState>(
    `select status, last_full_sync_at, sync_watermark, default_phone_region, deletions_checked_at
     from public.user_crm_credentials where user_id = $1 and platform = $2`,
    [userId, platform],
  );
  return rows[0];
}

/**
 * Sets the connection's phone region, locking the row so two changes in a row compare against
 * each other; returns the region before and the status, or undefined when not connected.
 */
export async function updateDefaultPhoneRegion(
  db: PoolClient,
  input: { userId: string; platform: TPlatform; region: string | null },
): Promise<{ previous: string | null; status: ConnectionSyncState['status'] } | undefined> {
  const { rows } = await db.query<{ previous: string | null; status: ConnectionSyncState['status'] }>(
    `update public.user_crm_credentials c set default_phone_region = $3
     from (select id, default_phone_region from public.user_crm_credentials
           where user_id = $1 and platform = $2 for update) before
     where c.id = before.id
     returning before.default_phone_region as previous, c.status`,
    [input.userId, input.platform, input.region],
  );
  return rows[0];
}

export async function listConnectedPlatforms(db: PoolClient, userId: string): Promise<TPlatform[]> {
  const { rows } = await db.query<{ platform: TPlatform }>(
    'select platform from public.user_crm_credentials where user_id = $1 order by platform',
    [userId],
  );
  return rows.map((row) => row.platform);
}

/**
 * A run succeeded: the connection's sync times, and where the next incremental run starts.
 * A full run replaces the watermark (when it saw any dated record); an incremental one only
 * moves it forward.
 */
export async function recordConnectionSynced(
  db: PoolClient,
  input: { userId: string; platform: TPlatform; kind: 'full' | 'incremental'; watermark: Date | null; deletionsCheckedAt: Date | null },
): Promise<void> {
  await db.query(
    `update public.user_crm_credentials set
       last_synced_at = now(),
       last_full_sync_at = case when $3 = 'full' then now() else last_full_sync_at end,
       sync_watermark = case when $3 = 'full' then coalesce($4, sync_watermark) else greatest(sync_watermark, $4) end,
       deletions_checked_at = coalesce($5, deletions_checked_at)
     where user_id = $1 and platform = $2`,
    [input.userId, input.platform, input.kind, input.watermark, input.deletionsCheckedAt],
  );
}

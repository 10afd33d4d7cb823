import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';

/** A connection a delivery is for, as the receiver and the drain need it. */
export type WebhookConnection = { id: string; user_id: string; platform: TPlatform; status: 'connected' | 'needs_reauth' | 'error' };

/** The connections of one CRM account (several users may connect the same HubSpot portal). */
export async function findConnectionsByAccount(db: PoolClient, platform: TPlatform, accountIds: readonly string[]): Promise<Array<WebhookConnection & { external_account_id: string }>> {
  if (accountIds.length === 0) return [];
  const { rows } = await db.query<WebhookConnection & { external_account_id: string }>(
    `select id, user_id, platform, status, external_account_id from public.user_crm_credentials
      where platform = $1 and external_account_id = any($2::text[])`,
    [platform, accountIds],
  );
  return rows;
}

export async function findConnectionOfUser(db: PoolClient, userId: string, platform: TPlatform): Promise<WebhookConnection | undefined> {
  const { rows } = await db.query<WebhookConnection>('select id, user_id, platform, status from public.user_crm_credentials where user_id = $1 and platform = $2', [userId, platform]);
  return rows[0];
}

export async function findConnectionById(db: PoolClient, connectionId: string): Promise<WebhookConnection | undefined> {
  const { rows } = await db.query<WebhookConnection>('select id, user_id, platform, status from public.user_crm_credentials where id = $1', [connectionId]);
  return rows[0];
}

/** The drain applied a batch; `lagMs` from the oldest event's arrival to now. */
export async function recordEventsApplied(db: PoolClient, connectionId: string, lagMs: number): Promise<void> {
  await db.query('update public.user_crm_credentials set webhook_last_lag_ms = $2 where id = $1', [connectionId, Math.max(0, Math.round(lagMs))]);
}

/** An incremental sync found changes: long after the last event, that means webhooks miss them (degraded). */
export async function recordSyncFoundChanges(db: PoolClient, userId: string, platform: TPlatform): Promise<void> {
  await db.query('update public.user_crm_credentials set webhook_sync_found_changes_at = now() where user_id = $1 and platform = $2', [userId, platform]);
}

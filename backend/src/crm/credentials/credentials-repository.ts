import type { WebhookHealthColumns } from '../webhooks/webhook-health';
import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';

/** A credential row as stored: tokens still sealed. */
export type CredentialRow = {
  id: string;
  user_id: string;
  platform: TPlatform;
  access_token_encrypted: string | null;
  refresh_token_encrypted: string | null;
  token_expires_at: Date | null;
  scopes: string[];
  external_account_id: string | null;
  account_name: string | null;
  data_centre: string | null;
  api_domain: string | null;
  accounts_server: string | null;
  status: 'connected' | 'needs_reauth' | 'error';
  last_error_code: string | null;
  last_error_message: string | null;
  last_synced_at: Date | null;
  is_sandbox: boolean;
  connected_at: Date;
  default_phone_region: string | null;
};

export const CREDENTIAL_COLUMNS = `id, user_id, platform, access_token_encrypted, refresh_token_encrypted, token_expires_at, scopes,
  external_account_id, account_name, data_centre, api_domain, accounts_server, status, last_error_code,
  last_error_message, last_synced_at, is_sandbox, connected_at, default_phone_region`;

export type SaveCredentialInput = {
  userId: string;
  platform: TPlatform;
  accessTokenEncrypted: string;
  refreshTokenEncrypted: string;
  tokenExpiresAt: Date;
  scopes: string[];
  externalAccountId: string;
  accountName: string;
  dataCentre: string | null;
  apiDomain: string;
  accountsServer: string | null;
  isSandbox: boolean;
};

/** Connects, or reconnects in place: a second connect of the same platform replaces its tokens. */
export async function upsertCredential(db: PoolClient, input: SaveCredentialInput): Promise<CredentialRow> {
  const { rows } = await db.query<CredentialRow>(
    `insert into public.user_crm_credentials as c (user_id, platform, access_token_encrypted, refresh_token_encrypted,
       token_expires_at, scopes, external_account_id, account_name, data_centre, api_domain, accounts_server, is_sandbox,
       status, connected_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'connected', now())
     on conflict (user_id, platform) do update set
       access_token_encrypted = excluded.access_token_encrypted,
       refresh_token_encrypted = excluded.refresh_token_encrypted,
       token_expires_at = excluded.token_expires_at,
       scopes = excluded.scopes,
       external_account_id = excluded.external_account_id,
       account_name = excluded.account_name,
       data_centre = excluded.data_centre,
       api_domain = excluded.api_domain,
       accounts_server = excluded.accounts_server,
       is_sandbox = excluded.is_sandbox,
       status = 'connected',
       last_error_code = null,
       last_error_message = null,
       connected_at = now(),
       -- A refresh of the replaced grant still in flight must not overwrite these tokens.
       refresh_claim_id = null,
       refresh_claimed_until = null
     returning ${CREDENTIAL_COLUMNS}`,
    [
      input.userId,
      input.platform,
      input.accessTokenEncrypted,
      input.refreshTokenEncrypted,
      input.tokenExpiresAt,
      input.scopes,
      input.externalAccountId,
      input.accountName,
      input.dataCentre,
      input.apiDomain,
      input.accountsServer,
      input.isSandbox,
    ],
  );
  return rows[0]!;
}

export async function findCredential(db: PoolClient, userId: string, platform: TPlatform, options: { lock?: boolean } = {}) {
  const { rows } = await db.query<CredentialRow>(
    `select ${CREDENTIAL_COLUMNS} from public.user_crm_credentials where user_id = $1 and platform = $2 ${options.lock ? 'for update' : ''}`,
    [userId, platform],
  );
  return rows[0];
}

export type CredentialSummaryRow = CredentialRow & WebhookHealthColumns & {
  last_full_sync_at: Date | null;
  contact_count: string;
  active_run_id: string | null;
  /** Set while the active run waits for the provider's API allowance. */
  sync_paused_until: Date | null;
  sync_pause_code: string | null;
  sync_pause_message: string | null;
  /** Why the change poll is not checking (0231). */
  change_poll_paused_at: Date | null;
  change_poll_pause_code: string | null;
  change_poll_pause_message: string | null;
};

/** The user's connections with what the dashboard shows beside each: contacts and any running sync. */
export async function listCredentialSummaries(db: PoolClient, userId: string): Promise<CredentialSummaryRow[]> {
  const { rows } = await db.query<CredentialSummaryRow>(
    `select c.*,
       (select count(*) from public.crm_contacts k
          where k.user_id = c.user_id and k.platform = c.platform and k.deleted_at is null) as contact_count,
       r.id as active_run_id,
       case when r.paused_until > now() then r.paused_until end as sync_paused_until,
       case when r.paused_until > now() then r.error_code end as sync_pause_code,
       case when r.paused_until > now() then r.error_message end as sync_pause_message
     from public.user_crm_credentials c
     left join lateral (
       select r.id, r.paused_until, r.error_code, r.error_message from public.sync_runs r
       where r.user_id = c.user_id and r.platform = c.platform and r.status in ('queued', 'running')
       -- A field backfill may wait beside a sync: the sync is shown first, then the backfill.
       order by (r.kind = 'backfill'), r.queued_at
       limit 1
     ) r on true
     where c.user_id = $1
     order by c.platform`,
    [userId],
  );
  return rows;
}

/**
 * Removes a connection and the contacts synced through it, and cancels its unfinished syncs.
 * Campaign snapshots stay: campaign_contacts only lose their link to the deleted contacts.
 */
export async function deleteConnection(db: PoolClient, userId: string, platform: TPlatform): Promise<{ contactsDeleted: number }> {
  await db.query(
    `update public.sync_runs set status = 'cancelled', finished_at = now(),
       error_code = 'crm_disconnected', error_message = 'The CRM was disconnected'
     where user_id = $1 and platform = $2 and status in ('queued', 'running')`,
    [userId, platform],
  );
  const contacts = await db.query('delete from public.crm_contacts where user_id = $1 and platform = $2', [userId, platform]);
  // Its field catalogue and mapping go too: a reconnected CRM may be another account with other fields.
  await db.query('delete from public.crm_field_catalogues where user_id = $1 and platform = $2', [userId, platform]);
  await db.query('delete from public.crm_field_mappings where user_id = $1 and platform = $2', [userId, platform]);
  await db.query('delete from public.user_crm_credentials where user_id = $1 and platform = $2', [userId, platform]);
  return { contactsDeleted: contacts.rowCount ?? 0 };
}

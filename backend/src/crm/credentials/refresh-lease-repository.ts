import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';
import { CREDENTIAL_COLUMNS, type CredentialRow } from './credentials-repository';

/**
 * The refresh lease on a credential row (migration 0120). Each statement runs in a short
 * transaction of its own; lease times are the database's clock, shared by every process.
 */

/**
 * Takes the lease unless another refresh holds a live one; returns the row as it is under the
 * lease, or undefined when the lease is taken (or the connection is gone).
 */
export async function claimRefresh(
  db: PoolClient,
  input: { userId: string; platform: TPlatform; claimId: string; leaseMs: number },
): Promise<CredentialRow | undefined> {
  const { rows } = await db.query<CredentialRow>(
    `update public.user_crm_credentials
     set refresh_claim_id = $3, refresh_claimed_until = now() + make_interval(secs => $4::double precision / 1000)
     where user_id = $1 and platform = $2 and (refresh_claimed_until is null or refresh_claimed_until <= now())
     returning ${CREDENTIAL_COLUMNS}`,
    [input.userId, input.platform, input.claimId, input.leaseMs],
  );
  return rows[0];
}

/** Pushes the holder's lease out again; false when it is no longer the holder's. */
export async function renewRefreshClaim(db: PoolClient, input: { id: string; claimId: string; leaseMs: number }): Promise<boolean> {
  const { rowCount } = await db.query(
    `update public.user_crm_credentials
     set refresh_claimed_until = now() + make_interval(secs => $3::double precision / 1000)
     where id = $1 and refresh_claim_id = $2`,
    [input.id, input.claimId, input.leaseMs],
  );
  return rowCount === 1;
}

export async function releaseRefreshClaim(db: PoolClient, input: { id: string; claimId: string }): Promise<void> {
  await db.query(
    'update public.user_crm_credentials set refresh_claim_id = null, refresh_claimed_until = null where id = $1 and refresh_claim_id = $2',
    [input.id, input.claimId],
  );
}

/**
 * Stores refreshed tokens and ends the lease, only while the lease is still the holder's: a
 * reconnect in the meantime (which clears the claim) keeps its new tokens. False when it was not.
 */
export async function saveRefreshedTokens(
  db: PoolClient,
  input: { id: string; claimId: string; accessTokenEncrypted: string; refreshTokenEncrypted: string; tokenExpiresAt: Date; scopes: string[] },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update public.user_crm_credentials
     set access_token_encrypted = $3, refresh_token_encrypted = $4, token_expires_at = $5, scopes = $6,
         tokens_refreshed_at = now(), status = 'connected', last_error_code = null, last_error_message = null,
         refresh_claim_id = null, refresh_claimed_until = null
     where id = $1 and refresh_claim_id = $2`,
    [input.id, input.claimId, input.accessTokenEncrypted, input.refreshTokenEncrypted, input.tokenExpiresAt, input.scopes],
  );
  return rowCount === 1;
}

/**
 * The provider refused the refresh token: the connection needs reconnecting; ends the lease.
 * False when the lease was no longer the holder's (a disconnect or reconnect took the row over),
 * so the refusal says nothing about the connection as it is now.
 */
export async function markNeedsReauth(db: PoolClient, input: { id: string; claimId: string; errorCode: string; errorMessage: string }): Promise<boolean> {
  const { rowCount } = await db.query(
    `update public.user_crm_credentials
     set status = 'needs_reauth', last_error_code = $3, last_error_message = $4, refresh_claim_id = null, refresh_claimed_until = null
     where id = $1 and refresh_claim_id = $2`,
    [input.id, input.claimId, input.errorCode, input.errorMessage],
  );
  return rowCount === 1;
}

/**
 * A disconnect takes the lease whoever holds it, before it revokes the grant at the provider: no
 * refresh starts against a grant about to be revoked, and one already at the provider can no
 * longer mark the connection as needing reauthorisation (its lease is gone). If the disconnect
 * dies half-way, the lease runs out by itself and refreshes carry on.
 */
export async function takeOverRefreshForDisconnect(db: PoolClient, input: { id: string; claimId: string; leaseMs: number }): Promise<void> {
  await db.query(
    `update public.user_crm_credentials
     set refresh_claim_id = $2, refresh_claimed_until = now() + make_interval(secs => $3::double precision / 1000)
     where id = $1`,
    [input.id, input.claimId, input.leaseMs],
  );
}

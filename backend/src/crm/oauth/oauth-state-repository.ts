import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';

export type NewState = {
  stateHash: string;
  userId: string;
  platform: TPlatform;
  expiresAt: Date;
  /** SHA-256 of the cookie secret that ties the flow to the browser that started it. */
  browserBindingHash: string;
  /** PKCE verifier, for providers that take PKCE. */
  codeVerifier: string | null;
  /** Salesforce: the login host the user chose; the callback exchanges the code there. */
  loginHost: string | null;
};

export async function insertState(db: PoolClient, input: NewState) {
  // Expired states of this user are dead weight; clear them while we are here.
  await db.query('delete from public.oauth_states where user_id = $1 and expires_at < now()', [input.userId]);
  await db.query(
    `insert into public.oauth_states (state_hash, user_id, platform, expires_at, browser_binding_hash, code_verifier, login_host)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [input.stateHash, input.userId, input.platform, input.expiresAt, input.browserBindingHash, input.codeVerifier, input.loginHost],
  );
}

export type ConsumedState = {
  user_id: string;
  platform: TPlatform;
  expires_at: Date;
  browser_binding_hash: string | null;
  code_verifier: string | null;
  login_host: string | null;
};

/** Marks a state used and returns it; a second consume of the same state returns nothing. */
export async function consumeState(db: PoolClient, stateHash: string): Promise<ConsumedState | undefined> {
  const { rows } = await db.query<ConsumedState>(
    `update public.oauth_states set consumed_at = now()
     where state_hash = $1 and consumed_at is null
     returning user_id, platform, expires_at, browser_binding_hash, code_verifier, login_host`,
    [stateHash],
  );
  return rows[0];
}

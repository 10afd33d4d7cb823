import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';

export async function insertState(db: PoolClient, input: { stateHash: string; userId: string; platform: TPlatform; expiresAt: Date }) {
  // Expired states of this user are dead weight; clear them while we are here.
  await db.query('delete from public.oauth_states where user_id = $1 and expires_at < now()', [input.userId]);
  await db.query('insert into public.oauth_states (state_hash, user_id, platform, expires_at) values ($1, $2, $3, $4)', [
    input.stateHash,
    input.userId,
    input.platform,
    input.expiresAt,
  ]);
}

export type ConsumedState = { user_id: string; platform: TPlatform; expires_at: Date };

/** Marks a state used and returns it; a second consume of the same state returns nothing. */
export async function consumeState(db: PoolClient, stateHash: string): Promise<ConsumedState | undefined> {
  const { rows } = await db.query<ConsumedState>(
    `update public.oauth_states set consumed_at = now()
     where state_hash = $1 and consumed_at is null
     returning user_id, platform, expires_at`,
    [stateHash],
  );
  return rows[0];
}

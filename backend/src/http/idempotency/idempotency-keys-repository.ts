import type { PoolClient } from 'pg';
import { toJsonParameter } from '../../db/json-parameter';

export type IdempotencyKeyRow = {
  request_hash: string;
  status: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
  /** The claim is older than any CRM call takes: its process died before finishing. */
  is_abandoned: boolean;
};

/** A user's keys past their lifetime; removed as the user claims a new one. */
export async function deleteExpiredKeys(db: PoolClient, userId: string, lifetimeMs: number): Promise<void> {
  await db.query(`delete from public.idempotency_keys where user_id = $1 and created_at < now() - make_interval(secs => $2)`, [userId, lifetimeMs / 1000]);
}

/** Inserts the claim; false when the key is taken. */
export async function insertClaim(db: PoolClient, userId: string, key: string, requestHash: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into public.idempotency_keys (user_id, key, request_hash) values ($1, $2, $3) on conflict (user_id, key) do nothing`,
    [userId, key, requestHash],
  );
  return rowCount === 1;
}

/** The key's row, locked until the transaction ends. */
export async function lockKey(db: PoolClient, userId: string, key: string, abandonAfterMs: number): Promise<IdempotencyKeyRow | undefined> {
  const { rows } = await db.query<IdempotencyKeyRow>(
    `select request_hash, status, response_status, response_body,
            status = 'in_progress' and created_at < now() - make_interval(secs => $3) as is_abandoned
     from public.idempotency_keys where user_id = $1 and key = $2 for update`,
    [userId, key, abandonAfterMs / 1000],
  );
  return rows[0];
}

/** Takes over an abandoned claim: its lifetime starts again. */
export async function renewClaim(db: PoolClient, userId: string, key: string): Promise<void> {
  await db.query(`update public.idempotency_keys set created_at = now() where user_id = $1 and key = $2`, [userId, key]);
}

export async function saveResponse(db: PoolClient, userId: string, key: string, response: { status: number; body: unknown }): Promise<void> {
  await db.query(
    `update public.idempotency_keys set status = 'completed', response_status = $3, response_body = $4::jsonb
     where user_id = $1 and key = $2 and status = 'in_progress'`,
    [userId, key, response.status, toJsonParameter(response.body)],
  );
}

/** Frees a claim whose request reached no verdict, so that a retry with the key runs again. */
export async function deleteClaim(db: PoolClient, userId: string, key: string): Promise<void> {
  await db.query(`delete from public.idempotency_keys where user_id = $1 and key = $2 and status = 'in_progress'`, [userId, key]);
}

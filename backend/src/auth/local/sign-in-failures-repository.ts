import type { PoolClient } from 'pg';

/**
 * local_auth.sign_in_failures (migration 0100): failed sign-ins per email address, keyed by a
 * hash of the address whether or not an account has it, so that a lock looks the same for
 * every address. The database's clock decides, whichever process asks.
 */
export type LockPolicy = { afterFailures: number; lockSeconds: number; maxLockSeconds: number };

export type FailureState = {
  /** Failures counted now (0 once forgotten). */
  failures: number;
  /** Seconds until the lock ends; 0 when not locked. */
  lockedForSeconds: number;
};

/** Failures older than this are forgotten: the next failure counts from one again. */
const FORGET_AFTER_SECONDS = 24 * 60 * 60;

export async function readFailureState(db: PoolClient, emailKey: string): Promise<FailureState> {
  const { rows } = await db.query<FailureState>(
    `select case when last_failure_at > now() - make_interval(secs => $2) then failures else 0 end as failures,
            coalesce(ceil(greatest(extract(epoch from locked_until - now()), 0)), 0)::int as "lockedForSeconds"
       from local_auth.sign_in_failures where email_key = $1`,
    [emailKey, FORGET_AFTER_SECONDS],
  );
  return rows[0] ?? { failures: 0, lockedForSeconds: 0 };
}

/**
 * Counts a failure and, from the policy's threshold on, locks the address for lockSeconds,
 * doubling with each further failure up to maxLockSeconds. The upsert locks the row, so
 * concurrent failures each count and the lock follows the count.
 */
export async function recordFailure(db: PoolClient, emailKey: string, policy: LockPolicy): Promise<void> {
  const { rows } = await db.query<{ failures: number }>(
    `insert into local_auth.sign_in_failures as f (email_key, failures, last_failure_at)
     values ($1, 1, now())
     on conflict (email_key) do update set
       failures = case when f.last_failure_at > now() - make_interval(secs => $2) then f.failures + 1 else 1 end,
       last_failure_at = now()
     returning failures`,
    [emailKey, FORGET_AFTER_SECONDS],
  );
  const failures = rows[0]?.failures ?? 1;
  if (failures < policy.afterFailures) return;
  // The exponent is capped so that a long-running attack cannot overflow it.
  const seconds = Math.min(policy.maxLockSeconds, policy.lockSeconds * 2 ** Math.min(failures - policy.afterFailures, 30));
  await db.query('update local_auth.sign_in_failures set locked_until = now() + make_interval(secs => $2) where email_key = $1', [emailKey, seconds]);
}

/** A successful sign-in forgets the address's failures. */
export async function clearFailures(db: PoolClient, emailKey: string): Promise<void> {
  await db.query('delete from local_auth.sign_in_failures where email_key = $1', [emailKey]);
}

/** Rows neither locked nor remembered any more. */
export async function deleteStaleFailures(db: PoolClient): Promise<void> {
  await db.query(
    `delete from local_auth.sign_in_failures
      where last_failure_at <= now() - make_interval(secs => $1) and (locked_until is null or locked_until <= now())`,
    [FORGET_AFTER_SECONDS],
  );
}

import pg from 'pg';

const { escapeLiteral } = pg;

// The claims of a Supabase access token (ours look the same in local-auth mode).
export type UserClaims = {
  sub: string;
  role: 'authenticated';
  email?: string;
  aud?: string | string[];
  [claim: string]: unknown;
};

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs fn in one transaction as Supabase's data API would for this user: role
 * `authenticated` and the JWT claims set locally, so every RLS policy applies even to a
 * query that forgets its `where user_id = …`.
 */
export async function withUser<T>(
  pool: pg.Pool,
  claims: UserClaims,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  // auth.uid() casts sub to uuid; a bad sub would fail every query with a cryptic cast error.
  if (!UUID_PATTERN.test(claims.sub)) throw new Error('withUser: claims.sub must be a uuid');
  if (claims.role !== 'authenticated') throw new Error('withUser: claims.role must be "authenticated"');
  // set_config(…, true) is `set local`: the role and both claim forms, sent with BEGIN in one
  // round trip (a simple query may hold several statements; it takes no parameters, so the
  // values are quoted here — the sub is a checked uuid, the claims a JSON text).
  const claimsJson = escapeLiteral(JSON.stringify(claims));
  return inTransaction(
    pool,
    fn,
    `select set_config('role', 'authenticated', true),
            set_config('request.jwt.claims', ${claimsJson}, true),
            set_config('request.jwt.claim.sub', '${claims.sub}', true)`,
  );
}

/**
 * Runs fn in one transaction as `service_role`, which bypasses RLS: for background jobs, and for
 * the writes of request paths that `authenticated` may not make (the server's own columns, see
 * migration 0110). Every query must name the user itself.
 */
export async function withService<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, fn, `select set_config('role', 'service_role', true)`);
}

async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  /** A statement without parameters that sets the transaction up: sent with BEGIN, in one round trip. */
  setUp: string,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection lost between two statements (the database restarted) is reported on the client,
  // which nobody listens to while it is checked out (the pool listens to idle ones): unheard, it
  // would end the process. The next statement fails anyway; the client is then released as broken.
  const onLostConnection = (error: Error) => {
    broken = error;
  };
  client.on('error', onLostConnection);
  try {
    await client.query(`begin; ${setUp}`);
    const result = await fn(client);
    const commit = await client.query('commit');
    // Postgres answers COMMIT of a transaction that already failed with ROLLBACK, not an
    // error: fn caught a failed statement and carried on. Nothing was saved; say so.
    if (commit.command === 'ROLLBACK') {
      throw new Error('transaction rolled back: a statement inside it failed and its error was caught');
    }
    return result;
  } catch (error) {
    await client.query('rollback').catch((rollbackError: unknown) => {
      // The connection is unusable (e.g. it dropped); don't hand it to the next caller.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.off('error', onLostConnection);
    client.release(broken);
  }
}

import pg from 'pg';

export type PoolOptions = {
  max?: number;
  applicationName?: string;
  // An idle client losing its connection (Postgres restarted, network cut) emits on the pool;
  // without a listener Node would crash the process. The next query reports the problem.
  onIdleClientError?: (error: Error) => void;
};

export function createPool(connectionString: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    // Supabase's session pooler and small Postgres plans allow few connections per client.
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'voiceagent-backend',
  });
  pool.on('error', options.onIdleClientError ?? ((error) => console.warn('postgres idle client error:', error.message)));
  return pool;
}

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type pg from 'pg';

export type MigrateOptions = {
  log?: (message: string) => void;
  // Tests point this at a copy; the app always uses the repository's migrations.
  migrationsDir?: string | URL;
};

export type Migration = { name: string; sql: string; checksum: string };

const DEFAULT_MIGRATIONS_DIR = new URL('../../database/migrations/', import.meta.url);
const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;
// Any constant works; it only has to be the same in every process migrating this database.
const MIGRATION_LOCK_KEY = 7_461_002_315;

export async function readMigrations(migrationsDir: string | URL = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  const dir = typeof migrationsDir === 'string' ? migrationsDir : fileURLToPath(migrationsDir);
  const names = (await readdir(dir)).filter((name) => MIGRATION_FILE.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      // A Windows checkout (CRLF) of the same file must not count as a change.
      const checksum = createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
      return { name, sql, checksum };
    }),
  );
}

/**
 * Applies the pending migrations in name order, each in its own transaction, and records
 * them in public.schema_migrations. Every transaction first takes an advisory lock, so
 * concurrent starts (several API and worker processes) take turns and the later ones find
 * nothing left to do. A transaction-scoped lock, not a session one: behind Supabase's
 * transaction pooler consecutive statements may reach different server sessions.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(options.migrationsDir);
  const applied: string[] = [];
  for (;;) {
    const name = await inLockedTransaction(pool, (client) => applyNextMigration(client, migrations));
    if (name === undefined) return { applied };
    applied.push(name);
    log(`applied migration ${name}`);
  }
}

async function inLockedTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

// Reads the record under the lock (another process may have just applied something), then
// applies the first pending migration, if any, and returns its name.
async function applyNextMigration(client: pg.PoolClient, migrations: Migration[]): Promise<string | undefined> {
  await ensureMigrationsTable(client);
  const recorded = await client.query<{ name: string; checksum: string }>(
    'select name, checksum from public.schema_migrations',
  );
  const appliedChecksums = new Map(recorded.rows.map((row) => [row.name, row.checksum]));
  assertUnchanged(migrations, appliedChecksums);
  const next = migrations.find((migration) => !appliedChecksums.has(migration.name));
  if (!next) return undefined;
  try {
    await client.query(next.sql);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${next.name} failed: ${reason}`, { cause: error });
  }
  await client.query('insert into public.schema_migrations (name, checksum) values ($1, $2)', [next.name, next.checksum]);
  return next.name;
}

async function ensureMigrationsTable(client: pg.PoolClient): Promise<void> {
  await client.query(`
    create table if not exists public.schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    );
    comment on table public.schema_migrations is 'Migrations applied by the backend''s migrator.';
    -- On Supabase new public tables are granted to the API roles; RLS without policies
    -- keeps them (and anyone with the anon key) out. The owner and service_role still see it.
    alter table public.schema_migrations enable row level security;
  `);
}

function assertUnchanged(migrations: Migration[], appliedChecksums: Map<string, string>): void {
  const changed = migrations.filter((migration) => {
    const checksum = appliedChecksums.get(migration.name);
    return checksum !== undefined && checksum !== migration.checksum;
  });
  if (changed.length > 0) {
    const names = changed.map((migration) => migration.name).join(', ');
    throw new Error(
      `Migration file(s) changed after being applied: ${names}. ` +
        'Applied migrations are never edited; restore the file and add a new migration instead.',
    );
  }
}

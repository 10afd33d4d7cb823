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
 * them in public.schema_migrations. A session advisory lock makes concurrent starts (several
 * API and worker processes) take turns; the second finds nothing left to do.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(options.migrationsDir);
  const client = await pool.connect();
  let lockHeld = false;
  let broken: Error | undefined;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    lockHeld = true;
    await ensureMigrationsTable(client);
    const recorded = await client.query<{ name: string; checksum: string }>(
      'select name, checksum from public.schema_migrations',
    );
    const appliedChecksums = new Map(recorded.rows.map((row) => [row.name, row.checksum]));
    assertUnchanged(migrations, appliedChecksums);

    const applied: string[] = [];
    for (const migration of migrations) {
      if (appliedChecksums.has(migration.name)) continue;
      await applyMigration(client, migration);
      applied.push(migration.name);
      log(`applied migration ${migration.name}`);
    }
    return { applied };
  } catch (error) {
    await client.query('rollback').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    if (lockHeld && !broken) {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch((unlockError: unknown) => {
        broken = unlockError instanceof Error ? unlockError : new Error(String(unlockError));
      });
    }
    // A destroyed connection takes its session lock with it.
    client.release(broken);
  }
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

async function applyMigration(client: pg.PoolClient, migration: Migration): Promise<void> {
  await client.query('begin');
  try {
    await client.query(migration.sql);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed: ${reason}`, { cause: error });
  }
  await client.query('insert into public.schema_migrations (name, checksum) values ($1, $2)', [
    migration.name,
    migration.checksum,
  ]);
  await client.query('commit');
}

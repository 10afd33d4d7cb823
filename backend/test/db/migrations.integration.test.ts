import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/db/migrator';
import { createEmptyDatabase, type TestDatabase } from '../support/test-database';

const databaseDir = fileURLToPath(new URL('../../database/', import.meta.url));
const migrationsDir = path.join(databaseDir, 'migrations');
const USER_TABLES = [
  'user_crm_credentials',
  'crm_contacts',
  'oauth_states',
  'sync_runs',
  'agents',
  'campaigns',
  'campaign_contacts',
];

// Everything a migration defines that a re-run could duplicate, drop or alter.
async function describeSchema(pool: pg.Pool): Promise<unknown> {
  const queries = {
    columns: `select table_schema, table_name, column_name, data_type, is_nullable, column_default
              from information_schema.columns
              where table_schema in ('public', 'auth', 'local_auth', 'private')
              order by 1, 2, 3`,
    indexes: `select schemaname, tablename, indexname, indexdef from pg_indexes
              where schemaname in ('public', 'auth', 'local_auth') order by 1, 2, 3`,
    policies: `select tablename, policyname, cmd, roles::text, qual, with_check from pg_policies order by 1, 2`,
    constraints: `select conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint
                  where connamespace in ('public'::regnamespace, 'auth'::regnamespace) order by 1, 2`,
    triggers: `select tgrelid::regclass::text, tgname from pg_trigger where not tgisinternal order by 1, 2`,
    grants: `select table_schema, table_name, grantee, privilege_type from information_schema.role_table_grants
             where table_schema in ('public', 'auth', 'local_auth') order by 1, 2, 3, 4`,
    functions: `select p.oid::regprocedure::text, md5(p.prosrc) from pg_proc p
                where p.pronamespace in ('auth'::regnamespace, 'private'::regnamespace) order by 1`,
  };
  const result: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(queries)) result[name] = (await pool.query(sql)).rows;
  return result;
}

describe('database migrations', () => {
  let database: TestDatabase;
  let fileNames: string[];

  beforeAll(async () => {
    database = await createEmptyDatabase();
    fileNames = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('apply every migration, in name order, to an empty database', async () => {
    const { applied } = await migrate(database.pool);

    expect(applied).toEqual(fileNames);
    expect(applied.length).toBeGreaterThanOrEqual(10);
    const recorded = await database.pool.query<{ name: string }>(
      'select name from public.schema_migrations order by name',
    );
    expect(recorded.rows.map((row) => row.name)).toEqual(fileNames);
  });

  it('leave every user-data table with RLS on and a named policy per command', async () => {
    const { rows } = await database.pool.query<{ table: string; rls: boolean; commands: string[] }>(
      `select c.relname as table, c.relrowsecurity as rls,
              coalesce(array_agg(p.cmd order by p.cmd) filter (where p.cmd is not null), '{}') as commands
       from pg_class c
       left join pg_policies p on p.schemaname = 'public' and p.tablename = c.relname
       where c.relnamespace = 'public'::regnamespace and c.relname = any($1)
       group by c.relname, c.relrowsecurity
       order by c.relname`,
      [USER_TABLES],
    );

    expect(rows.map((row) => row.table).sort()).toEqual([...USER_TABLES].sort());
    for (const row of rows) {
      expect(row, row.table).toMatchObject({ rls: true, commands: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'] });
    }
  });

  it('leave no table holding a user_id without row-level security and a policy', async () => {
    // Catches tables added after USER_TABLES was written (snapshots, call results, keys, counts…).
    const { rows } = await database.pool.query<{ table: string; rls: boolean; policies: number }>(
      `select c.relname as table, c.relrowsecurity as rls,
              (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname) as policies
       from pg_class c
       join information_schema.columns col
         on col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'user_id'
       where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
       order by c.relname`,
    );

    expect(rows.length).toBeGreaterThan(USER_TABLES.length);
    for (const row of rows) expect(row, row.table).toMatchObject({ rls: true });
    for (const row of rows) expect(row.policies, row.table).toBeGreaterThan(0);
  });

  it('apply nothing when run again', async () => {
    const { applied } = await migrate(database.pool);

    expect(applied).toEqual([]);
  });

  it('can each be re-run as raw SQL without changing the schema (as psql -f does)', async () => {
    const before = await describeSchema(database.pool);

    for (const migration of await readMigrations()) {
      await expect(database.pool.query(migration.sql), migration.name).resolves.toBeDefined();
    }

    expect(await describeSchema(database.pool)).toEqual(before);
  });

  it('refuse to run when an applied migration file was changed', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'voiceagent-migrations-'));
    try {
      await cp(migrationsDir, copy, { recursive: true });
      const edited = path.join(copy, '0004_user_crm_credentials.sql');
      await writeFile(edited, `${await readFile(edited, 'utf8')}\n-- an afterthought\n`);
      await writeFile(path.join(copy, '9999_later.sql'), 'create table public.later_table (id int);');

      await expect(migrate(database.pool, { migrationsDir: copy })).rejects.toThrow(
        /changed after being applied: 0004_user_crm_credentials\.sql/,
      );
      // Refused before doing anything: the new migration was not applied either.
      const later = await database.pool.query(`select to_regclass('public.later_table') as oid`);
      expect(later.rows[0].oid).toBeNull();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('roll back a failing migration and report its name', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'voiceagent-migrations-'));
    try {
      await cp(migrationsDir, copy, { recursive: true });
      await writeFile(
        path.join(copy, '9999_broken.sql'),
        'create table public.half_done (id int);\nselect 1 / 0;',
      );

      await expect(migrate(database.pool, { migrationsDir: copy })).rejects.toThrow(
        /Migration 9999_broken\.sql failed: division by zero/,
      );
      const halfDone = await database.pool.query(`select to_regclass('public.half_done') as oid`);
      expect(halfDone.rows[0].oid).toBeNull();
      const recorded = await database.pool.query(`select 1 from public.schema_migrations where name = '9999_broken.sql'`);
      expect(recorded.rowCount).toBe(0);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('are listed, all and in order, by create-crm-integration-schema.sql', async () => {
    const entry = await readFile(path.join(databaseDir, 'create-crm-integration-schema.sql'), 'utf8');
    const included = entry
      .split('\n')
      .map((line) => /^\\ir\s+(\S+)\s*$/.exec(line.trim())?.[1])
      .filter((file): file is string => file !== undefined);

    expect(included).toEqual(fileNames.map((name) => `migrations/${name}`));
  });
});

describe('migrating concurrently', () => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.drop();
  });

  it('lets two processes starting at once take turns: each migration is applied once', async () => {
    database = await createEmptyDatabase();
    const { createPool } = await import('../../src/db/pool');
    const other = createPool(database.connectionString, { max: 2 });
    try {
      const [first, second] = await Promise.all([migrate(database.pool), migrate(other)]);

      // Between them every migration was applied, none twice, and both report success.
      const all = (await readMigrations()).map((migration) => migration.name);
      expect([...first.applied, ...second.applied].sort()).toEqual(all);
      const recorded = await database.pool.query('select count(*)::int as count from public.schema_migrations');
      expect(recorded.rows[0].count).toBe(all.length);
    } finally {
      await other.end();
    }
  });
});

describe('the Supabase compatibility migration', () => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.drop();
  });

  it('leaves auth objects that already exist (as on Supabase) untouched', async () => {
    database = await createEmptyDatabase();
    // A stand-in for Supabase's own definitions, deliberately different from ours.
    await database.pool.query(`
      create schema auth;
      create table auth.users (id uuid primary key, email text);
      create function auth.uid() returns uuid language sql stable
        as $$ select '00000000-0000-0000-0000-00000000beef'::uuid $$;
    `);

    await migrate(database.pool);

    const uid = await database.pool.query(`select auth.uid() as uid`);
    expect(uid.rows[0].uid).toBe('00000000-0000-0000-0000-00000000beef');
    const columns = await database.pool.query(
      `select column_name from information_schema.columns
       where table_schema = 'auth' and table_name = 'users' order by column_name`,
    );
    expect(columns.rows.map((row: { column_name: string }) => row.column_name)).toEqual(['email', 'id']);
  });
});

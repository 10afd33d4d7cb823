import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPool } from '../../src/db/pool';
import type { UserClaims } from '../../src/db/transactions';
import { withDatabase } from './database-url';
import './provided-context';

export type TestDatabase = {
  connectionString: string;
  pool: pg.Pool;
  drop(): Promise<void>;
};

export type TestUser = { id: string; email: string; claims: UserClaims };

/** A fresh, fully migrated database of its own (a copy of the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  return createDatabase(`test_${randomBytes(8).toString('hex')}`, inject('templateDatabase'));
}

/** An empty database (no migrations), for testing the migrations themselves. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  // template0: nothing a previous run or the admin database might have added.
  return createDatabase(`test_empty_${randomBytes(8).toString('hex')}`, 'template0');
}

async function createDatabase(name: string, template: string): Promise<TestDatabase> {
  const admin = inject('adminDatabaseUrl');
  await runAdmin(admin, `create database ${name} template ${template}`);
  const connectionString = withDatabase(admin, name);
  const pool = createPool(connectionString, { max: 5, applicationName: 'voiceagent-test' });
  return {
    connectionString,
    pool,
    drop: async () => {
      await pool.end();
      // with (force) terminates whatever is still connected: a leaked client must not keep it.
      await runAdmin(admin, `drop database if exists ${name} with (force)`);
    },
  };
}

let userCounter = 0;

/** A user in auth.users, as sign-up would leave it, with the claims of their access token. */
export async function createTestUser(pool: pg.Pool, email?: string): Promise<TestUser> {
  const address = email ?? `user-${process.pid}-${++userCounter}-${randomBytes(3).toString('hex')}@example.test`;
  const { rows } = await pool.query<{ id: string; email: string }>(
    `insert into auth.users (aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
     values ('authenticated', 'authenticated', $1, now(), '{"provider":"email","providers":["email"]}', '{}')
     returning id, email`,
    [address],
  );
  const row = rows[0];
  if (!row) throw new Error('createTestUser: insert returned no row');
  return {
    id: row.id,
    email: row.email,
    claims: { sub: row.id, role: 'authenticated', email: row.email, aud: 'authenticated' },
  };
}

async function runAdmin(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

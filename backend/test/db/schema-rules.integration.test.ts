import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUser } from '../../src/db/transactions';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../support/test-database';

// Rules the schema itself enforces, whichever code path writes the rows.
describe('schema rules', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let user: TestUser;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = database.pool;
    user = await createTestUser(pool);
    await pool.query(
      `insert into public.crm_contacts (user_id, platform, external_id, first_name, last_name, email, company, phone_e164)
       values ($1, 'zoho', 'z-1', 'Zoë', 'Ångström', 'zoe@example.test', 'Société Générale', '+33142000000'),
              ($1, 'hubspot', 'h-1', 'Bob', 'Smith', 'bob@example.test', 'Acme', null)`,
      [user.id],
    );
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function search(term: string): Promise<string[]> {
    const { rows } = await withUser(pool, user.claims, (client) =>
      client.query<{ external_id: string }>(
        `select external_id from public.crm_contacts
         where search_text like '%' || private.normalize_search_text($1) || '%' order by external_id`,
        [term],
      ),
    );
    return rows.map((row) => row.external_id);
  }

  it('find contacts by name, email, company or phone regardless of case and accents', async () => {
    expect(await search('zoe')).toEqual(['z-1']);
    expect(await search('ANGSTROM')).toEqual(['z-1']);
    expect(await search('societe gen')).toEqual(['z-1']);
    expect(await search('bob@example')).toEqual(['h-1']);
    expect(await search('+3314200')).toEqual(['z-1']);
    expect(await search('nobody')).toEqual([]);
  });

  it('can serve contact search from the trigram index', async () => {
    // With two rows a sequential scan is cheaper; forbid it to see that the index applies.
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query('set local enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `explain select id from public.crm_contacts where search_text like '%' || private.normalize_search_text($1) || '%'`,
        ['zoe'],
      );
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('crm_contacts_search_text_trgm_idx');
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('accept only E.164 phone numbers in the normalised columns', async () => {
    await expect(
      pool.query(
        `insert into public.crm_contacts (user_id, platform, external_id, phone_e164) values ($1, 'zoho', 'z-bad', '0142000000')`,
        [user.id],
      ),
    ).rejects.toThrow(/crm_contacts_phone_e164_check/);
  });

  it('allow one queued or running sync per connection, any number of finished ones', async () => {
    const insertRun = (status: string) =>
      pool.query(`insert into public.sync_runs (user_id, platform, kind, status) values ($1, 'hubspot', 'full', $2)`, [
        user.id,
        status,
      ]);
    await insertRun('succeeded');
    await insertRun('failed');
    await insertRun('running');

    await expect(insertRun('queued')).rejects.toThrow(/sync_runs_one_active_per_connection_idx/);
    await expect(
      pool.query(`insert into public.sync_runs (user_id, platform, kind, status) values ($1, 'zoho', 'full', 'queued')`, [user.id]),
    ).resolves.toBeDefined();
  });

  it('keep one connection per user and platform', async () => {
    const connect = () =>
      pool.query(`insert into public.user_crm_credentials (user_id, platform) values ($1, 'hubspot')`, [user.id]);
    await connect();

    await expect(connect()).rejects.toThrow(/user_crm_credentials_user_platform_key/);
  });

  it('bump updated_at on every update', async () => {
    const before = await pool.query(`select updated_at from public.crm_contacts where external_id = 'h-1'`);
    await new Promise((resolve) => setTimeout(resolve, 10));

    await pool.query(`update public.crm_contacts set company = 'Acme Inc' where external_id = 'h-1'`);

    const after = await pool.query(`select updated_at from public.crm_contacts where external_id = 'h-1'`);
    expect(after.rows[0].updated_at.getTime()).toBeGreaterThan(before.rows[0].updated_at.getTime());
  });

  it('force row-level security on every table holding users\' rows, so that it binds their owner too', async () => {
    const { rows } = await pool.query<{ table: string; enabled: boolean; forced: boolean }>(
      `select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
       from pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped)
       order by 1`,
    );

    expect(rows.length).toBeGreaterThanOrEqual(11);
    for (const row of rows) expect(row, row.table).toMatchObject({ enabled: true, forced: true });
  });

  it('keep auth.users emails unique whatever their case', async () => {
    await expect(createTestUser(pool, user.email.toUpperCase())).rejects.toThrow(/users_email_lower_key/);
  });
});

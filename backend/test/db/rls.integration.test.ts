import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withService, withUser } from '../../src/db/transactions';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../support/test-database';

// The rows a user owns before each table's tests run: the parents other tables point at.
type Owner = { user: TestUser; agentId: string; campaignId: string; contactId: string };

type TableCase = {
  table: string;
  key: string;
  // Inserts one row belonging to owner.user (seq keeps unique keys apart); returns its key.
  // Users may insert into none of these tables (0110): the server does, as the service role.
  insert(client: pg.PoolClient, owner: Owner, seq: number): Promise<string>;
  // A column a user may change through the API (and so as `authenticated`), and a value for it.
  change?: { column: string; value: unknown };
};

async function insertReturning(client: pg.PoolClient, sql: string, values: unknown[]): Promise<string> {
  const { rows } = await client.query<{ key: string }>(sql, values);
  const key = rows[0]?.key;
  if (key === undefined) throw new Error(`insert returned no row: ${sql}`);
  return key;
}

const PLATFORMS = ['hubspot', 'zoho'] as const;

const TABLES: TableCase[] = [
  {
    table: 'user_crm_credentials',
    key: 'id',
    // Unique per (user, platform): seq picks the platform.
    insert: (client, owner, seq) =>
      insertReturning(
        client,
        `insert into public.user_crm_credentials (user_id, platform, access_token_encrypted, scopes)
         values ($1, $2, 'ciphertext', '{crm.objects.contacts.read}') returning id as key`,
        [owner.user.id, PLATFORMS[seq]],
      ),
    change: { column: 'default_phone_region', value: 'DE' },
  },
  {
    table: 'crm_contacts',
    key: 'id',
    insert: (client, owner, seq) =>
      insertReturning(
        client,
        `insert into public.crm_contacts (user_id, platform, external_id, first_name, last_name, phone_e164)
         values ($1, 'hubspot', $2, 'Zoë', 'Ng', '+14155550100') returning id as key`,
        [owner.user.id, `contact-${seq}`],
      ),
  },
  {
    table: 'sync_runs',
    key: 'id',
    insert: (client, owner) =>
      insertReturning(
        client,
        `insert into public.sync_runs (user_id, platform, kind, status, fetched)
         values ($1, 'hubspot', 'full', 'succeeded', 10) returning id as key`,
        [owner.user.id],
      ),
  },
  {
    table: 'agents',
    key: 'id',
    insert: (client, owner, seq) =>
      insertReturning(
        client,
        `insert into public.agents (user_id, name, voice) values ($1, $2, 'alloy') returning id as key`,
        [owner.user.id, `Agent ${seq}`],
      ),
    change: { column: 'greeting', value: 'Hello there' },
  },
  {
    table: 'segments',
    key: 'id',
    insert: (client, owner, seq) =>
      insertReturning(
        client,
        `insert into public.segments (user_id, name, filter) values ($1, $2, '{"callable":true}') returning id as key`,
        [owner.user.id, `Segment ${seq}`],
      ),
    change: { column: 'description', value: 'Renamed by its owner' },
  },
  {
    table: 'campaigns',
    key: 'id',
    insert: (client, owner, seq) =>
      insertReturning(
        client,
        `insert into public.campaigns (user_id, agent_id, name) values ($1, $2, $3) returning id as key`,
        [owner.user.id, owner.agentId, `Campaign ${seq}`],
      ),
  },
  {
    table: 'campaign_contacts',
    key: 'id',
    insert: (client, owner, seq) =>
      insertReturning(
        client,
        `insert into public.campaign_contacts
           (user_id, campaign_id, crm_contact_id, platform, external_id, name, phone_e164)
         values ($1, $2, $3, 'hubspot', $4, 'Zoë Ng', '+14155550100') returning id as key`,
        [owner.user.id, owner.campaignId, owner.contactId, `contact-${seq}`],
      ),
  },
];

const tableCase = (name: string): TableCase => TABLES.find((t) => t.table === name)!;

async function createOwner(pool: pg.Pool, label: string): Promise<Owner> {
  const user = await createTestUser(pool, `${label}-${randomUUID()}@example.test`);
  return withService(pool, async (client) => {
    const partial = { user, agentId: '', campaignId: '', contactId: '' };
    const agentId = await tableCase('agents').insert(client, partial, 0);
    const contactId = await tableCase('crm_contacts').insert(client, partial, 0);
    const campaignId = await tableCase('campaigns').insert(client, { ...partial, agentId }, 0);
    return { user, agentId, campaignId, contactId };
  });
}

describe('row-level security', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let a: Owner;
  let b: Owner;
  // Each table's seq-0 row of each user, created through the service role.
  const rowsOf = new Map<string, { a: string; b: string }>();

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = database.pool;
    a = await createOwner(pool, 'a');
    b = await createOwner(pool, 'b');
    await withService(pool, async (client) => {
      for (const t of TABLES) {
        const existing = { agents: 'agentId', campaigns: 'campaignId', crm_contacts: 'contactId' } as const;
        const field = existing[t.table as keyof typeof existing];
        rowsOf.set(t.table, {
          a: field ? a[field] : await t.insert(client, a, 0),
          b: field ? b[field] : await t.insert(client, b, 0),
        });
      }
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function readAsService(t: TableCase, key: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await pool.query(`select * from public.${t.table} where ${t.key} = $1`, [key]);
    return rows[0];
  }

  it('auth.uid(), auth.role() and auth.jwt() report the claims withUser set', async () => {
    const { rows } = await withUser(pool, a.user.claims, (client) =>
      client.query(`select auth.uid() as uid, auth.role() as role, auth.jwt() ->> 'email' as email, current_user as db_role`),
    );
    expect(rows[0]).toEqual({ uid: a.user.id, role: 'authenticated', email: a.user.email, db_role: 'authenticated' });
  });

  describe.each(TABLES)('$table', (t) => {
    const keys = () => rowsOf.get(t.table)!;

    it("lets a user see their own rows and none of another user's", async () => {
      const { rows } = await withUser(pool, a.user.claims, (client) =>
        client.query<{ key: string; user_id: string }>(`select ${t.key} as key, user_id from public.${t.table}`),
      );

      expect(rows.map((row) => row.key)).toContain(keys().a);
      expect(rows.map((row) => row.key)).not.toContain(keys().b);
      expect(new Set(rows.map((row) => row.user_id))).toEqual(new Set([a.user.id]));
    });

    it("lets the service role see every user's rows", async () => {
      const { rows } = await withService(pool, (client) =>
        client.query<{ key: string }>(`select ${t.key} as key from public.${t.table} where ${t.key} = any($1)`, [
          [keys().a, keys().b],
        ]),
      );

      expect(rows.map((row) => row.key).sort()).toEqual([keys().a, keys().b].sort());
    });

    it('shows nothing to a request without claims', async () => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('set local role authenticated');
        const { rows } = await client.query(`select count(*)::int as count from public.${t.table}`);
        expect(rows[0]).toEqual({ count: 0 });
      } finally {
        await client.query('rollback');
        client.release();
      }
    });
  });

  // Which commands and columns users have at all is data-api-privileges' subject; here, that
  // the updates they may make reach only their own rows.
  describe.each(TABLES.flatMap((t) => (t.change ? [{ ...t, change: t.change }] : [])))('$table, as the API edits it', (t) => {
    const keys = () => rowsOf.get(t.table)!;

    it("does not let a user update another user's row", async () => {
      const before = await readAsService(t, keys().b);

      const result = await withUser(pool, a.user.claims, (client) =>
        client.query(`update public.${t.table} set ${t.change.column} = $1 where ${t.key} = $2`, [t.change.value, keys().b]),
      );

      expect(result.rowCount).toBe(0);
      expect(await readAsService(t, keys().b)).toEqual(before);
    });

    it('lets a user update their own row', async () => {
      await withUser(pool, a.user.claims, async (client) => {
        const updated = await client.query(`update public.${t.table} set ${t.change.column} = $1 where ${t.key} = $2`, [
          t.change.value,
          keys().a,
        ]);
        expect(updated.rowCount).toBe(1);
        const read = await client.query(`select ${t.change.column} as value from public.${t.table} where ${t.key} = $1`, [keys().a]);
        expect(read.rows).toEqual([{ value: t.change.value }]);
      });
    });
  });

  describe('references between tables', () => {
    it("do not let a row of one user hang off another user's parent, even written as the service", async () => {
      // Foreign key checks ignore RLS (and the service role bypasses it), so ownership of the
      // parent is part of the key itself.
      await expect(
        withService(pool, (client) => tableCase('campaign_contacts').insert(client, { ...a, campaignId: b.campaignId }, 2)),
      ).rejects.toThrow(/campaign_contacts_campaign_fkey/);
      await expect(
        withService(pool, (client) => tableCase('campaign_contacts').insert(client, { ...a, contactId: b.contactId }, 3)),
      ).rejects.toThrow(/campaign_contacts_crm_contact_fkey/);
      await expect(
        withService(pool, (client) => tableCase('campaigns').insert(client, { ...a, agentId: b.agentId }, 2)),
      ).rejects.toThrow(/campaigns_agent_fkey/);
    });

    it('keep the campaign snapshot when the synced contact is deleted', async () => {
      const owner = await createOwner(pool, 'snapshot');
      const snapshotId = await withService(pool, (client) => tableCase('campaign_contacts').insert(client, owner, 0));

      // As the sync does when the CRM lost the contact, or disconnecting does.
      await withService(pool, (client) => client.query('delete from public.crm_contacts where id = $1', [owner.contactId]));

      const { rows } = await pool.query('select crm_contact_id, user_id, name from public.campaign_contacts where id = $1', [
        snapshotId,
      ]);
      expect(rows).toEqual([{ crm_contact_id: null, user_id: owner.user.id, name: 'Zoë Ng' }]);
    });

    it("remove all of a user's data when the user is deleted", async () => {
      const owner = await createOwner(pool, 'deleted');
      await withService(pool, (client) => tableCase('campaign_contacts').insert(client, owner, 0));

      await pool.query('delete from auth.users where id = $1', [owner.user.id]);

      for (const t of TABLES) {
        const { rows } = await pool.query(`select count(*)::int as count from public.${t.table} where user_id = $1`, [
          owner.user.id,
        ]);
        expect(rows[0], t.table).toEqual({ count: 0 });
      }
    });
  });

  describe('auth internals', () => {
    it('are out of reach of signed-in users', async () => {
      await expect(
        withUser(pool, a.user.claims, (client) => client.query('select * from local_auth.refresh_tokens')),
      ).rejects.toThrow(/permission denied/);
      await expect(withUser(pool, a.user.claims, (client) => client.query('select * from auth.users'))).rejects.toThrow(
        /permission denied/,
      );
      await expect(
        withUser(pool, a.user.claims, (client) => client.query('select * from public.schema_migrations')),
      ).rejects.toThrow(/permission denied/);
    });

    it('are usable by the service role (local auth runs as it)', async () => {
      const sessionId = randomUUID();
      const count = await withService(pool, async (client) => {
        await client.query(
          'insert into local_auth.refresh_tokens (token_hash, user_id, session_id) values ($1, $2, $3)',
          [randomUUID(), a.user.id, sessionId],
        );
        const { rows } = await client.query<{ count: number }>(
          'select count(*)::int as count from local_auth.refresh_tokens where session_id = $1',
          [sessionId],
        );
        return rows[0]?.count;
      });
      expect(count).toBe(1);
    });
  });
});

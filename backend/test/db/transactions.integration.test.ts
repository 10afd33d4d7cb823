import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db/pool';
import { withService, withUser } from '../../src/db/transactions';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../support/test-database';

describe('withUser and withService', () => {
  let database: TestDatabase;
  // One connection, so every call below reuses the connection the previous one released.
  let single: pg.Pool;
  let user: TestUser;
  // Renaming an agent is a write users may make themselves (0110 grants little else).
  let agentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    single = createPool(database.connectionString, { max: 1 });
    user = await createTestUser(database.pool);
    const { rows } = await database.pool.query(`insert into public.agents (user_id, name) values ($1, 'seeded') returning id`, [user.id]);
    agentId = rows[0].id as string;
  });
  afterAll(async () => {
    await single?.end();
    await database?.drop();
  });

  const countAgents = async (name: string) =>
    (await database.pool.query('select count(*)::int as count from public.agents where name = $1', [name])).rows[0].count;

  it('commit what fn wrote and return what fn returned', async () => {
    const id = await withUser(single, user.claims, async (client) => {
      const { rows } = await client.query(`update public.agents set name = 'committed' where id = $1 returning id`, [agentId]);
      return rows[0].id as string;
    });

    expect(id).toBe(agentId);
    expect(await countAgents('committed')).toBe(1);
  });

  it('roll back everything when fn throws, and rethrow its error', async () => {
    const failure = new Error('boom');

    await expect(
      withUser(single, user.claims, async (client) => {
        await client.query(`update public.agents set name = 'rolled back' where id = $1`, [agentId]);
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect(await countAgents('rolled back')).toBe(0);
  });

  it('refuse to report success when fn swallowed a failed statement', async () => {
    await expect(
      withUser(single, user.claims, async (client) => {
        await client.query(`update public.agents set name = 'swallowed' where id = $1`, [agentId]);
        await client.query('select 1 / 0').catch(() => undefined);
      }),
    ).rejects.toThrow(/rolled back/);

    expect(await countAgents('swallowed')).toBe(0);
  });

  it('set the role and the claims exactly as given, quotes and backslashes in them included', async () => {
    // BEGIN and the claims go in one simple query, quoted by us: a claim must arrive intact, never as SQL.
    const claims = { ...user.claims, email: `o'brien\\x'); drop table public.agents; --@example.test`, note: '\\\'' };
    const seen = await withUser(single, claims, async (client) => {
      const { rows } = await client.query(
        `select current_user as role, current_setting('request.jwt.claims') as claims, auth.uid() as uid`,
      );
      return rows[0];
    });

    expect({ ...seen, claims: JSON.parse(seen.claims as string) }).toEqual({ role: 'authenticated', claims, uid: user.id });
    // Still there: the claim was a value, not a statement.
    expect(await countAgents('no such agent')).toBe(0);
  });

  it('leave no role or claims behind on the pooled connection', async () => {
    await withUser(single, user.claims, async () => {});
    await withService(single, async () => {});

    const { rows } = await single.query(
      `select current_user as role, coalesce(current_setting('request.jwt.claims', true), '') as claims, auth.uid() as uid`,
    );
    expect(rows[0]).toEqual({ role: new URL(database.connectionString).username, claims: '', uid: null });
  });

  it('give the connection back even when fn fails, so the pool never runs dry', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(withUser(single, user.claims, () => Promise.reject(new Error('fail')))).rejects.toThrow('fail');
    }

    expect(await withUser(single, user.claims, async () => 'still works')).toBe('still works');
    expect(single.totalCount).toBe(1);
    expect(single.idleCount).toBe(1);
  });

  it('refuse claims whose sub is not a user id', async () => {
    await expect(
      withUser(single, { ...user.claims, sub: 'not-a-uuid' }, async () => 'ran'),
    ).rejects.toThrow(/sub must be a uuid/);
  });

  it('run background work as service_role, past RLS', async () => {
    const { rows } = await withService(database.pool, (client) =>
      client.query(`select current_user as role, (select rolbypassrls from pg_roles where rolname = current_user) as bypass`),
    );

    expect(rows[0]).toEqual({ role: 'service_role', bypass: true });
  });
});

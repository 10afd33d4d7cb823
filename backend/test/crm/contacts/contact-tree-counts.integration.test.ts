import { ZContactListQuery, type TContactListResponse, type TFilterNode } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContactsService } from '../../../src/crm/contacts/contacts-service';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../../support/test-database';

/**
 * The counts of a filter tree: exact when counting fits its budget, else the planner's estimate
 * marked as such, and the page the same either way.
 */
const CONTACTS = 30_000;
let database: TestDatabase;
let user: TestUser;

beforeAll(async () => {
  database = await createTestDatabase();
  user = await createTestUser(database.pool);
  // Every third contact works at an "Acme …", split over the three CRMs by n % 3 and n % 2.
  await database.pool.query(
    `insert into public.crm_contacts (user_id, platform, external_id, first_name, last_name, company)
     select $1, (array['hubspot', 'zoho', 'salesforce'])[1 + (n / 3) % 3], 'ext-' || n, 'First' || n, 'Last' || lpad(n::text, 6, '0'),
            case when n % 3 = 0 then 'Acme ' || n else 'Globex ' || n end
     from generate_series(1, $2::int) n`,
    [user.id, CONTACTS],
  );
  await database.pool.query('analyze public.crm_contacts');
});
afterAll(async () => {
  await database?.drop();
});

// `contains` cannot use an index: counting it reads every one of the user's rows.
const TREE: TFilterNode = { field: 'company', operator: 'contains', value: 'acme' };
const authUser = () => ({ id: user.id, email: user.email, claims: user.claims });
const list = (budgetMs: number, query: Record<string, string> = {}, costLimit?: number) =>
  createContactsService({ pool: database.pool, treeCountBudgetMs: budgetMs, treeCountCostLimit: costLimit }).listContacts(
    authUser(),
    ZContactListQuery.parse({ where: JSON.stringify(TREE), ...query }),
    null,
  );

async function exactCounts(): Promise<Record<string, number>> {
  const { rows } = await database.pool.query<{ platform: string; n: number }>(
    `select platform, count(*)::int as n from public.crm_contacts where user_id = $1 and company ilike '%acme%' group by platform`,
    [user.id],
  );
  return Object.fromEntries(rows.map((row) => [row.platform, row.n]));
}

describe('the counts of a filter tree', () => {
  it('are exact when counting fits the budget', async () => {
    const page = await list(60_000);

    expect(page.counts.isEstimate).toBe(false);
    expect(page.counts.byPlatform).toEqual(await exactCounts());
    expect(page.counts.total).toBe(CONTACTS / 3);
  });

  it('are the planner’s estimate, marked as one and within the kept counts, when counting would take longer; the page is the same', async () => {
    // Reading 30,000 rows takes far longer than a millisecond on any machine.
    const estimated = await list(1);
    const exact = await list(60_000);

    expect(estimated.counts.isEstimate).toBe(true);
    expect(estimated.counts.total).toBeGreaterThan(0);
    // Each CRM holds a third of the contacts: an estimate never exceeds what the CRM holds.
    for (const n of Object.values(estimated.counts.byPlatform)) expect(n).toBeLessThanOrEqual(CONTACTS / 3);
    const itemsOf = (response: TContactListResponse) => (response.view === 'unified' ? response.items.map((item) => item.id) : []);
    expect(itemsOf(estimated)).toEqual(itemsOf(exact));
  });

  it('are estimated without trying to count when the planner prices counting past the limit, whatever the budget', async () => {
    const calls: string[] = [];
    const restores: Array<() => void> = [];
    const spy = (client: { query: (...args: never[]) => unknown }) => {
      const query = client.query;
      restores.push(() => (client.query = query));
      client.query = ((...args: never[]) => {
        const first = args[0] as unknown;
        calls.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
        return query.apply(client, args);
      }) as typeof client.query;
    };
    database.pool.on('acquire', spy);
    try {
      // A cost limit of 1 prices any count out; a budget of a minute would have let it finish.
      const estimated = await list(60_000, {}, 1);

      expect(estimated.counts.isEstimate).toBe(true);
      expect(estimated.counts.total).toBeGreaterThan(0);
      expect(calls.some((sql) => sql.includes('count(*)::int as count'))).toBe(false);
      expect(calls.some((sql) => sql.includes('explain (format json)'))).toBe(true);
    } finally {
      database.pool.off('acquire', spy);
      for (const restore of restores.reverse()) restore();
    }
    // The default limit lets this tree (30,000 rows read) be counted exactly.
    expect((await list(60_000)).counts.isEstimate).toBe(false);
  });

  it('leave the transaction usable after a cancelled count: each later group of view=separate still reads its page', async () => {
    const separate = await list(1, { view: 'separate', limit: '5' });

    if (separate.view !== 'separate') throw new Error('expected the separate view');
    expect(separate.groups.map((group) => [group.platform, group.items.length, group.items.every((item) => item.company?.startsWith('Acme'))])).toEqual([
      ['hubspot', 5, true],
      ['zoho', 5, true],
      ['salesforce', 5, true],
    ]);
    expect(separate.counts.isEstimate).toBe(true);
  });
});

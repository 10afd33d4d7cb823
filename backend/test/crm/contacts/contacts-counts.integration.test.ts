import type pg from 'pg';
import type { TContactListQuery, TContactListResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthenticatedUser } from '../../../src/auth/token-verifier';
import { createContactsService } from '../../../src/crm/contacts/contacts-service';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../support/test-database';
import { insertContacts } from './contact-fixtures';

/** Counts: kept exact by triggers whatever writes the contacts; searches exact or flagged as estimates. */
let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = database.pool;
});
afterAll(async () => {
  await database?.drop();
});

async function createUser(): Promise<AuthenticatedUser> {
  const user = await createTestUser(pool);
  return { id: user.id, email: user.email, claims: user.claims };
}

const query = (overrides: Partial<TContactListQuery> = {}): TContactListQuery => ({
  view: 'unified',
  sort: 'name',
  limit: 50,
  includeDeleted: false,
  ...overrides,
});
type Unified = Extract<TContactListResponse, { view: 'unified' }>;

/** What the counts must say, counted the slow way. */
async function countTruth(userId: string, where = 'true'): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ platform: string; n: number }>(
    `select platform, count(*)::int as n from public.crm_contacts where user_id = $1 and ${where} group by platform`,
    [userId],
  );
  return Object.fromEntries(rows.map((row) => [row.platform, row.n]));
}

describe('contact counts', () => {
  it('stay exact through inserts, upserts, updates and deletes', async () => {
    const service = createContactsService({ pool });
    const user = await createUser();
    const counted = async (overrides: Partial<TContactListQuery> = {}) => ((await service.listContacts(user, query(overrides), null)) as Unified).counts;
    const expectCounts = async (overrides: Partial<TContactListQuery>, where: string) => {
      const truth = await countTruth(user.id, where);
      const counts = await counted(overrides);
      expect(counts.byPlatform, where).toEqual({ hubspot: truth.hubspot ?? 0, zoho: truth.zoho ?? 0, salesforce: truth.salesforce ?? 0 });
      expect(counts.isEstimate).toBe(false);
    };
    const check = async () => {
      await expectCounts({}, 'deleted_at is null');
      await expectCounts({ includeDeleted: true }, 'true');
      await expectCounts({ callable: true }, 'deleted_at is null and (phone_e164 is not null or mobile_phone_e164 is not null)');
      await expectCounts({ callable: false }, 'deleted_at is null and phone_e164 is null and mobile_phone_e164 is null');
    };

    await insertContacts(pool, user.id, [
      { lastName: 'One', phoneE164: '+14155550001' },
      { lastName: 'Two' },
      { lastName: 'Three', platform: 'zoho', mobilePhoneE164: '+447700900003' },
      { lastName: 'Four', platform: 'zoho', deletedAt: new Date() },
    ]);
    await check();

    // A sync page upsert: one row updated (now deleted and not callable), one inserted.
    await pool.query(
      `insert into public.crm_contacts (user_id, platform, external_id, last_name, phone_e164, deleted_at)
       select $1, 'hubspot', external_id, last_name, null, now() from public.crm_contacts where user_id = $1 and last_name = 'One'
       union all select $1, 'hubspot', 'new-upsert', 'Five', '+14155550005', null
       on conflict (user_id, platform, external_id) do update set phone_e164 = excluded.phone_e164, deleted_at = excluded.deleted_at`,
      [user.id],
    );
    await check();

    await pool.query(`update public.crm_contacts set deleted_at = null, phone_e164 = '+14155550004' where user_id = $1 and last_name = 'Four'`, [user.id]);
    await pool.query(`update public.crm_contacts set company = 'Unchanged flags' where user_id = $1`, [user.id]);
    await check();

    await pool.query(`delete from public.crm_contacts where user_id = $1 and platform = 'zoho'`, [user.id]);
    await check();
    expect((await counted()).byPlatform.zoho).toBe(0);
  });

  it('follow a user deleted with all their contacts', async () => {
    const service = createContactsService({ pool });
    const user = await createUser();
    await insertContacts(pool, user.id, [{ lastName: 'Gone' }, { lastName: 'Too', platform: 'zoho' }]);
    expect(((await service.listContacts(user, query(), null)) as Unified).counts.total).toBe(2);

    await pool.query('delete from auth.users where id = $1', [user.id]);

    const { rows } = await pool.query<{ n: string }>('select coalesce(sum(contact_count), 0)::text as n from public.crm_contact_counts where user_id = $1', [user.id]);
    expect(rows[0]!.n).toBe('0');
  });

  it('are exact for a search up to the match limit and flagged as estimates past it, with the same items', async () => {
    const user = await createUser();
    await insertContacts(pool, user.id, [
      ...Array.from({ length: 12 }, (_, i) => ({ lastName: `Smith${String(i).padStart(2, '0')}`, platform: i % 3 === 0 ? ('zoho' as const) : ('hubspot' as const) })),
      { lastName: 'Jones' },
    ]);
    const roomy = createContactsService({ pool, searchMatchLimit: 100 });
    const tight = createContactsService({ pool, searchMatchLimit: 5 });

    const exact = (await roomy.listContacts(user, query({ q: 'smith', limit: 4 }), null)) as Unified;
    expect(exact.counts).toEqual({ byPlatform: { hubspot: 8, zoho: 4, salesforce: 0 }, total: 12, isEstimate: false });

    const estimated = (await tight.listContacts(user, query({ q: 'smith', limit: 4 }), null)) as Unified;
    expect(estimated.counts.isEstimate).toBe(true);
    // An estimate, but never more than the contacts there are.
    expect(estimated.counts.byPlatform.hubspot).toBeLessThanOrEqual(9);
    expect(estimated.counts.byPlatform.zoho).toBeLessThanOrEqual(4);
    expect(estimated.items.map((item) => item.id)).toEqual(exact.items.map((item) => item.id));
    expect(estimated.nextCursor).not.toBeNull();

    // Two-character terms cannot use the trigram index: counted row by row while that is cheap.
    const short = (await roomy.listContacts(user, query({ q: 'th' }), null)) as Unified;
    expect(short.counts).toEqual({ byPlatform: { hubspot: 8, zoho: 4, salesforce: 0 }, total: 12, isEstimate: false });
    const shortEstimated = (await tight.listContacts(user, query({ q: 'th' }), null)) as Unified;
    expect(shortEstimated.counts.isEstimate).toBe(true);
    expect(shortEstimated.items.map((item) => item.id)).toEqual(short.items.map((item) => item.id));
  });
});

import type { TContactAnalytics, TTableChart, TTimeSeriesChart } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCallingCode } from '../../src/analytics/contact-analytics-service';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { insertAnalyticsContacts, type AnalyticsContactSeed } from './analytics-seed';

/**
 * The contacts section answered from the rollups of migrations 0238, 0241 and 0242. After every kind of change a
 * contact can go through (inserted, each grouped column updated, soft-deleted, restored, deleted,
 * its number suppressed and let go), each figure the API gives is checked against the same figure
 * computed here from Alice's rows as the database holds them (buckets from the chart's own
 * labels, which carry their offsets, so DST days and hours are what they are); the rollup tables
 * equal a recount, and the raw queries (a segment of everyone) give the same answer.
 */
let product: TestProduct;
let alice: TestUser;
let bob: TestUser;

const NY = 'America/New_York';
const ROLLUP_TABLES = ['analytics_contact_hours', 'analytics_contact_stages', 'analytics_contact_prefixes', 'analytics_contact_people', 'analytics_contact_people_platforms'];

// Around New York's changes: Sunday 8 March (a 23-hour day) and Sunday 1 November (01:00 twice).
const CONTACTS: AnalyticsContactSeed[] = [
  { platform: 'hubspot', crmCreatedAt: '2026-03-07T04:30:00Z', syncedAt: '2026-03-09T12:00:00Z', email: 'ada@example.test', phoneE164: '+12025550101', lifecycleStage: 'lead', leadStatus: 'new' },
  { platform: 'hubspot', crmCreatedAt: '2026-03-08T04:59:00Z', syncedAt: '2026-03-09T12:00:00Z', phoneE164: '+442071234567', lifecycleStage: 'customer' },
  { platform: 'hubspot', crmCreatedAt: '2026-03-09T03:59:00Z', syncedAt: '2026-03-09T12:30:00Z', phone: '12', lifecycleStage: 'lead' },
  { platform: 'zoho', crmCreatedAt: '2026-03-09T04:00:00Z', syncedAt: '2026-03-10T01:00:00Z', email: 'ADA@example.test', phoneE164: '+12025550102', leadStatus: 'new', doNotCall: true },
  { platform: 'zoho', crmCreatedAt: '2026-03-08T06:30:00Z', syncedAt: '2026-03-10T01:00:00Z', phoneE164: '+12025550103', callConsent: false, leadStatus: 'contacted' },
  { platform: 'zoho', crmCreatedAt: '2026-11-01T05:30:00Z', syncedAt: '2026-11-01T06:30:00Z', mobilePhoneE164: '+12025550104', leadStatus: 'new' },
  { platform: 'hubspot', crmCreatedAt: '2026-11-01T06:30:00Z', syncedAt: '2026-11-01T06:45:00Z', lifecycleStage: 'customer' },
  { platform: 'hubspot', crmCreatedAt: '2026-11-01T07:10:00Z', syncedAt: '2026-11-01T08:00:00Z', phoneE164: '+12025550105' },
  { platform: 'salesforce', crmCreatedAt: '2026-03-10T15:00:00Z', syncedAt: '2026-03-10T15:00:00Z', phoneE164: '+33612345678', mobilePhoneE164: '+33698765432', lifecycleStage: 'lead' },
];

// Whole hours in a whole-hour zone: the rollups answer the series (rollup-eligibility.ts).
const MARCH = 'from=2026-03-07T05:00:00Z&to=2026-03-12T04:00:00Z';
const NOVEMBER_HOURS = 'from=2026-11-01T04:00:00Z&to=2026-11-01T09:00:00Z&granularity=hour';
const YEAR = 'from=2026-01-01T05:00:00Z&to=2026-12-31T05:00:00Z&granularity=week';
const QUERIES = [MARCH, NOVEMBER_HOURS, YEAR, `${MARCH}&platform=zoho`];

type ContactRow = {
  id: string;
  platform: string;
  crm_created_at: Date | null;
  created_at: Date;
  deleted_at: Date | null;
  email_key: string | null;
  phone: string | null;
  phone_e164: string | null;
  mobile_phone: string | null;
  mobile_phone_e164: string | null;
  lifecycle_stage: string | null;
  lead_status: string | null;
  do_not_call: boolean | null;
  call_consent: boolean | null;
};

let everyone: string;

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_USER: '0' });
  [alice, bob] = [await signUpTestUser(product), await signUpTestUser(product)];
  await product.pool.query(`insert into public.user_settings (user_id, time_zone) values ($1, $2)`, [alice.id, NY]);
  await insertAnalyticsContacts(product.pool, alice.id, CONTACTS);
  // Bob holds the same kind of contacts: none of them may show in Alice's figures, nor hers in his.
  await insertAnalyticsContacts(product.pool, bob.id, CONTACTS.slice(0, 4));
  await product.pool.query(`insert into public.suppressions (user_id, phone_e164, source) values ($1, '+12025550105', 'api'), ($1, '+12025550104', 'api')`, [alice.id]);
  const { rows } = await product.pool.query<{ id: string }>(`insert into public.segments (user_id, name, filter) values ($1, 'Everyone', '{}') returning id`, [alice.id]);
  everyone = rows[0]!.id;
});
afterAll(async () => {
  await product?.close();
});

async function get<T>(user: TestUser, path: string): Promise<T> {
  const res = await fetch(`${product.url}/api/v1${path}`, { headers: user.authorization });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const sql = async (text: string, values: unknown[] = []) => (await product.pool.query(text, values)).rowCount;

/** Alice's rows as the database holds them now, and her suppressed numbers. */
async function readRows(): Promise<{ contacts: ContactRow[]; suppressed: Set<string> }> {
  const { rows: contacts } = await product.pool.query<ContactRow>(
    `select id, platform, crm_created_at, created_at, deleted_at, email_key, phone, phone_e164, mobile_phone, mobile_phone_e164,
            lifecycle_stage, lead_status, do_not_call, call_consent
     from public.crm_contacts where user_id = $1`,
    [alice.id],
  );
  const { rows: numbers } = await product.pool.query<{ phone_e164: string }>(`select phone_e164 from public.suppressions where user_id = $1`, [alice.id]);
  return { contacts, suppressed: new Set(numbers.map((row) => row.phone_e164)) };
}

const numberOf = (c: ContactRow) => c.phone_e164 ?? c.mobile_phone_e164;
const hasText = (value: string | null) => (value ?? '').trim() !== '';

/**
 * Every figure of the answer, computed from the rows: bucket i of a series holds the live contacts
 * of the platform whose date falls in [label i, label i+1) within [from, to) (labels are instants
 * with the zone's offset of the time, so a 23-hour day or a repeated hour is what the label says).
 */
function expectedFigures(answer: TContactAnalytics, rows: { contacts: ContactRow[]; suppressed: Set<string> }) {
  const from = Date.parse(answer.meta.from);
  const to = Date.parse(answer.meta.to);
  const live = rows.contacts.filter((c) => c.deleted_at === null && (answer.meta.platform === null || c.platform === answer.meta.platform));
  const series = (chart: TTimeSeriesChart, column: 'crm_created_at' | 'created_at') =>
    chart.series.map((line) => ({
      key: line.key,
      values: chart.buckets.map((label, i) => {
        const start = Math.max(from, Date.parse(label));
        const end = Math.min(to, i + 1 < chart.buckets.length ? Date.parse(chart.buckets[i + 1]!) : to);
        return live.filter((c) => c.platform === line.key && c[column] !== null && c[column]!.getTime() >= start && c[column]!.getTime() < end).length;
      }),
    }));
  const isSuppressed = (c: ContactRow) => numberOf(c) !== null && rows.suppressed.has(numberOf(c)!);
  const isCallable = (c: ContactRow) => numberOf(c) !== null && c.do_not_call !== true && c.call_consent !== false && !isSuppressed(c);
  const countries = new Map<string, { country: string | null; callingCode: string | null; contacts: number; callable: number }>();
  for (const c of live) {
    const code = numberOf(c) ? readCallingCode(numberOf(c)!.slice(0, 4)) : null;
    const entry = countries.get(code?.code ?? 'none') ?? { country: code?.country ?? null, callingCode: code?.code ?? null, contacts: 0, callable: 0 };
    entry.contacts += 1;
    entry.callable += isCallable(c) ? 1 : 0;
    countries.set(code?.code ?? 'none', entry);
  }
  const byValue = (column: 'lifecycle_stage' | 'lead_status') => {
    const counts = new Map<string, { platform: string; value: string | null; contacts: number }>();
    for (const c of live) {
      const key = `${c.platform}/${c[column]}`;
      counts.set(key, { platform: c.platform, value: c[column], contacts: (counts.get(key)?.contacts ?? 0) + 1 });
    }
    return sortRows([...counts.values()]);
  };
  const people = new Map<string, ContactRow[]>();
  for (const c of live) {
    const person = c.email_key ?? numberOf(c);
    if (person) people.set(person, [...(people.get(person) ?? []), c]);
  }
  const duplicates = new Map<string, { platforms: string; people: number; contacts: number }>();
  for (const group of people.values()) {
    const platforms = [...new Set(group.map((c) => c.platform))].sort();
    if (platforms.length < 2) continue;
    const entry = duplicates.get(platforms.join('+')) ?? { platforms: platforms.join('+'), people: 0, contacts: 0 };
    entry.people += 1;
    entry.contacts += group.length;
    duplicates.set(entry.platforms, entry);
  }
  const callable = live.filter(isCallable).length;
  return {
    totals: { contacts: live.length, callable, notCallable: live.length - callable },
    createdInCrm: series(answer.createdInCrm, 'crm_created_at'),
    syncedHere: series(answer.syncedHere, 'created_at'),
    countries: sortRows([...countries.values()].map((row) => ({ ...row, share: row.contacts > 0 ? Math.round((row.callable / row.contacts) * 1e6) / 1e6 : null }))),
    reasons: {
      no_number: live.filter((c) => numberOf(c) === null && !hasText(c.phone) && !hasText(c.mobile_phone)).length,
      invalid_number: live.filter((c) => numberOf(c) === null && (hasText(c.phone) || hasText(c.mobile_phone))).length,
      do_not_call: live.filter((c) => c.do_not_call === true).length,
      suppressed: live.filter(isSuppressed).length,
      no_consent: live.filter((c) => c.call_consent === false).length,
    },
    duplicates: sortRows([...duplicates.values()]),
    stages: byValue('lifecycle_stage'),
    statuses: byValue('lead_status'),
  };
}

/** Rows in one order whatever the order they came in (the API's order is checked against the raw queries'). */
function sortRows<T extends object>(rows: T[]): T[] {
  return [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function actualFigures(answer: TContactAnalytics) {
  const lines = (chart: TTimeSeriesChart) => chart.series.map((line) => ({ key: line.key, values: line.values }));
  const rowsOf = (chart: TTableChart) => chart.rows as Record<string, unknown>[];
  return {
    totals: answer.totals,
    createdInCrm: lines(answer.createdInCrm),
    syncedHere: lines(answer.syncedHere),
    countries: sortRows(rowsOf(answer.callableByCountry)),
    reasons: Object.fromEntries(rowsOf(answer.notCallableReasons).map((row) => [row.reason, row.contacts])),
    duplicates: sortRows(rowsOf(answer.duplicates)),
    stages: sortRows(rowsOf(answer.byLifecycleStage)),
    statuses: sortRows(rowsOf(answer.byLeadStatus)),
  };
}

const withoutMeta = (answer: TContactAnalytics) => ({ ...answer, meta: null });

/** The rollup tables hold exactly a recount of Alice's live contacts (zero rows aside). */
async function expectRollupsToEqualRecount(userId: string): Promise<void> {
  const number = 'coalesce(phone_e164, mobile_phone_e164)';
  const pairs: Array<[string, string]> = [
    [
      `select date_column, hour, platform, contacts from public.analytics_contact_hours where user_id = $1 and contacts <> 0 order by 1, 2, 3`,
      `select d.date_column, date_bin('1 hour', d.at, timestamptz '2000-01-01Z') as hour, c.platform, count(*)::int as contacts
       from public.crm_contacts c cross join lateral (values ('crm_created_at', c.crm_created_at), ('created_at', c.created_at)) d(date_column, at)
       where c.user_id = $1 and c.deleted_at is null and d.at is not null group by 1, 2, 3 order by 1, 2, 3`,
    ],
    [
      `select platform, lifecycle_stage, lead_status, contacts from public.analytics_contact_stages where user_id = $1 and contacts <> 0 order by 1, 2, 3`,
      `select platform, lifecycle_stage, lead_status, count(*)::int as contacts from public.crm_contacts where user_id = $1 and deleted_at is null group by 1, 2, 3 order by 1, 2, 3`,
    ],
    [
      `select platform, prefix, contacts, reachable, no_number, invalid_number, do_not_call, no_consent
       from public.analytics_contact_prefixes where user_id = $1 and contacts <> 0 order by 1, 2`,
      `select platform, left(${number}, 4) as prefix, count(*)::int as contacts,
              (count(*) filter (where ${number} is not null and do_not_call is not true and call_consent is not false))::int as reachable,
              (count(*) filter (where ${number} is null and coalesce(btrim(phone), '') = '' and coalesce(btrim(mobile_phone), '') = ''))::int as no_number,
              (count(*) filter (where ${number} is null and (coalesce(btrim(phone), '') <> '' or coalesce(btrim(mobile_phone), '') <> '')))::int as invalid_number,
              (count(*) filter (where do_not_call is true))::int as do_not_call, (count(*) filter (where call_consent is false))::int as no_consent
       from public.crm_contacts where user_id = $1 and deleted_at is null group by 1, 2 order by 1, 2`,
    ],
    [
      `select person, hubspot, zoho, salesforce from public.analytics_contact_people
       where user_id = $1 and (hubspot <> 0 or zoho <> 0 or salesforce <> 0) order by 1`,
      `select md5(coalesce(email_key, ${number}))::uuid as person, (count(*) filter (where platform = 'hubspot'))::int as hubspot,
              (count(*) filter (where platform = 'zoho'))::int as zoho, (count(*) filter (where platform = 'salesforce'))::int as salesforce
       from public.crm_contacts where user_id = $1 and deleted_at is null and coalesce(email_key, ${number}) is not null group by 1 order by 1`,
    ],
    [
      `select platforms, people, contacts from public.analytics_contact_people_platforms where user_id = $1 and (people <> 0 or contacts <> 0) order by 1`,
      `select platforms, count(*)::int as people, sum(contacts)::int as contacts
       from (select string_agg(distinct platform, '+' order by platform) as platforms, count(*) as contacts
             from public.crm_contacts where user_id = $1 and deleted_at is null and coalesce(email_key, ${number}) is not null
             group by coalesce(email_key, ${number})) p
       where platforms like '%+%' group by 1 order by 1`,
    ],
  ];
  for (const [rolled, recount] of pairs) {
    const [a, b] = await Promise.all([product.pool.query(rolled, [userId]), product.pool.query(recount, [userId])]);
    expect(a.rows).toEqual(b.rows);
  }
}

/** Every query's answer equals the figures of the rows, and the raw queries' answer (a segment of everyone). */
async function expectFiguresToMatchRows(): Promise<void> {
  const rows = await readRows();
  for (const query of QUERIES) {
    const answer = await get<TContactAnalytics>(alice, `/analytics/contacts?${query}`);
    expect(actualFigures(answer), query).toEqual(expectedFigures(answer, rows));
    const raw = await get<TContactAnalytics>(alice, `/analytics/contacts?${query}&segment=${everyone}`);
    expect(withoutMeta(answer), `${query}, raw`).toEqual(withoutMeta(raw));
  }
  await expectRollupsToEqualRecount(alice.id);
  await expectRollupsToEqualRecount(bob.id);
}

describe('the contact analytics rollups', () => {
  it('answer the section: a change to a rollup row shows in the figures', async () => {
    const before = await get<TContactAnalytics>(alice, `/analytics/contacts?${MARCH}`);
    const bump = (delta: number) =>
      Promise.all([
        sql(`update public.analytics_contact_hours set contacts = contacts + $2 where user_id = $1 and date_column = 'crm_created_at' and hour = '2026-03-08T04:00:00Z'`, [alice.id, delta]),
        sql(`update public.analytics_contact_stages set contacts = contacts + $2 where user_id = $1 and platform = 'hubspot' and lifecycle_stage = 'customer'`, [alice.id, delta]),
        sql(`update public.analytics_contact_prefixes set reachable = reachable + $2 where user_id = $1 and prefix = '+442'`, [alice.id, delta]),
        sql(`update public.analytics_contact_people_platforms set people = people + $2, contacts = contacts + 2 * $2 where user_id = $1 and platforms = 'hubspot+zoho'`, [alice.id, delta]),
      ]);
    await bump(5);
    try {
      const after = await get<TContactAnalytics>(alice, `/analytics/contacts?${MARCH}`);
      // 04:59Z on the 8th is 23:59 on the 7th in New York: the first day.
      const hubspot = (answer: TContactAnalytics) => answer.createdInCrm.series.find((line) => line.key === 'hubspot')!.values;
      expect(hubspot(after)).toEqual(hubspot(before).map((value, i) => (i === 0 ? value! + 5 : value)));
      const customers = (answer: TContactAnalytics) => answer.byLifecycleStage.rows.find((row) => row.platform === 'hubspot' && row.value === 'customer')!.contacts as number;
      expect(customers(after)).toBe(customers(before) + 5);
      expect(after.totals.callable).toBe(before.totals.callable + 5);
      expect(before.duplicates.rows).toEqual([{ platforms: 'hubspot+zoho', people: 1, contacts: 2 }]);
      expect(after.duplicates.rows).toEqual([{ platforms: 'hubspot+zoho', people: 6, contacts: 12 }]);
    } finally {
      await bump(-5);
    }
  });

  it('equal the rows as inserted, across the March and November changes', async () => {
    const november = await get<TContactAnalytics>(alice, `/analytics/contacts?${NOVEMBER_HOURS}`);
    expect(november.createdInCrm.buckets).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T02:00:00-05:00',
      '2026-11-01T03:00:00-05:00',
    ]);
    // 05:30Z is 01:30 EDT, 06:30Z 01:30 EST, 07:10Z 02:10 EST.
    expect(november.createdInCrm.series.find((line) => line.key === 'zoho')!.values).toEqual([0, 1, 0, 0, 0]);
    expect(november.createdInCrm.series.find((line) => line.key === 'hubspot')!.values).toEqual([0, 0, 1, 1, 0]);
    const march = await get<TContactAnalytics>(alice, `/analytics/contacts?${MARCH}`);
    expect(march.createdInCrm.buckets.slice(1, 3)).toEqual(['2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00']);
    expect(march.notCallableReasons.rows.find((row) => row.reason === 'suppressed')!.contacts).toBe(2);
    await expectFiguresToMatchRows();
  });

  it.each([
    ['the CRM\'s creation date, into the other DST hour', `crm_created_at = '2026-11-01T06:15:00Z' where phone_e164 = '+12025550105'`],
    ['the first sync\'s date', `created_at = '2026-03-11T02:00:00Z' where phone_e164 = '+12025550101'`],
    ['a missing creation date', `crm_created_at = null where phone = '12'`],
    ['the platform', `platform = 'salesforce', object_type = 'lead' where phone_e164 = '+12025550103'`],
    ['the lifecycle stage', `lifecycle_stage = 'opportunity' where phone_e164 = '+442071234567'`],
    ['the lead status', `lead_status = 'qualified' where lead_status = 'new' and platform = 'zoho'`],
    ['the phone, to another country', `phone = '+4915123456789', phone_e164 = '+4915123456789' where phone_e164 = '+12025550101'`],
    ['the phone, gone: the mobile is dialled', `phone = null, phone_e164 = null where phone_e164 = '+33612345678'`],
    ['the phone, unparseable', `phone_e164 = null where phone_e164 = '+442071234567'`],
    ['do-not-call', `do_not_call = true where mobile_phone_e164 = '+12025550104'`],
    ['do-not-call lifted', `do_not_call = false where do_not_call is true and platform = 'zoho'`],
    ['consent refused', `call_consent = false where phone_e164 = '+4915123456789'`],
    ['nothing counted (a name)', `first_name = 'Grace' where true`],
  ])('follow an update of %s', async (_what, change) => {
    const [set, where] = change.split(' where ');
    expect(await sql(`update public.crm_contacts set ${set} where user_id = $1 and ${where}`, [alice.id])).toBeGreaterThan(0);
    await expectFiguresToMatchRows();
  });

  it('follow a soft deletion, a restore, a deletion and a sync page that inserts and changes at once', async () => {
    expect(await sql(`update public.crm_contacts set deleted_at = now() where user_id = $1 and lifecycle_stage = 'lead'`, [alice.id])).toBe(3);
    await expectFiguresToMatchRows();
    // Deleted again (another time): nothing moves.
    await sql(`update public.crm_contacts set deleted_at = deleted_at + interval '1 day' where user_id = $1 and deleted_at is not null`, [alice.id]);
    await expectFiguresToMatchRows();
    expect(await sql(`update public.crm_contacts set deleted_at = null, lifecycle_stage = 'customer' where user_id = $1 and deleted_at is not null and phone = '12'`, [alice.id])).toBe(1);
    await expectFiguresToMatchRows();
    expect(await sql(`delete from public.crm_contacts where user_id = $1 and (platform = 'salesforce' or deleted_at is not null)`, [alice.id])).toBeGreaterThan(1);
    await expectFiguresToMatchRows();
    await insertAnalyticsContacts(product.pool, alice.id, [
      { platform: 'zoho', crmCreatedAt: '2026-03-08T07:30:00Z', syncedAt: '2026-03-11T12:00:00Z', email: 'ada@example.test', mobilePhone: 'call me', lifecycleStage: 'lead' },
      { platform: 'salesforce', crmCreatedAt: '2026-03-08T07:40:00Z', syncedAt: '2026-03-11T12:00:00Z', phoneE164: '+12025550105', doNotCall: true },
      // Dialled on its mobile: the same person as the two above, by number.
      { platform: 'zoho', crmCreatedAt: '2026-03-08T07:50:00Z', syncedAt: '2026-03-11T12:00:00Z', mobilePhoneE164: '+12025550105' },
      // Its number's person, alone: the Zoho contact dialled on it has an e-mail, so is another person.
      { platform: 'hubspot', crmCreatedAt: '2026-03-08T08:00:00Z', syncedAt: '2026-03-11T12:00:00Z', phoneE164: '+12025550102' },
    ]);
    const { duplicates } = await get<TContactAnalytics>(alice, `/analytics/contacts?${MARCH}`);
    expect(duplicates.rows).toContainEqual({ platforms: 'hubspot+salesforce+zoho', people: 1, contacts: 3 });
    await expectFiguresToMatchRows();
  });

  it('follow the suppression list, which the rollups leave to the request', async () => {
    await sql(`insert into public.suppressions (user_id, phone_e164, source) values ($1, '+4915123456789', 'api'), ($1, '+12025550102', 'csv')`, [alice.id]);
    await expectFiguresToMatchRows();
    expect(await sql(`delete from public.suppressions where user_id = $1 and phone_e164 = '+12025550105'`, [alice.id])).toBe(1);
    await expectFiguresToMatchRows();
  });

  it('follow two writers changing one person at once: each moves it from the CRMs the other left it in', async () => {
    const insert = (platform: string) =>
      sql(`insert into public.crm_contacts (user_id, platform, external_id, email, created_at) values ($1, $2, 'grace-' || $2, 'grace@example.test', '2026-03-10T12:00:00Z')`, [alice.id, platform]);
    await insert('hubspot');
    await insert('zoho');
    const [first, second] = [await product.pool.connect(), await product.pool.connect()];
    try {
      await first.query('begin');
      await first.query(`insert into public.crm_contacts (user_id, platform, external_id, email) values ($1, 'salesforce', 'grace-salesforce', 'grace@example.test')`, [alice.id]);
      // Blocks in the trigger's upsert of Grace until the first commits, then changes the row the
      // first left (hubspot+salesforce+zoho), not the one its snapshot shows (hubspot+zoho).
      const waiting = second.query(`update public.crm_contacts set deleted_at = now() where user_id = $1 and external_id = 'grace-zoho'`, [alice.id]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.query('commit');
      await waiting;
    } finally {
      first.release();
      second.release();
    }
    const { rows } = await product.pool.query(`select platforms, people from public.analytics_contact_people_platforms where user_id = $1 and people <> 0 order by 1`, [alice.id]);
    expect(rows).toContainEqual({ platforms: 'hubspot+salesforce', people: 1 });
    await expectFiguresToMatchRows();
  });

  it('show another user nothing, and go with their user', async () => {
    const bobs = await get<TContactAnalytics>(bob, `/analytics/contacts?${MARCH}`);
    expect(bobs.totals.contacts).toBe(4);
    // As Bob in the database (the Data API's role): none of Alice's rollup rows.
    const client = await product.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: bob.id, role: 'authenticated' })]);
      for (const table of ROLLUP_TABLES) {
        const { rows } = await client.query<{ users: string[] }>(`select coalesce(array_agg(distinct user_id::text), '{}') as users from public.${table}`);
        expect(rows[0]!.users, table).toEqual([bob.id]);
      }
    } finally {
      await client.query('rollback');
      client.release();
    }
    await sql(`delete from auth.users where id = $1`, [bob.id]);
    for (const table of ROLLUP_TABLES) {
      expect((await product.pool.query(`select 1 from public.${table} where user_id = $1`, [bob.id])).rowCount, table).toBe(0);
    }
    await expectRollupsToEqualRecount(alice.id);
  });

  it('are rebuilt from the contacts by private.rebuild_contact_rollups (the migration\'s backfill)', async () => {
    await sql(`update public.analytics_contact_stages set contacts = contacts + 7 where user_id = $1`, [alice.id]);
    await sql(`select private.rebuild_contact_rollups($1)`, [alice.id]);
    await expectFiguresToMatchRows();
  });
});

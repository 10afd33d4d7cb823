import type { TCampaignAnalytics, TTimeSeriesChart, TWriteBackAnalytics } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { insertAnalyticsContacts, insertCampaignWithCalls, type AnalyticsContactSeed, type CallSeed } from './analytics-seed';

/**
 * The campaigns and write-back sections answered from the hourly rollups (migration 0237): they
 * follow results reported, updated and deleted after a first request, keep DST days and hours
 * apart in the user's zone, and equal the raw queries where those answer instead (a zone off the
 * whole hour, a range off the hour, a segment, a custom field). Every expected figure is computed
 * here from the calls as seeded, with Intl for local times.
 */
let product: TestProduct;
let alice: TestUser;
let spring: string;
let autumn: string;

const NY = 'America/New_York';

type Call = { platform: 'hubspot' | 'zoho'; status: CallSeed['status']; startedAt: string; durationSec: number; campaign: 'spring' | 'autumn' };

const CONTACTS: AnalyticsContactSeed[] = [
  { platform: 'hubspot', crmCreatedAt: '2026-01-05T10:00:00Z', syncedAt: '2026-01-06T10:00:00Z', phoneE164: '+12025550101', lifecycleStage: 'lead', numberTimeZone: NY },
  { platform: 'hubspot', crmCreatedAt: '2026-01-05T10:00:00Z', syncedAt: '2026-01-06T10:00:00Z', phoneE164: '+442071234567', lifecycleStage: 'customer', numberTimeZone: 'Europe/London' },
  { platform: 'zoho', crmCreatedAt: '2026-01-05T10:00:00Z', syncedAt: '2026-01-06T10:00:00Z', phoneE164: '+12025550103', customFields: { tier: 'gold' } },
  { platform: 'zoho', crmCreatedAt: '2026-01-05T10:00:00Z', syncedAt: '2026-01-06T10:00:00Z', phoneE164: '+919812345678', lifecycleStage: 'lead', numberTimeZone: 'Asia/Kolkata' },
];

// Around New York's changes: Sunday 8 March (a 23-hour day) and Sunday 1 November (01:00 twice).
const SPRING_CALLS: CallSeed[] = [
  { contactIndex: 0, status: 'completed', startedAt: '2026-03-08T15:00:00Z', durationSec: 60, writeBack: { status: 'succeeded', at: '2026-03-08T15:01:10Z' } },
  { contactIndex: 1, status: 'no_answer', startedAt: '2026-03-09T03:30:00Z', durationSec: 0, writeBack: { status: 'failed', code: 'provider_rejected', error: 'HubSpot refused it' } },
  { contactIndex: 2, status: 'completed', startedAt: '2026-03-09T14:00:00Z', durationSec: 120, writeBack: { status: 'pending' } },
  { contactIndex: 3, status: 'voicemail', startedAt: '2026-03-10T09:45:00Z', durationSec: 15, writeBack: { status: 'succeeded', at: '2026-03-10T09:45:45Z' } },
];
const AUTUMN_CALLS: CallSeed[] = [
  { contactIndex: 0, status: 'completed', startedAt: '2026-11-01T05:30:00Z', durationSec: 30, writeBack: { status: 'succeeded', at: '2026-11-01T05:30:50Z' } },
  { contactIndex: 2, status: 'busy', startedAt: '2026-11-01T06:30:00Z', durationSec: 0, writeBack: { status: 'pending' } },
  { contactIndex: 1, status: 'completed', startedAt: '2026-11-01T07:10:00Z', durationSec: 90, writeBack: { status: 'pending' } },
];

/** Every call the database holds for Alice, as this test knows them. */
const calls: Call[] = [];
const asCall = (seed: CallSeed, campaign: Call['campaign']): Call => ({
  platform: CONTACTS[seed.contactIndex]!.platform as Call['platform'],
  status: seed.status,
  startedAt: seed.startedAt,
  durationSec: seed.durationSec,
  campaign,
});

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_USER: '0' });
  alice = await signUpTestUser(product);
  await product.pool.query(`insert into public.user_settings (user_id, time_zone) values ($1, $2)`, [alice.id, NY]);
  const ids = await insertAnalyticsContacts(product.pool, alice.id, CONTACTS);
  await product.pool.query(
    `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type)
     values ($1, 'zoho', 'contact', 'tier', 'custom', 'tier', 'Tier', 'string')`,
    [alice.id],
  );
  spring = await insertCampaignWithCalls(product.pool, alice.id, 'Spring', ids, SPRING_CALLS);
  autumn = await insertCampaignWithCalls(product.pool, alice.id, 'Autumn', ids, AUTUMN_CALLS);
  calls.push(...SPRING_CALLS.map((seed) => asCall(seed, 'spring')), ...AUTUMN_CALLS.map((seed) => asCall(seed, 'autumn')));
});
afterAll(async () => {
  await product?.close();
});

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${product.url}/api/v1${path}`, { headers: alice.authorization });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const localDate = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
const seriesOf = (chart: TTimeSeriesChart, key: string) => chart.series.find((line) => line.key === key)!.values;
const withoutMeta = <T extends { meta: unknown }>(answer: T) => ({ ...answer, meta: null });

/** Outcome counts per bucket of the chart, a bucket being the local date its label starts. */
function expectedOutcomes(chart: TTimeSeriesChart, key: string, timeZone: string, range: [string, string]): number[] {
  const [platform, status] = key.split(':');
  const mine = calls.filter((call) => call.platform === platform && call.status === status && call.startedAt >= range[0] && call.startedAt < range[1]);
  return chart.buckets.map((bucket) => mine.filter((call) => localDate(call.startedAt, timeZone) === bucket.slice(0, 10)).length);
}

const MARCH: [string, string] = ['2026-03-07T05:00:00Z', '2026-03-12T04:00:00Z'];
const MARCH_QUERY = `from=${MARCH[0]}&to=${MARCH[1]}`;
const OUTCOME_KEYS = ['hubspot:completed', 'hubspot:no_answer', 'zoho:completed', 'zoho:voicemail', 'zoho:busy'];

/** The rollups must hold exactly a recount of Alice's results (zero rows aside). */
async function expectRollupsToEqualRecount(): Promise<void> {
  const pairs: Array<[string, string]> = [
    [
      `select hour, platform, status, calls, duration_sum::int as duration from public.analytics_call_hours where user_id = $1 and calls <> 0 order by 1, 2, 3`,
      `select date_bin('1 hour', started_at, timestamptz '2000-01-01Z') as hour, platform, status, count(*)::int as calls, sum(duration_sec)::int as duration
       from public.campaign_call_results where user_id = $1 group by 1, 2, 3 order by 1, 2, 3`,
    ],
    [
      `select hour, campaign_id, platform, calls, answered, answered_duration_sum::int as answered_duration, written_back
       from public.analytics_campaign_hours where user_id = $1 and calls <> 0 order by 1, 2, 3`,
      `select date_bin('1 hour', started_at, timestamptz '2000-01-01Z') as hour, campaign_id, platform, count(*)::int as calls,
              (count(*) filter (where status = 'completed'))::int as answered, coalesce(sum(duration_sec) filter (where status = 'completed'), 0)::int as answered_duration,
              (count(*) filter (where writeback_status = 'succeeded'))::int as written_back
       from public.campaign_call_results where user_id = $1 group by 1, 2, 3 order by 1, 2, 3`,
    ],
    [
      `select hour, platform, writeback_status, error_code, sum(results)::int as results from public.analytics_write_back_hours
       where user_id = $1 group by 1, 2, 3, 4 having sum(results) <> 0 order by 1, 2, 3, 4`,
      `select date_bin('1 hour', started_at, timestamptz '2000-01-01Z') as hour, platform, writeback_status, writeback_error_code as error_code, count(*)::int as results
       from public.campaign_call_results where user_id = $1 group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
    ],
    [
      // The latency histogram: floor(4 * log2(seconds)), ≤ 1 ms in -41 (migration 0245).
      `select hour, platform, latency_bucket, sum(results)::int as results from public.analytics_write_back_hours
       where user_id = $1 and writeback_status = 'succeeded' group by 1, 2, 3 having sum(results) <> 0 order by 1, 2, 3`,
      `select date_bin('1 hour', started_at, timestamptz '2000-01-01Z') as hour, platform,
              (case when l.seconds <= 0.001 then -41 else floor(4 * log(2, l.seconds::numeric)) end)::smallint as latency_bucket, count(*)::int as results
       from public.campaign_call_results
       cross join lateral (select extract(epoch from written_back_at - least(started_at + make_interval(secs => duration_sec), created_at))::float8 as seconds) l
       where user_id = $1 and writeback_status = 'succeeded' and written_back_at is not null group by 1, 2, 3 order by 1, 2, 3`,
    ],
  ];
  // The heat map's and the stages' tables by UTC day (0246).
  const byDay = `date_bin('1 day', started_at, timestamptz '2000-01-01Z')`;
  const dayPairs: Array<[string, string]> = [
    [
      `select day, platform, lifecycle_stage, calls, answered from public.analytics_call_stage_days where user_id = $1 and calls <> 0 order by 1, 2, 3`,
      `select ${byDay} as day, platform, contact_lifecycle_stage as lifecycle_stage, count(*)::int as calls, (count(*) filter (where status = 'completed'))::int as answered
       from public.campaign_call_results where user_id = $1 group by 1, 2, 3 order by 1, 2, 3`,
    ],
    [
      `select day, platform, local_weekday, local_hour, utc_hour, calls, answered from public.analytics_call_cell_days where user_id = $1 and calls <> 0 order by 1, 2, 3, 4, 5`,
      `select ${byDay} as day, platform, contact_local_weekday as local_weekday, contact_local_hour as local_hour,
              (case when contact_local_weekday is null or contact_local_hour is null then extract(hour from started_at at time zone 'UTC') end)::smallint as utc_hour,
              count(*)::int as calls, (count(*) filter (where status = 'completed'))::int as answered
       from public.campaign_call_results where user_id = $1 group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    ],
  ];
  // The day and quarter rollups (0244): the same recounts by UTC day and by quarter of one.
  const byUnit = (sql: string, unit: 'day' | 'quarter', width: string) =>
    sql.replace(/analytics_(\w+)_hours/, `analytics_$1_${unit}s`).replace(/select hour,/, `select ${unit},`).replace("date_bin('1 hour'", `date_bin('${width}'`).replace(') as hour,', `) as ${unit},`);
  pairs.push(
    ...pairs.flatMap(([rolled, recount]): Array<[string, string]> => [
      [byUnit(rolled, 'day', '1 day'), byUnit(recount, 'day', '1 day')],
      [byUnit(rolled, 'quarter', '6 hours'), byUnit(recount, 'quarter', '6 hours')],
    ]),
  );
  for (const [rolled, recount] of [...pairs, ...dayPairs]) {
    const [a, b] = await Promise.all([product.pool.query(rolled, [alice.id]), product.pool.query(recount, [alice.id])]);
    expect(a.rows).toEqual(b.rows);
  }
}

describe('the analytics rollups', () => {
  it('answer whole-hour ranges in a whole-hour zone: a change to a rollup row shows in the figures', async () => {
    const before = await get<TCampaignAnalytics>(`/analytics/campaigns?${MARCH_QUERY}`);
    // New York's 8 March, [05:00Z, 04:00Z on the 9th), is UTC's 8th (a day row), less its first
    // quarter plus its 05:00 hour, plus the 9th's first quarter (a quarter row) less its 04:00 and 05:00 hours.
    const bumps = [
      `update public.analytics_call_days set calls = calls + $2 where user_id = $1 and day = '2026-03-08T00:00:00Z' and status = 'completed'`,
      `update public.analytics_call_quarters set calls = calls + $2 where user_id = $1 and quarter = '2026-03-09T00:00:00Z' and status = 'no_answer'`,
    ];
    const bump = (delta: number) => Promise.all(bumps.map(async (sql) => expect((await product.pool.query(sql, [alice.id, delta])).rowCount, sql).toBe(1)));
    await bump(5);
    try {
      const after = await get<TCampaignAnalytics>(`/analytics/campaigns?${MARCH_QUERY}`);
      expect(seriesOf(after.outcomes, 'hubspot:completed')[1]).toBe(seriesOf(before.outcomes, 'hubspot:completed')[1]! + 5);
      expect(seriesOf(after.outcomes, 'hubspot:no_answer')[1]).toBe(seriesOf(before.outcomes, 'hubspot:no_answer')[1]! + 5);
    } finally {
      await bump(-5);
    }
    await expectRollupsToEqualRecount();
  });

  it('keep the 23-hour day of March and the two 01:00 hours of November apart in the user\'s zone', async () => {
    const march = await get<TCampaignAnalytics>(`/analytics/campaigns?${MARCH_QUERY}`);
    expect(march.outcomes.buckets.slice(0, 3)).toEqual(['2026-03-07T00:00:00-05:00', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00']);
    for (const key of OUTCOME_KEYS) expect(seriesOf(march.outcomes, key), key).toEqual(expectedOutcomes(march.outcomes, key, NY, MARCH));
    // 03:30Z on the 9th is still the 8th in New York (23:30 EDT).
    expect(seriesOf(march.outcomes, 'hubspot:no_answer')).toEqual([0, 1, 0, 0, 0]);

    const november = await get<TCampaignAnalytics>('/analytics/campaigns?from=2026-11-01T04:00:00Z&to=2026-11-01T09:00:00Z&granularity=hour');
    expect(november.outcomes.buckets).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T02:00:00-05:00',
      '2026-11-01T03:00:00-05:00',
    ]);
    // 05:30Z is 01:30 EDT, 06:30Z 01:30 EST, 07:10Z 02:10 EST.
    expect(seriesOf(november.outcomes, 'hubspot:completed')).toEqual([0, 1, 0, 1, 0]);
    expect(seriesOf(november.outcomes, 'zoho:busy')).toEqual([0, 0, 1, 0, 0]);
    expect(seriesOf(november.answeredDuration, 'hubspot')).toEqual([null, 30, null, 90, null]);
  });

  it('follow results reported after the first request, through POST /campaigns/:id/results', async () => {
    const first = await get<TCampaignAnalytics>(`/analytics/campaigns?${MARCH_QUERY}`);
    const { rows: members } = await product.pool.query<{ id: string; platform: Call['platform'] }>(
      `select id, platform from public.campaign_contacts where campaign_id = $1 order by platform, external_id`,
      [spring],
    );
    const reported = [
      { campaignContactId: members[0]!.id, callId: 'late-1', status: 'completed' as const, startedAt: '2026-03-11T16:20:00Z', durationSec: 45 },
      { campaignContactId: members[0]!.id, callId: 'late-2', status: 'no_answer' as const, startedAt: '2026-03-11T17:20:00Z', durationSec: 0 },
    ];
    const res = await fetch(`${product.url}/api/v1/campaigns/${spring}/results`, {
      method: 'POST',
      headers: { ...alice.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ results: reported }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    calls.push(...reported.map((call) => ({ platform: members[0]!.platform, status: call.status, startedAt: call.startedAt, durationSec: call.durationSec, campaign: 'spring' as const })));

    // The contact facts the results insert notes itself (0239), as the contact and its zone say.
    const { rows: noted } = await product.pool.query<{ stage: string | null; weekday: number | null; hour: number | null; started: Date; contactStage: string | null; zone: string | null }>(
      `select r.contact_lifecycle_stage as stage, r.contact_local_weekday as weekday, r.contact_local_hour as hour, r.started_at as started,
              c.lifecycle_stage as "contactStage", c.number_time_zone as zone
       from public.campaign_call_results r
       join public.campaign_contacts cc on cc.id = r.campaign_contact_id
       join public.crm_contacts c on c.id = cc.crm_contact_id
       where r.call_id in ('late-1', 'late-2') order by r.call_id`,
    );
    expect(noted).toHaveLength(2);
    for (const row of noted) {
      const local = row.zone ? new Intl.DateTimeFormat('en-GB', { timeZone: row.zone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(row.started) : null;
      const weekday = local ? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(local.find((part) => part.type === 'weekday')!.value) + 1 : null;
      const hour = local ? Number(local.find((part) => part.type === 'hour')!.value) : null;
      expect({ stage: row.stage, weekday: row.weekday, hour: row.hour }).toEqual({ stage: row.contactStage, weekday, hour });
    }

    const after = await get<TCampaignAnalytics>(`/analytics/campaigns?${MARCH_QUERY}`);
    expect(after.totals.calls).toBe(first.totals.calls + 2);
    for (const key of OUTCOME_KEYS) expect(seriesOf(after.outcomes, key), key).toEqual(expectedOutcomes(after.outcomes, key, NY, MARCH));
    const springRow = after.campaigns.rows.find((row) => row.name === 'Spring')!;
    const springCalls = calls.filter((call) => call.campaign === 'spring' && call.startedAt >= MARCH[0] && call.startedAt < MARCH[1]);
    const answered = springCalls.filter((call) => call.status === 'completed');
    expect(springRow).toMatchObject({
      calls: springCalls.length,
      answered: answered.length,
      meanAnsweredSeconds: Math.round((answered.reduce((sum, call) => sum + call.durationSec, 0) / answered.length) * 1000) / 1000,
    });
    // The raw queries (a range a second off the hour) count the same.
    const raw = await get<TCampaignAnalytics>(`/analytics/campaigns?from=2026-03-07T05:00:01Z&to=${MARCH[1]}`);
    expect(withoutMeta(raw)).toEqual(withoutMeta(after));
    await expectRollupsToEqualRecount();
  });

  it('move a write-back from pending to succeeded or failed, and not for a lease taken', async () => {
    const query = `/analytics/write-back?${MARCH_QUERY}`;
    const first = await get<TWriteBackAnalytics>(query);
    const lease = await product.pool.query(
      `update public.campaign_call_results set writeback_lease_until = now() + interval '1 minute', writeback_attempts = writeback_attempts + 1
       where user_id = $1 and writeback_status = 'pending'`,
      [alice.id],
    );
    expect(lease.rowCount).toBeGreaterThan(0);
    expect(await get<TWriteBackAnalytics>(query)).toEqual({ ...first, meta: expect.anything() });

    // The Zoho contact's answered call of 9 March: written back 30 s after its end (14:02:00).
    await product.pool.query(
      `update public.campaign_call_results set writeback_status = 'succeeded', crm_call_id = 'crm-late', written_back_at = '2026-03-09T14:02:30Z'
       where user_id = $1 and started_at = '2026-03-09T14:00:00Z'`,
      [alice.id],
    );
    await product.pool.query(
      `update public.campaign_call_results set writeback_status = 'failed', writeback_error_code = 'provider_unavailable', writeback_error = 'The CRM is down'
       where user_id = $1 and call_id = 'late-2'`,
      [alice.id],
    );
    const after = await get<TWriteBackAnalytics>(query);
    expect(after.totals).toEqual({ succeeded: first.totals.succeeded + 1, failed: first.totals.failed + 1, pending: first.totals.pending - 2, rate: expect.any(Number) });
    expect(after.totals.rate).toBe(Math.round((after.totals.succeeded / (after.totals.succeeded + after.totals.failed)) * 1e6) / 1e6);
    // 9 March, Zoho: one latency, 30 s (its histogram bucket holds just it, so its mean is exact).
    expect(seriesOf(after.latency, 'zoho:p50')[2]).toBe(30);
    expect(after.failuresByReason.rows).toContainEqual(expect.objectContaining({ code: 'provider_unavailable', failures: 1, lastMessage: 'The CRM is down' }));
    const raw = await get<TWriteBackAnalytics>(`/analytics/write-back?from=2026-03-07T05:00:01Z&to=${MARCH[1]}`);
    expect(withoutMeta(raw)).toEqual(withoutMeta(after));
    await expectRollupsToEqualRecount();
  });

  it('take a deleted campaign\'s calls away, and keep a deleted contact\'s calls where they were counted', async () => {
    const range = 'from=2026-10-31T04:00:00Z&to=2026-11-02T05:00:00Z';
    const before = await get<TCampaignAnalytics>(`/analytics/campaigns?${range}`);
    expect(before.totals.calls).toBe(AUTUMN_CALLS.length);
    await product.pool.query(`delete from public.campaigns where id = $1`, [autumn]);
    const after = await get<TCampaignAnalytics>(`/analytics/campaigns?${range}`);
    expect(after.totals).toEqual({ calls: 0, answered: 0, rate: null });
    expect(after.campaigns.rows).toEqual([]);
    expect(after.answerHeatMap.calls.flat().every((count) => count === 0)).toBe(true);
    calls.splice(0, calls.length, ...calls.filter((call) => call.campaign !== 'autumn'));

    // The London contact leaves the CRM: its call stays at 03:30 London time, stage customer.
    const march = await get<TCampaignAnalytics>(`/analytics/campaigns?${MARCH_QUERY}`);
    await product.pool.query(`delete from public.crm_contacts where user_id = $1 and phone_e164 = '+442071234567'`, [alice.id]);
    const gone = await get<TCampaignAnalytics>(`/analytics/campaigns?${MARCH_QUERY}`);
    expect(gone).toEqual({ ...march, meta: expect.anything() });
    expect(gone.answerHeatMap.calls[0]![3]).toBe(1);
    expect(gone.answerRateByLifecycleStage.rows).toContainEqual(expect.objectContaining({ platform: 'hubspot', value: 'customer', calls: 1, answered: 0 }));
    await expectRollupsToEqualRecount();
  });

  it('give the heat map and the stages from whole UTC days and the hours at either edge as the raw rows give them', async () => {
    // Calls at 15:00 on 8 March (an edge hour), 03:30 and 14:00 on 9 March (a whole day), 09:45 on 10 March (the other edge);
    // the second range holds no whole day. A custom field sends the same request to the raw queries.
    for (const [from, to] of [['2026-03-08T12:00:00Z', '2026-03-10T12:00:00Z'], ['2026-03-09T02:00:00Z', '2026-03-09T15:00:00Z']] as const) {
      const rolled = await get<TCampaignAnalytics>(`/analytics/campaigns?from=${from}&to=${to}`);
      const raw = await get<TCampaignAnalytics>(`/analytics/campaigns?from=${from}&to=${to}&field=tier`);
      expect(rolled.answerHeatMap, from).toEqual(raw.answerHeatMap);
      expect(rolled.answerRateByLifecycleStage, from).toEqual(raw.answerRateByLifecycleStage);
      expect(rolled.answerHeatMap.calls.flat().reduce((a, b) => a + b, 0), from).toBe(rolled.totals.calls);
    }
  });

  it('leave to the raw queries a zone off the whole hour, a segment and a custom field, with the figures the calls give', async () => {
    // Kolkata is UTC+05:30: a UTC hour can straddle its midnight.
    const range: [string, string] = ['2026-03-06T18:30:00Z', '2026-03-11T18:30:00Z'];
    const kolkata = await get<TCampaignAnalytics>(`/analytics/campaigns?from=${range[0]}&to=${range[1]}&timeZone=Asia/Kolkata`);
    expect(kolkata.outcomes.buckets[0]).toBe('2026-03-07T00:00:00+05:30');
    for (const key of OUTCOME_KEYS) expect(seriesOf(kolkata.outcomes, key), key).toEqual(expectedOutcomes(kolkata.outcomes, key, 'Asia/Kolkata', range));

    // A segment of every contact still synced: the London contact's call (its contact deleted) is not in it.
    const { rows } = await product.pool.query<{ id: string }>(`insert into public.segments (user_id, name, filter) values ($1, 'All', '{}') returning id`, [alice.id]);
    const whole = await get<TCampaignAnalytics>(`/analytics/campaigns?${MARCH_QUERY}`);
    const segment = await get<TCampaignAnalytics>(`/analytics/campaigns?${MARCH_QUERY}&segment=${rows[0]!.id}`);
    expect(segment.totals.calls).toBe(whole.totals.calls - 1);
    expect(seriesOf(segment.outcomes, 'zoho:completed')).toEqual(seriesOf(whole.outcomes, 'zoho:completed'));

    const field = await get<TCampaignAnalytics>(`/analytics/campaigns?${MARCH_QUERY}&field=tier`);
    expect(withoutMeta({ ...field, answerRateByField: null })).toEqual(withoutMeta(whole));
    expect(field.answerRateByField?.rows).toContainEqual({ platform: 'zoho', value: 'gold', calls: 1, answered: 1, rate: 1 });
  });
});

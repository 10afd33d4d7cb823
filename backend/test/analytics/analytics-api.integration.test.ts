import type { TCampaignAnalytics, TContactAnalytics, TSyncAnalytics, TTimeSeriesChart, TWriteBackAnalytics } from '@voiceagent/shared';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalyticsWindow } from '../../src/analytics/analytics-window';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { insertAnalyticsContacts, insertCampaignWithCalls, type AnalyticsContactSeed, type CallSeed } from './analytics-seed';

/**
 * GET /api/v1/analytics/*: every figure is checked against the same figure computed here from the
 * seeded rows (local dates with Intl, not Postgres), in New York across both DST changes of 2026
 * and in Sydney; an empty account gets zeros, another user's rows never count.
 */
let product: TestProduct;
let alice: TestUser;
let bob: TestUser;

const NY = 'America/New_York';

// Alice's contacts: around the March change (Sunday 8 March, 02:00 → 03:00) and the November one (Sunday 1 November, 02:00 → 01:00).
const CONTACTS: AnalyticsContactSeed[] = [
  { platform: 'hubspot', crmCreatedAt: '2026-03-07T04:30:00Z', syncedAt: '2026-03-09T12:00:00Z', email: 'ada@example.test', phoneE164: '+12025550101', lifecycleStage: 'lead', leadStatus: 'new', numberTimeZone: NY },
  { platform: 'hubspot', crmCreatedAt: '2026-03-08T04:59:00Z', syncedAt: '2026-03-09T12:00:00Z', phoneE164: '+442071234567', lifecycleStage: 'customer', numberTimeZone: 'Europe/London' },
  { platform: 'hubspot', crmCreatedAt: '2026-03-09T03:59:00Z', syncedAt: '2026-03-09T12:00:00Z', phone: '12', lifecycleStage: 'lead' },
  { platform: 'zoho', crmCreatedAt: '2026-03-09T04:00:00Z', syncedAt: '2026-03-10T01:00:00Z', email: 'ADA@example.test', phoneE164: '+12025550102', leadStatus: 'new', doNotCall: true },
  { platform: 'zoho', crmCreatedAt: '2026-03-08T06:30:00Z', syncedAt: '2026-03-10T01:00:00Z', phoneE164: '+12025550103', callConsent: false, leadStatus: 'contacted' },
  { platform: 'zoho', crmCreatedAt: '2026-11-01T05:30:00Z', syncedAt: '2026-11-01T06:30:00Z', phoneE164: '+12025550104', leadStatus: 'new', customFields: { tier: 'gold' } },
  { platform: 'hubspot', crmCreatedAt: '2026-11-01T06:30:00Z', syncedAt: '2026-11-01T06:45:00Z', lifecycleStage: 'customer', customFields: { tier: 'gold' } },
  { platform: 'hubspot', crmCreatedAt: '2026-11-01T07:10:00Z', syncedAt: '2026-11-01T08:00:00Z', phoneE164: '+12025550105', customFields: { tier: 'silver' } },
];

// Calls, in contact-local terms: Ada (New York) on Monday 9 March 09:15 EDT is 13:15Z; the London contact 10:00 GMT.
const CALLS: CallSeed[] = [
  { contactIndex: 0, status: 'completed', startedAt: '2026-03-09T13:15:00Z', durationSec: 60, writeBack: { status: 'succeeded', at: '2026-03-09T13:16:30Z' } },
  { contactIndex: 0, status: 'no_answer', startedAt: '2026-03-09T14:15:00Z', durationSec: 0, writeBack: { status: 'failed', code: 'provider_rejected', error: 'HubSpot refused it' } },
  { contactIndex: 1, status: 'completed', startedAt: '2026-03-09T10:00:00Z', durationSec: 120, writeBack: { status: 'succeeded', at: '2026-03-09T10:02:10Z' } },
  { contactIndex: 4, status: 'voicemail', startedAt: '2026-03-10T15:00:00Z', durationSec: 20, writeBack: { status: 'pending' } },
  { contactIndex: 5, status: 'completed', startedAt: '2026-11-02T15:00:00Z', durationSec: 30, writeBack: { status: 'failed', code: 'provider_rejected', error: 'Zoho refused it' } },
];

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_USER: '0' });
  [alice, bob] = [await signUpTestUser(product), await signUpTestUser(product)];
  const ids = await insertAnalyticsContacts(product.pool, alice.id, CONTACTS);
  await product.pool.query(`insert into public.suppressions (user_id, phone_e164, source) values ($1, '+12025550105', 'api')`, [alice.id]);
  await product.pool.query(
    `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type)
     values ($1, 'hubspot', 'contact', 'tier', 'custom', 'tier', 'Tier', 'string')`,
    [alice.id],
  );
  await insertCampaignWithCalls(product.pool, alice.id, 'Spring', ids, CALLS);
  await product.pool.query(
    `insert into public.sync_runs (user_id, platform, kind, status, fetched, started_at, finished_at) values
       ($1, 'hubspot', 'full', 'succeeded', 300, '2026-03-09T12:00:00Z', '2026-03-09T12:01:40Z'),
       ($1, 'hubspot', 'incremental', 'failed', 0, '2026-03-09T13:00:00Z', '2026-03-09T13:00:05Z'),
       ($1, 'zoho', 'full', 'succeeded', 50, '2026-03-10T01:00:00Z', '2026-03-10T01:00:10Z')`,
    [alice.id],
  );
});
afterAll(async () => {
  await product?.close();
});

async function get<T>(user: TestUser, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  const res = await fetch(`${product.url}/api/v1${path}`, { headers: { ...user.authorization, ...headers } });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('json') === true;
  return { status: res.status, body: (isJson ? JSON.parse(text) : undefined) as T, text, headers: res.headers };
}

async function patchSettings(user: TestUser, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${product.url}/api/v1/me/settings`, { method: 'PATCH', headers: { ...user.authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** The local calendar date of an instant in a zone, by Intl: the test's own clock arithmetic. */
function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** The Monday of the local week of an instant, as a date. */
function localMonday(iso: string, timeZone: string): string {
  const date = new Date(`${localDate(iso, timeZone)}T00:00:00Z`);
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** Counts of rows per bucket label date, in the order of the chart's buckets. */
function expectedCounts(chart: TTimeSeriesChart, instants: string[], toBucketDate: (iso: string) => string): number[] {
  return chart.buckets.map((bucket) => instants.filter((iso) => toBucketDate(iso) === bucket.slice(0, 10)).length);
}

/** Rates are rounded to six places by the API, so that JSON and CSV agree. */
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

const seriesOf = (chart: TTimeSeriesChart, key: string) => chart.series.find((line) => line.key === key)!.values;

describe('GET/PATCH /api/v1/me/settings', () => {
  it('keeps the time zone the user chooses, and refuses one that does not exist', async () => {
    expect((await get(alice, '/me/settings')).body).toEqual({ timeZone: null, suppressionWriteBack: false });
    expect(await patchSettings(alice, { timeZone: NY })).toEqual({ status: 200, body: { timeZone: NY, suppressionWriteBack: false } });
    expect((await get(alice, '/me/settings')).body).toEqual({ timeZone: NY, suppressionWriteBack: false });
    expect((await patchSettings(alice, { timeZone: 'Mars/Olympus' })).status).toBe(400);
    expect((await get(bob, '/me/settings')).body).toEqual({ timeZone: null, suppressionWriteBack: false });
  });
});

describe('GET /api/v1/analytics/contacts', () => {
  it('buckets days in the user\'s zone across the March change: a 23-hour day, its offsets, every day present', async () => {
    await patchSettings(alice, { timeZone: NY });
    const { status, body } = await get<TContactAnalytics>(alice, '/analytics/contacts?from=2026-03-07T05:00:00Z&to=2026-03-11T04:00:00Z');
    expect(status).toBe(200);
    expect(body.meta.timeZone).toBe(NY);
    expect(body.createdInCrm.buckets).toEqual(['2026-03-07T00:00:00-05:00', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', '2026-03-10T00:00:00-04:00']);
    for (const platform of ['hubspot', 'zoho'] as const) {
      const mine = CONTACTS.filter((c) => c.platform === platform);
      const inRange = (iso: string) => iso >= '2026-03-07T05:00:00Z' && iso < '2026-03-11T04:00:00Z';
      expect(seriesOf(body.createdInCrm, platform)).toEqual(expectedCounts(body.createdInCrm, mine.map((c) => c.crmCreatedAt).filter(inRange), (iso) => localDate(iso, NY)));
      expect(seriesOf(body.syncedHere, platform)).toEqual(expectedCounts(body.syncedHere, mine.map((c) => c.syncedAt).filter(inRange), (iso) => localDate(iso, NY)));
    }
    expect(seriesOf(body.createdInCrm, 'salesforce')).toEqual([0, 0, 0, 0]);
  });

  it('keeps the two 01:00 hours of the November change apart', async () => {
    const { body } = await get<TContactAnalytics>(alice, '/analytics/contacts?from=2026-11-01T04:00:00Z&to=2026-11-01T09:00:00Z&granularity=hour');
    expect(body.createdInCrm.buckets).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T02:00:00-05:00',
      '2026-11-01T03:00:00-05:00',
    ]);
    // 05:30Z is 01:30 EDT, 06:30Z is 01:30 EST, 07:10Z is 02:10 EST.
    expect(seriesOf(body.createdInCrm, 'zoho')).toEqual([0, 1, 0, 0, 0]);
    expect(seriesOf(body.createdInCrm, 'hubspot')).toEqual([0, 0, 1, 1, 0]);
  });

  it('buckets weeks from Monday in a zone the request names (Sydney, across its April change)', async () => {
    const { body } = await get<TContactAnalytics>(alice, '/analytics/contacts?from=2026-03-01T00:00:00Z&to=2026-04-20T00:00:00Z&granularity=week&timeZone=Australia/Sydney');
    expect(body.meta.timeZone).toBe('Australia/Sydney');
    expect(body.createdInCrm.buckets[0]).toBe('2026-02-23T00:00:00+11:00');
    // `to` is 10:00 on Monday 20 April in Sydney: that week has begun.
    expect(body.createdInCrm.buckets.at(-1)).toBe('2026-04-20T00:00:00+10:00');
    const instants = CONTACTS.map((c) => c.crmCreatedAt).filter((iso) => iso >= '2026-03-01' && iso < '2026-04-20');
    const total = body.createdInCrm.series.reduce((sum, line) => sum.map((value, i) => value + (line.values[i] ?? 0)), body.createdInCrm.buckets.map(() => 0));
    expect(total).toEqual(expectedCounts(body.createdInCrm, instants, (iso) => localMonday(iso, 'Australia/Sydney')));
  });

  it('counts coverage by country, the reasons not callable, duplicates across CRMs and the stages as the rows say', async () => {
    const { body } = await get<TContactAnalytics>(alice, '/analytics/contacts?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z');
    // Callable: a number, not do-not-call, consent not refused, not suppressed (…0105 is).
    const callable = CONTACTS.filter((c) => c.phoneE164 && !c.doNotCall && c.callConsent !== false && c.phoneE164 !== '+12025550105');
    expect(body.totals).toEqual({ contacts: CONTACTS.length, callable: callable.length, notCallable: CONTACTS.length - callable.length });
    const us = CONTACTS.filter((c) => c.phoneE164?.startsWith('+1'));
    const usCallable = callable.filter((c) => c.phoneE164!.startsWith('+1')).length;
    expect(body.callableByCountry.rows).toEqual([
      { country: 'US', callingCode: '+1', contacts: us.length, callable: usCallable, share: round6(usCallable / us.length) },
      { country: null, callingCode: null, contacts: 2, callable: 0, share: 0 },
      { country: 'GB', callingCode: '+44', contacts: 1, callable: 1, share: 1 },
    ]);
    expect(Object.fromEntries(body.notCallableReasons.rows.map((row) => [row.reason, row.contacts]))).toEqual({
      no_number: 1, invalid_number: 1, do_not_call: 1, suppressed: 1, no_consent: 1,
    });
    // Ada is in HubSpot and (by e-mail, whatever its case) in Zoho.
    expect(body.duplicates.rows).toEqual([{ platforms: 'hubspot+zoho', people: 1, contacts: 2 }]);
    const stage = (platform: string, value: string | null) => body.byLifecycleStage.rows.find((row) => row.platform === platform && row.value === value)?.contacts;
    expect(stage('hubspot', 'lead')).toBe(2);
    expect(stage('hubspot', 'customer')).toBe(2);
    expect(stage('zoho', null)).toBe(3);
    const status = (platform: string, value: string | null) => body.byLeadStatus.rows.find((row) => row.platform === platform && row.value === value)?.contacts;
    expect(status('zoho', 'new')).toBe(2);
    expect(status('hubspot', 'new')).toBe(1);
  });

  it('narrows to one CRM', async () => {
    const { body } = await get<TContactAnalytics>(alice, '/analytics/contacts?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&platform=zoho');
    expect(body.totals.contacts).toBe(CONTACTS.filter((c) => c.platform === 'zoho').length);
    expect(body.createdInCrm.series.map((line) => line.key)).toEqual(['zoho']);
  });
});

describe('GET /api/v1/analytics/campaigns', () => {
  it('counts outcomes per day and CRM, the local-hour heat map, answered duration and the rates by stage and by field', async () => {
    const { status, body } = await get<TCampaignAnalytics>(alice, '/analytics/campaigns?from=2026-03-09T04:00:00Z&to=2026-03-11T04:00:00Z&field=tier');
    expect(status, JSON.stringify(body)).toBe(200);
    const inRange = CALLS.filter((call) => call.startedAt >= '2026-03-09T04:00:00Z' && call.startedAt < '2026-03-11T04:00:00Z');
    const platformOf = (call: CallSeed) => CONTACTS[call.contactIndex]!.platform;
    for (const key of ['hubspot:completed', 'hubspot:no_answer', 'zoho:voicemail', 'zoho:completed']) {
      const [platform, outcome] = key.split(':');
      const calls = inRange.filter((call) => platformOf(call) === platform && call.status === outcome).map((call) => call.startedAt);
      expect(seriesOf(body.outcomes, key), key).toEqual(expectedCounts(body.outcomes, calls, (iso) => localDate(iso, NY)));
    }
    expect(body.totals).toEqual({ calls: inRange.length, answered: 2, rate: 0.5 });
    // Ada's calls at 09:15 and 10:15 New York time on a Monday; London's at 10:00 London time; the
    // Zoho contact has no number zone: 11:00 in the user's zone (New York) on Tuesday.
    expect(body.answerHeatMap.calls[0]![9]).toBe(1);
    expect(body.answerHeatMap.calls[0]![10]).toBe(2);
    expect(body.answerHeatMap.answered[0]![10]).toBe(1);
    expect(body.answerHeatMap.rate[0]![10]).toBe(0.5);
    expect(body.answerHeatMap.calls[1]![11]).toBe(1);
    expect(body.answerHeatMap.calls.flat().reduce((a, b) => a + b, 0)).toBe(inRange.length);
    expect(body.answerHeatMap.rate[3]![3]).toBeNull();
    expect(seriesOf(body.answeredDuration, 'hubspot')).toEqual([90, null]);
    const byStage = Object.fromEntries(body.answerRateByLifecycleStage.rows.map((row) => [`${row.platform}/${row.value}`, [row.calls, row.answered]]));
    expect(byStage).toEqual({ 'hubspot/lead': [2, 1], 'hubspot/customer': [1, 1], 'zoho/null': [1, 0] });
    expect(body.answerRateByField?.rows).toEqual([{ platform: 'hubspot', value: null, calls: 3, answered: 2, rate: round6(2 / 3) }, { platform: 'zoho', value: null, calls: 1, answered: 0, rate: 0 }]);
    expect(body.campaigns.rows).toEqual([
      expect.objectContaining({ name: 'Spring', contacts: CONTACTS.length, calls: 4, answered: 2, rate: 0.5, meanAnsweredSeconds: 90, writtenBack: 2 }),
    ]);
  });

  it('answers the rate by a custom field\'s values, and 400 for a field the user has not got', async () => {
    const { body } = await get<TCampaignAnalytics>(alice, '/analytics/campaigns?from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z&field=tier');
    expect(body.answerRateByField?.rows).toEqual([{ platform: 'zoho', value: 'gold', calls: 1, answered: 1, rate: 1 }]);
    expect((await get(alice, '/analytics/campaigns?from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z&field=nope')).status).toBe(400);
  });
});

describe('GET /api/v1/analytics/write-back', () => {
  it('gives the success rate, the latency from the call\'s end to the CRM, and the failures by reason', async () => {
    const { body } = await get<TWriteBackAnalytics>(alice, '/analytics/write-back?from=2026-03-09T04:00:00Z&to=2026-03-11T04:00:00Z');
    expect(body.totals).toEqual({ succeeded: 2, failed: 1, pending: 1, rate: round6(2 / 3) });
    expect(seriesOf(body.successRate, 'hubspot')).toEqual([round6(2 / 3), null]);
    // Ada: ended 13:16:00, acknowledged 13:16:30 (30 s); London: ended 10:02:00, acknowledged 10:02:10 (10 s).
    expect(seriesOf(body.latency, 'hubspot:p50')).toEqual([20, null]);
    expect(seriesOf(body.latency, 'hubspot:p95')).toEqual([29, null]);
    expect(body.failuresByReason.rows).toEqual([expect.objectContaining({ platform: 'hubspot', code: 'provider_rejected', failures: 1, lastMessage: 'HubSpot refused it' })]);
  });

  it('measures the latency from the result\'s arrival when the calling service dates the call\'s end after it', async () => {
    // London's result arrives at 10:01:50, ten seconds before the end its start and duration give.
    const arrivedEarly = `update public.campaign_call_results set created_at = '2026-03-09T10:01:50Z' where user_id = $1 and started_at = '2026-03-09T10:00:00Z'`;
    expect((await product.pool.query(arrivedEarly, [alice.id])).rowCount).toBe(1);
    try {
      const { body } = await get<TWriteBackAnalytics>(alice, '/analytics/write-back?from=2026-03-09T04:00:00Z&to=2026-03-11T04:00:00Z');
      // Ada 30 s from her call's end; London 20 s from the arrival, never a negative latency.
      expect(seriesOf(body.latency, 'hubspot:p50')).toEqual([25, null]);
      expect(seriesOf(body.latency, 'hubspot:p95')).toEqual([29.5, null]);
    } finally {
      await product.pool.query(`update public.campaign_call_results set created_at = now() where user_id = $1 and started_at = '2026-03-09T10:00:00Z'`, [alice.id]);
    }
  });
});

describe('GET /api/v1/analytics/sync', () => {
  it('counts runs by result and gives their duration and contacts per second', async () => {
    const { status, body } = await get<TSyncAnalytics>(alice, '/analytics/sync?from=2026-03-09T04:00:00Z&to=2026-03-11T04:00:00Z');
    expect(status, JSON.stringify(body)).toBe(200);
    expect(seriesOf(body.runsByResult, 'hubspot:succeeded')).toEqual([1, 0]);
    expect(seriesOf(body.runsByResult, 'hubspot:failed')).toEqual([1, 0]);
    // The Zoho run ended at 21:00 New York time on the 9th.
    expect(seriesOf(body.runsByResult, 'zoho:succeeded')).toEqual([1, 0]);
    expect(seriesOf(body.duration, 'hubspot')).toEqual([100, null]);
    expect(seriesOf(body.throughput, 'hubspot')).toEqual([3, null]);
    expect(seriesOf(body.throughput, 'zoho')).toEqual([5, null]);
    expect(body.apiUsage.rows).toEqual([]);
    expect(body.currentErrors.rows).toEqual([]);
  });
});

describe('an account with nothing in it, and the wall between accounts', () => {
  it('answers every section with every bucket at zero (rates null) and empty tables, none of another user\'s figures', async () => {
    const range = 'from=2026-03-07T00:00:00Z&to=2026-03-12T00:00:00Z';
    const contacts = (await get<TContactAnalytics>(bob, `/analytics/contacts?${range}`)).body;
    expect(contacts.meta.timeZone).toBe('UTC');
    expect(contacts.createdInCrm.buckets).toHaveLength(5);
    expect(contacts.createdInCrm.series.flatMap((line) => line.values).every((value) => value === 0)).toBe(true);
    expect(contacts.totals).toEqual({ contacts: 0, callable: 0, notCallable: 0 });
    expect(contacts.callableByCountry.rows).toEqual([]);
    expect(contacts.duplicates.rows).toEqual([]);
    const campaigns = (await get<TCampaignAnalytics>(bob, `/analytics/campaigns?${range}`)).body;
    expect(campaigns.totals).toEqual({ calls: 0, answered: 0, rate: null });
    expect(campaigns.outcomes.series.flatMap((line) => line.values).every((value) => value === 0)).toBe(true);
    expect(campaigns.campaigns.rows).toEqual([]);
    const writeBack = (await get<TWriteBackAnalytics>(bob, `/analytics/write-back?${range}`)).body;
    expect(writeBack.totals).toEqual({ succeeded: 0, failed: 0, pending: 0, rate: null });
    expect(writeBack.successRate.series.flatMap((line) => line.values).every((value) => value === null)).toBe(true);
    const sync = (await get<TSyncAnalytics>(bob, `/analytics/sync?${range}`)).body;
    expect(sync.runsByResult.series.flatMap((line) => line.values).every((value) => value === 0)).toBe(true);
  });

  it('treats another user\'s segment as unknown (404)', async () => {
    const { rows } = await product.pool.query<{ id: string }>(`insert into public.segments (user_id, name, filter) values ($1, 'Mine', '{}') returning id`, [alice.id]);
    const range = 'from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z';
    expect((await get(bob, `/analytics/contacts?${range}&segment=${rows[0]!.id}`)).status).toBe(404);
    const own = await get<TContactAnalytics>(alice, `/analytics/contacts?${range}&segment=${rows[0]!.id}`);
    expect(own.status, own.text).toBe(200);
    expect(own.body.totals.contacts).toBe(CONTACTS.length);
  });
});

describe('CSV', () => {
  it('writes one chart as a table with ?format=csv&chart=', async () => {
    const answer = await get(alice, '/analytics/contacts?from=2026-03-07T05:00:00Z&to=2026-03-09T04:00:00Z&format=csv&chart=createdInCrm');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="analytics-contacts-createdInCrm-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(parse(answer.text, { bom: true })).toEqual([
      ['Bucket', 'HubSpot', 'Zoho', 'Salesforce'],
      ['2026-03-07T00:00:00-05:00', '1', '0', '0'],
      ['2026-03-08T00:00:00-05:00', '1', '1', '0'],
    ]);
  });

  it('writes every chart in long form when Accept asks for text/csv', async () => {
    const answer = await get(alice, '/analytics/campaigns?from=2026-03-09T04:00:00Z&to=2026-03-11T04:00:00Z', { accept: 'text/csv' });
    expect(answer.status).toBe(200);
    const rows = parse(answer.text, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Chart', 'Row', 'Column', 'Value']);
    expect(rows).toContainEqual(['outcomes', '2026-03-09T00:00:00-04:00', 'HubSpot · answered', '2']);
    expect(rows).toContainEqual(['answerHeatMap', 'Monday 10:00', 'Calls', '2']);
  });
});

describe('bad ranges', () => {
  it.each([
    ['from after to', 'from=2026-03-10T00:00:00Z&to=2026-03-09T00:00:00Z'],
    ['from equal to to', 'from=2026-03-10T00:00:00Z&to=2026-03-10T00:00:00Z'],
    ['over 400 days', 'from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z'],
    ['hourly over 31 days', 'from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&granularity=hour'],
    ['no offset', 'from=2026-01-01T00:00:00&to=2026-03-01T00:00:00Z'],
    ['an unknown parameter', 'from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&bucket=day'],
    ['an unknown zone', 'from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&timeZone=Mars/Olympus'],
  ])('answers 400 for %s', async (_what, query) => {
    for (const section of ['contacts', 'sync', 'campaigns', 'write-back']) {
      const answer = await get<{ error: { code: string } }>(alice, `/analytics/${section}?${query}`);
      expect(answer.status, `${section}: ${answer.text}`).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }
  });
});

describe('a query that runs too long', () => {
  it('is cancelled at the statement timeout the analytics window sets (error-handler answers that 503 with Retry-After)', async () => {
    const client = await product.pool.connect();
    try {
      await client.query('begin');
      const query = { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', granularity: 'day' as const };
      await openAnalyticsWindow(client, alice.id, query, { now: () => new Date(), statementTimeoutMs: 50 });
      await expect(client.query('select pg_sleep(1)')).rejects.toMatchObject({ code: '57014' });
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

import type { TCampaign, TCampaignQueue, TCreateCampaignResponse, TExtendLeaseResponse, TLease, TLeaseResponse, TPostResultsResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillNumberTimeZones } from '../../src/crm/sync/number-time-zone-backfill';
import { agentFields, createAgentsApi } from '../agents/agent-api';
import { insertContacts, type ContactSeed } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';

/**
 * The call queue against an injected clock: windows in each contact's own zone (across a
 * daylight-saving change), excluded dates, unknown zones, retries and attempts, suppression and
 * do-not-call read at lease time, concurrent callers, and the wall between users.
 */
let product: TestProduct;
let owner: TestUser;
let stranger: TestUser;
let agentId: string;
let now = Date.parse('2026-03-09T13:00:00Z');
const setNow = (iso: string) => (now = Date.parse(iso));

type Response<T> = { status: number; body: T };

async function call<T = unknown>(user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Response<T>> {
  const res = await fetch(`${product.url}/api/v1${path}`, {
    method,
    headers: { ...user.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function expectStatus<T>(response: Promise<Response<T>>, status: number): Promise<T> {
  const { status: actual, body } = await response;
  if (actual !== status) throw new Error(`expected ${status}, got ${actual}: ${JSON.stringify(body)}`);
  return body;
}

/** A campaign over fresh contacts (one per seed, each its own number); zones set as a sync would have. */
async function seedCampaign(
  seeds: Array<ContactSeed & { timeZone?: string | null }>,
  rules: Record<string, unknown> = {},
): Promise<{ campaign: TCampaign; contactIdOf: Map<string, string> }> {
  const ids = await insertContacts(product.pool, owner.id, seeds);
  await backfillNumberTimeZones(product.pool, product.logger);
  for (const [i, seed] of seeds.entries()) {
    if (seed.timeZone !== undefined) await product.pool.query('update public.crm_contacts set time_zone = $2 where id = $1', [ids[i], seed.timeZone]);
  }
  const created = await expectStatus(call<TCreateCampaignResponse>(owner, 'POST', '/campaigns', { agentId, name: 'Queue', contactIds: ids, ...rules }), 201);
  const rows = await product.pool.query<{ id: string; phone_e164: string }>('select id, phone_e164 from public.campaign_contacts where campaign_id = $1', [created.campaign.id]);
  return { campaign: created.campaign, contactIdOf: new Map(rows.rows.map((row) => [row.phone_e164, row.id])) };
}

async function lease(campaignId: string, body: Record<string, unknown> = { limit: 100, leaseSeconds: 300 }): Promise<TLease[]> {
  return (await expectStatus(call<TLeaseResponse>(owner, 'POST', `/campaigns/${campaignId}/leases`, body), 200)).leases;
}

async function queueOf(campaignId: string): Promise<TCampaignQueue> {
  return expectStatus(call<TCampaignQueue>(owner, 'GET', `/campaigns/${campaignId}/queue`), 200);
}

async function report(campaignId: string, campaignContactId: string, status: string, outcome: string | null = null): Promise<void> {
  const result = { campaignContactId, callId: `call-${crypto.randomUUID()}`, status, outcome, startedAt: new Date(now).toISOString(), durationSec: 30 };
  await expectStatus(call<TPostResultsResponse>(owner, 'POST', `/campaigns/${campaignId}/results`, result), 200);
}

let phoneCounter = 0;
/** A fresh New York (212) number each time: one campaign row per number. */
const newYorkNumber = () => `+1212555${String(1000 + ++phoneCounter).padStart(4, '0')}`;
const sydneyNumber = () => `+6129${String(1000000 + ++phoneCounter).padStart(7, '0').slice(0, 7)}`;

beforeAll(async () => {
  product = await startTestProduct({}, { clock: () => now });
  owner = await signUpTestUser(product);
  stranger = await signUpTestUser(product);
  agentId = (await createAgentsApi(product.url, owner.authorization).createAgent({ ...agentFields(), greeting: 'Hi {{contact.first_name}}!', contacts: { filter: { callable: true } } })).agent.id;
}, 60_000);
afterAll(async () => {
  await product?.close();
});

describe('POST /api/v1/campaigns/:id/leases — calling windows', () => {
  it('offers a US Eastern contact at 09:00 its time and not at 08:59, on both sides of the March daylight-saving change', async () => {
    const phone = newYorkNumber();
    const { campaign } = await seedCampaign([{ firstName: 'Nora', phoneE164: phone }]);

    // Friday 6 March 2026, EST (UTC−5).
    setNow('2026-03-06T13:59:00Z');
    expect(await lease(campaign.id)).toEqual([]);
    setNow('2026-03-06T14:00:00Z');
    const [friday] = await lease(campaign.id, { limit: 5, leaseSeconds: 60 });
    expect(friday).toMatchObject({ phone, timeZone: 'America/New_York', localTime: '2026-03-06T09:00:00-05:00', greeting: 'Hi Nora!' });

    // Monday 9 March, EDT (UTC−4) since Sunday: 09:00 is now 13:00 UTC. The Friday lease has long expired.
    setNow('2026-03-09T12:59:00Z');
    expect(await lease(campaign.id)).toEqual([]);
    expect((await queueOf(campaign.id)).nextWindowOpensAt).toBe('2026-03-09T13:00:00.000Z');
    setNow('2026-03-09T13:00:00Z');
    const [monday] = await lease(campaign.id);
    expect(monday).toMatchObject({ phone, localTime: '2026-03-09T09:00:00-04:00' });
    // Weekends are outside the default Mon–Fri window.
  });

  it('offers a Sydney contact in its own morning, when New York is still on the evening before', async () => {
    const sydney = sydneyNumber();
    const newYork = newYorkNumber();
    const { campaign } = await seedCampaign([{ phoneE164: sydney }, { phoneE164: newYork }], {
      callingWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '09:00', end: '12:00' },
    });
    // Monday 9 March 09:30 in Sydney (AEDT, UTC+11) is Sunday 18:30 in New York.
    setNow('2026-03-08T22:30:00Z');
    const leases = await lease(campaign.id);
    expect(leases.map((l) => [l.phone, l.timeZone, l.localTime])).toEqual([[sydney, 'Australia/Sydney', '2026-03-09T09:30:00+11:00']]);
    const queue = await queueOf(campaign.id);
    expect(queue).toMatchObject({ total: 2, leased: 1, waitingForWindow: 1, callableNow: 0, nextWindowOpensAt: '2026-03-09T13:00:00.000Z' });
  });

  it('skips excluded dates and dates outside startsOn–endsOn, in the contact’s own calendar', async () => {
    const phone = newYorkNumber();
    const { campaign } = await seedCampaign([{ phoneE164: phone }], { excludedDates: ['2026-03-10'], startsOn: '2026-03-10', endsOn: '2026-03-12' });
    setNow('2026-03-09T15:00:00Z'); // Monday, before startsOn
    expect(await lease(campaign.id)).toEqual([]);
    setNow('2026-03-10T15:00:00Z'); // excluded
    expect(await lease(campaign.id)).toEqual([]);
    expect((await queueOf(campaign.id)).nextWindowOpensAt).toBe('2026-03-11T13:00:00.000Z');
    setNow('2026-03-11T15:00:00Z');
    expect(await lease(campaign.id)).toHaveLength(1);
    setNow('2026-03-13T15:00:00Z'); // after endsOn, the first lease long expired
    expect(await lease(campaign.id)).toEqual([]);
  });

  it('skips a contact of unknown zone, or calls it in the fallback zone; a CRM zone wins over the number’s', async () => {
    // +1 800: a number of no one zone. The last one's CRM says Los Angeles, overriding its New York number.
    const tollFree = `+1800555${String(2000 + ++phoneCounter)}`;
    const overridden = newYorkNumber();
    const seeds = [{ phoneE164: tollFree }, { phoneE164: overridden, timeZone: 'america/los_angeles' }];
    const skip = await seedCampaign(seeds);
    setNow('2026-03-09T17:00:00Z'); // 13:00 New York, 10:00 Los Angeles, 17:00 UTC
    expect((await lease(skip.campaign.id)).map((l) => [l.phone, l.timeZone])).toEqual([[overridden, 'America/Los_Angeles']]);
    expect(await queueOf(skip.campaign.id)).toMatchObject({ unknownTimeZone: 1, leased: 1 });

    const fallback = await seedCampaign(
      [{ phoneE164: `+1800555${String(2000 + ++phoneCounter)}` }],
      { unknownTimeZone: { mode: 'fallback', timeZone: 'Europe/London' }, callingWindow: { days: ['mon'], start: '09:00', end: '17:30' } },
    );
    expect((await lease(fallback.campaign.id)).map((l) => [l.timeZone, l.localTime])).toEqual([['Europe/London', '2026-03-09T17:00:00+00:00']]);
  });
});

describe('results, retries and attempts', () => {
  it('retries per outcome after the campaign’s delay and stops at maxAttempts; answered is final', async () => {
    const [a, b] = [newYorkNumber(), newYorkNumber()];
    const { campaign, contactIdOf } = await seedCampaign([{ phoneE164: a }, { phoneE164: b }], {
      maxAttempts: 2,
      retryAfter: { no_answer: 'PT2H', busy: 'PT30M' },
      callingWindow: { days: ['mon'], start: '00:00', end: '24:00' },
    });
    setNow('2026-03-09T14:00:00Z');
    expect(await lease(campaign.id)).toHaveLength(2);
    await report(campaign.id, contactIdOf.get(a)!, 'no_answer');
    await report(campaign.id, contactIdOf.get(b)!, 'busy');
    // The reports completed both leases; neither is due yet.
    expect(await lease(campaign.id)).toEqual([]);
    expect(await queueOf(campaign.id)).toMatchObject({ waitingToRetry: 2, leased: 0 });

    setNow('2026-03-09T14:30:00Z');
    expect((await lease(campaign.id)).map((l) => l.phone)).toEqual([b]);
    await report(campaign.id, contactIdOf.get(b)!, 'completed');
    setNow('2026-03-09T16:00:00Z');
    expect((await lease(campaign.id)).map((l) => l.phone)).toEqual([a]);
    await report(campaign.id, contactIdOf.get(a)!, 'voicemail');
    // Two attempts each: one answered, one out of attempts.
    setNow('2026-03-09T23:00:00Z');
    expect(await lease(campaign.id)).toEqual([]);
    expect(await queueOf(campaign.id)).toMatchObject({ done: 2, callableNow: 0 });
  });

  it('a lease not completed comes back when it expires; extend keeps it, and an expired one cannot be extended', async () => {
    const phone = newYorkNumber();
    const { campaign } = await seedCampaign([{ phoneE164: phone }], { callingWindow: { days: ['mon'], start: '00:00', end: '24:00' } });
    setNow('2026-03-09T14:00:00Z');
    const [first] = await lease(campaign.id, { limit: 1, leaseSeconds: 60 });
    setNow('2026-03-09T14:00:50Z');
    const extended = await expectStatus(call<TExtendLeaseResponse>(owner, 'POST', `/campaigns/${campaign.id}/leases/${first!.leaseId}/extend`, { leaseSeconds: 120 }), 200);
    expect(extended.expiresAt).toBe('2026-03-09T14:02:50.000Z');
    setNow('2026-03-09T14:02:00Z');
    expect(await lease(campaign.id)).toEqual([]);
    setNow('2026-03-09T14:03:00Z');
    expect((await call(owner, 'POST', `/campaigns/${campaign.id}/leases/${first!.leaseId}/extend`, { leaseSeconds: 60 })).status).toBe(409);
    const [again] = await lease(campaign.id);
    expect(again).toMatchObject({ phone, campaignContactId: first!.campaignContactId });
    expect(again!.leaseId).not.toBe(first!.leaseId);
    expect((await call(owner, 'POST', `/campaigns/${campaign.id}/leases/${first!.leaseId}/extend`, {})).status).toBe(404);
  });
});

describe('suppression and do-not-call, read at lease time', () => {
  it('never leases a number suppressed mid-campaign, nor one a caller asked not to be called again', async () => {
    const [a, b, c] = [newYorkNumber(), newYorkNumber(), newYorkNumber()];
    const { campaign, contactIdOf } = await seedCampaign([{ phoneE164: a }, { phoneE164: b }, { phoneE164: c }], {
      callingWindow: { days: ['mon'], start: '00:00', end: '24:00' },
    });
    setNow('2026-03-09T14:00:00Z');
    await expectStatus(call(owner, 'POST', '/suppressions', { phone: `(212) 555-${a.slice(-4)}` }), 201);
    const leased = await lease(campaign.id);
    expect(leased.map((l) => l.phone).sort()).toEqual([b, c].sort());
    await report(campaign.id, contactIdOf.get(b)!, 'completed', 'Asked not to call');
    await report(campaign.id, contactIdOf.get(c)!, 'no_answer');
    const list = await expectStatus(call<{ items: Array<{ phoneE164: string; source: string }> }>(owner, 'GET', '/suppressions'), 200);
    expect(list.items.find((s) => s.phoneE164 === b)).toMatchObject({ source: 'call_result' });
    // Suppress c too while it waits for its retry: it is never offered again.
    await expectStatus(call(owner, 'POST', '/suppressions', { phone: c }), 201);
    setNow('2026-03-09T22:00:00Z');
    expect(await lease(campaign.id)).toEqual([]);
    expect(await queueOf(campaign.id)).toMatchObject({ suppressed: 2, done: 1 });
  });

  it('never leases a contact whose CRM row says do-not-call or refuses consent now', async () => {
    const [a, b, c] = [newYorkNumber(), newYorkNumber(), newYorkNumber()];
    const { campaign } = await seedCampaign([{ phoneE164: a }, { phoneE164: b }, { phoneE164: c }], { callingWindow: { days: ['mon'], start: '00:00', end: '24:00' } });
    // After the snapshot, as a webhook's upsert would write it.
    await product.pool.query('update public.crm_contacts set do_not_call = true where user_id = $1 and phone_e164 = $2', [owner.id, a]);
    await product.pool.query('update public.crm_contacts set call_consent = false where user_id = $1 and phone_e164 = $2', [owner.id, b]);
    setNow('2026-03-09T14:00:00Z');
    expect((await lease(campaign.id)).map((l) => l.phone)).toEqual([c]);
    expect(await queueOf(campaign.id)).toMatchObject({ doNotCall: 2, leased: 1 });
  });
});

describe('pause, resume, cancel', () => {
  it('a paused or cancelled campaign leases nothing; resume brings the queue back', async () => {
    const phone = newYorkNumber();
    const { campaign } = await seedCampaign([{ phoneE164: phone }], { callingWindow: { days: ['mon'], start: '00:00', end: '24:00' } });
    setNow('2026-03-09T14:00:00Z');
    expect((await expectStatus(call<{ campaign: TCampaign }>(owner, 'POST', `/campaigns/${campaign.id}/pause`), 200)).campaign.status).toBe('paused');
    expect(await lease(campaign.id)).toEqual([]);
    expect((await call(owner, 'POST', `/campaigns/${campaign.id}/pause`)).status).toBe(409);
    await expectStatus(call(owner, 'POST', `/campaigns/${campaign.id}/resume`), 200);
    expect(await lease(campaign.id, { limit: 1, leaseSeconds: 30 })).toHaveLength(1);
    await expectStatus(call(owner, 'POST', `/campaigns/${campaign.id}/cancel`), 200);
    setNow('2026-03-09T15:00:00Z');
    expect(await lease(campaign.id)).toEqual([]);
    expect((await call(owner, 'POST', `/campaigns/${campaign.id}/resume`)).status).toBe(409);
  });
});

describe('rules on POST and PATCH /api/v1/campaigns', () => {
  it('answers the defaults, changes only what PATCH names, and refuses bad durations, zones and windows with 400s naming them', async () => {
    const { campaign } = await seedCampaign([{ phoneE164: newYorkNumber() }]);
    expect(campaign.rules).toEqual({
      callingWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '20:00' },
      excludedDates: [],
      unknownTimeZone: { mode: 'skip' },
      startsOn: null,
      endsOn: null,
      maxAttempts: 3,
      retryAfter: { no_answer: 'PT4H', voicemail: 'P1D', busy: 'PT30M', failed: 'PT1H' },
    });
    const patched = await expectStatus(call<TCampaign>(owner, 'PATCH', `/campaigns/${campaign.id}`, { maxAttempts: 5, retryAfter: { busy: 'PT10M' } }), 200);
    expect(patched.rules).toMatchObject({ maxAttempts: 5, retryAfter: { busy: 'PT10M', no_answer: 'PT4H' }, callingWindow: campaign.rules.callingWindow });

    const bad = [
      [{ retryAfter: { no_answer: '4 hours' } }, 'retryAfter.no_answer'],
      [{ unknownTimeZone: { mode: 'fallback', timeZone: 'Mars/Olympus' } }, 'unknownTimeZone.timeZone'],
      [{ callingWindow: { days: ['mon'], start: '20:00', end: '09:00' } }, 'callingWindow.end'],
      [{ callingWindow: { days: ['mon'], start: '09:00', end: '24:30' } }, 'callingWindow.end'],
      [{ startsOn: '2026-05-02', endsOn: '2026-05-01' }, 'endsOn'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await call<{ error: { code: string; details: { issues: Array<{ field: string }> } } }>(owner, 'PATCH', `/campaigns/${campaign.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.issues.map((issue) => issue.field)).toContain(field);
    }
    await expectStatus(call(owner, 'PATCH', `/campaigns/${campaign.id}`, { endsOn: '2026-05-01' }), 200);
    const against = await call(owner, 'PATCH', `/campaigns/${campaign.id}`, { startsOn: '2026-06-01' });
    expect(against.status).toBe(400);
  });
});

describe('/api/v1/suppressions', () => {
  it('normalises the number, answers the existing entry for a number listed twice, pages, deletes, and refuses what is not a number', async () => {
    const user = await signUpTestUser(product);
    const first = await expectStatus(call<{ id: string; phoneE164: string; source: string }>(user, 'POST', '/suppressions', { phone: '+44 20 7946 0958', reason: 'complaint' }), 201);
    expect(first).toMatchObject({ phoneE164: '+442079460958', source: 'api' });
    const again = await expectStatus(call<{ id: string }>(user, 'POST', '/suppressions', { phone: '+442079460958' }), 201);
    expect(again.id).toBe(first.id);
    await expectStatus(call(user, 'POST', '/suppressions', { phone: '+12125550199' }), 201);
    const page1 = await expectStatus(call<{ items: Array<{ id: string }>; nextCursor: string | null }>(user, 'GET', '/suppressions?limit=1'), 200);
    expect(page1.items).toHaveLength(1);
    const page2 = await expectStatus(call<{ items: Array<{ id: string }>; nextCursor: string | null }>(user, 'GET', `/suppressions?limit=1&cursor=${encodeURIComponent(page1.nextCursor!)}`), 200);
    expect(page2.items).toHaveLength(1);
    expect(page2.items[0]!.id).not.toBe(page1.items[0]!.id);
    expect((await call(user, 'POST', '/suppressions', { phone: 'call reception' })).status).toBe(400);
    expect((await call(stranger, 'DELETE', `/suppressions/${first.id}`)).status).toBe(404);
    await expectStatus(call(user, 'DELETE', `/suppressions/${first.id}`), 200);
    expect((await call(user, 'DELETE', `/suppressions/${first.id}`)).status).toBe(404);
  });
});

describe('the wall between users', () => {
  it('answers 404 to another user on every queue endpoint of a campaign', async () => {
    const { campaign } = await seedCampaign([{ phoneE164: newYorkNumber() }]);
    const leaseId = crypto.randomUUID();
    const attempts: Array<[('GET' | 'POST' | 'PATCH'), string, unknown?]> = [
      ['PATCH', `/campaigns/${campaign.id}`, { maxAttempts: 1 }],
      ['POST', `/campaigns/${campaign.id}/pause`],
      ['POST', `/campaigns/${campaign.id}/resume`],
      ['POST', `/campaigns/${campaign.id}/cancel`],
      ['POST', `/campaigns/${campaign.id}/leases`, { limit: 1 }],
      ['POST', `/campaigns/${campaign.id}/leases/${leaseId}/extend`, {}],
      ['GET', `/campaigns/${campaign.id}/queue`],
    ];
    for (const [method, path, body] of attempts) expect((await call(stranger, method, path, body)).status, `${method} ${path}`).toBe(404);
    const list = await expectStatus(call<{ items: unknown[] }>(stranger, 'GET', '/suppressions'), 200);
    expect(list.items).toEqual([]);
  });
});

describe('ten concurrent callers', () => {
  it('never receive the same contact twice from a campaign of 50,000, and expired leases come back', async () => {
    const { campaign } = await seedCampaign([{ phoneE164: newYorkNumber() }], {
      callingWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' },
      unknownTimeZone: { mode: 'fallback', timeZone: 'UTC' },
    });
    // Seeded through SQL: numbers with no synced contact behind them, so the fallback zone applies.
    await product.pool.query(
      `insert into public.campaign_contacts (user_id, campaign_id, platform, external_id, name, phone_e164)
       select $1, $2, 'hubspot', 'bulk-' || g, 'Bulk ' || g, '+4470' || lpad(g::text, 8, '0') from generate_series(1, 49999) g`,
      [owner.id, campaign.id],
    );
    // What autovacuum does after a bulk insert: planner statistics, so the scan walks the queue index.
    await product.pool.query('analyze public.campaign_contacts');
    setNow('2026-03-09T14:00:00Z');
    const started = Date.now();
    const seen = new Set<string>();
    let duplicates = 0;
    const caller = async () => {
      for (;;) {
        const leases = await lease(campaign.id, { limit: 100, leaseSeconds: 60 });
        if (leases.length === 0) return;
        for (const l of leases) {
          if (seen.has(l.campaignContactId)) duplicates += 1;
          seen.add(l.campaignContactId);
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, caller));
    console.info(`leased 50,000 contacts in ${Date.now() - started} ms with 10 callers`);
    expect(duplicates).toBe(0);
    expect(seen.size).toBe(50_000);
    expect(await queueOf(campaign.id)).toMatchObject({ total: 50_000, leased: 50_000, callableNow: 0 });

    setNow('2026-03-09T14:01:01Z');
    const back = await lease(campaign.id, { limit: 100, leaseSeconds: 60 });
    expect(back).toHaveLength(100);
  }, 120_000);
});

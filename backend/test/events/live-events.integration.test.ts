import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TEventTicket, TLiveEvent, TSyncRunEvent } from '@voiceagent/shared';
import { createEventTickets } from '../../src/events/event-tickets';
import { MAX_STREAMS_PER_USER } from '../../src/events/live-events-service';
import { startSyncTestbed, waitForFirstSync, type SyncTestbed } from '../crm/sync/sync-testbed';
import { openEventStream, type OpenedEventStream } from '../support/event-stream-client';
import { startTestProduct, TEST_JWT_SECRET } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';

/**
 * GET /api/v1/events: the user's own events, read under RLS, by header or ticket; resume with
 * Last-Event-ID; a rolled-back change never announced; a cap on open streams.
 */
let testbed: SyncTestbed;
const opened: OpenedEventStream[] = [];

beforeAll(async () => {
  testbed = await startSyncTestbed({ hubspotContacts: 300, zohoContacts: 300 });
}, 60_000);
afterAll(async () => {
  for (const stream of opened) stream.close();
  await testbed?.close();
});

const eventsUrl = (query = '') => `${testbed.product.url}/api/v1/events${query}`;

async function open(query: string, headers: Record<string, string> = {}): Promise<OpenedEventStream> {
  const stream = await openEventStream(eventsUrl(query), headers);
  opened.push(stream);
  return stream;
}

async function ticketFor(user: TestUser): Promise<TEventTicket> {
  const res = await testbed.api(user, '/events/tickets', { method: 'POST' });
  expect(res.status).toBe(201);
  return (await res.json()) as TEventTicket;
}

/** A finished sync run written straight into the table: its trigger announces it like any other. */
async function insertRun(userId: string): Promise<string> {
  const { rows } = await testbed.product.pool.query<{ id: string }>(
    `insert into sync_runs (user_id, platform, kind, status, started_at, finished_at) values ($1, 'hubspot', 'incremental', 'succeeded', now(), now()) returning id`,
    [userId],
  );
  return rows[0]!.id;
}

const runIdsIn = (events: TLiveEvent[]) => events.flatMap((event) => (event.kind === 'sync_run' ? [event.data.runId] : []));
const hasRun = (runId: string) => (events: TLiveEvent[]) => runIdsIn(events).includes(runId);

describe('GET /api/v1/events', () => {
  it('streams each of two users, syncing at the same time, their own sync progress and contact changes only', async () => {
    const [alice, bob] = await Promise.all([testbed.signUp(), testbed.signUp()]);
    const [aliceStream, bobStream] = await Promise.all([open('', alice.authorization), open('', bob.authorization)]);
    expect(aliceStream.status).toBe(200);
    expect(aliceStream.contentType).toMatch(/^text\/event-stream/);

    await Promise.all([alice, bob].flatMap((user) => [testbed.connect(user, 'hubspot'), testbed.connect(user, 'zoho')]));
    const runs = await Promise.all(
      [alice, bob].map(async (user) => Promise.all([waitForFirstSync(testbed, user, 'hubspot'), waitForFirstSync(testbed, user, 'zoho')])),
    );
    const [aliceRuns, bobRuns] = runs.map((pair) => pair.map((run) => run.id));
    const finished = (ids: string[]) => (events: TLiveEvent[]) =>
      ids.every((id) => events.some((event) => event.kind === 'sync_run' && event.data.runId === id && event.data.status === 'succeeded'));
    await Promise.all([aliceStream.waitFor(finished(aliceRuns!)), bobStream.waitFor(finished(bobRuns!))]);

    for (const [stream, own, other] of [
      [aliceStream, alice, bob],
      [bobStream, bob, alice],
    ] as const) {
      expect(stream.unparsed).toEqual([]);
      const ownRuns = own === alice ? aliceRuns! : bobRuns!;
      expect(new Set(runIdsIn(stream.events))).toEqual(new Set(ownRuns));
      // Progress: the run queued, running with counts, then succeeded with every contact counted.
      const progress = stream.events.filter((event): event is TLiveEvent & { data: TSyncRunEvent } => event.kind === 'sync_run' && event.data.platform === 'hubspot');
      expect(progress.map((event) => event.data.status)).toContain('running');
      expect(progress.at(-1)!.data).toMatchObject({ status: 'succeeded', percent: 100, counts: { created: 300 } });
      // Contact changes: ids of the user's own contacts, coalesced per page (not one event per contact).
      const changed = stream.events.flatMap((event) => (event.kind === 'contacts_changed' ? [event.data] : []));
      expect(changed.reduce((sum, event) => sum + event.count, 0)).toBe(600);
      expect(changed.length).toBeLessThan(20);
      const ids = changed.flatMap((event) => event.contactIds ?? []);
      const { rows } = await testbed.product.pool.query<{ user_id: string; n: number }>(
        `select user_id, count(*)::int as n from crm_contacts where id = any($1::uuid[]) group by user_id`,
        [ids],
      );
      expect(rows).toEqual([{ user_id: own.id, n: 600 }]);
      expect(rows.some((row) => row.user_id === other.id)).toBe(false);
    }
    // Each event once, though a transaction committing late sends its lower id after a higher one.
    const ids = aliceStream.events.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 90_000);

  it('opens with a ticket from POST /events/tickets, and a ticket for one user never reads another\'s events', async () => {
    const [alice, bob] = await Promise.all([testbed.signUp(), testbed.signUp()]);
    const ticket = await ticketFor(alice);
    const expiresIn = Date.parse(ticket.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(30_000);
    expect(expiresIn).toBeLessThanOrEqual(61_000);

    const stream = await open(`?ticket=${encodeURIComponent(ticket.ticket)}`);
    expect(stream.status).toBe(200);
    const bobRun = await insertRun(bob.id);
    const aliceRun = await insertRun(alice.id);
    await stream.waitFor(hasRun(aliceRun));
    expect(runIdsIn(stream.events)).toEqual([aliceRun]);
    expect(runIdsIn(stream.events)).not.toContain(bobRun);
  });

  it('streams the user a service token acts for (X-VoiceAgent-User-Id) their events, and a ticket asked for that way too', async () => {
    const [user, other] = await Promise.all([testbed.signUp(), testbed.signUp()]);
    const serviceKey = await new SignJWT({ role: 'service_role', ref: 'local' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('supabase')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const asService = { authorization: `Bearer ${serviceKey}`, 'X-VoiceAgent-User-Id': user.id };
    const stream = await open('', asService);
    expect(stream.status).toBe(200);
    const ticketRes = await fetch(eventsUrl('/tickets'), { method: 'POST', headers: asService });
    expect(ticketRes.status).toBe(201);
    const byTicket = await open(`?ticket=${encodeURIComponent(((await ticketRes.json()) as TEventTicket).ticket)}`);

    await insertRun(other.id);
    const runId = await insertRun(user.id);
    await Promise.all([stream.waitFor(hasRun(runId)), byTicket.waitFor(hasRun(runId))]);
    expect(runIdsIn(stream.events)).toEqual([runId]);
    expect(runIdsIn(byTicket.events)).toEqual([runId]);
  });

  it('answers 401 without a token, with a forged or expired ticket, and for a ticket anywhere but the stream', async () => {
    const user = await testbed.signUp();
    const noToken = await open('');
    expect(noToken.status).toBe(401);
    expect(noToken.errorBody).toMatchObject({ error: { code: 'unauthorized' } });

    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setAudience('voiceagent:live-events')
      .setIssuer('voiceagent-api')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode('a key that is not the server key, 32+ bytes long'));
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    const tickets = createEventTickets({ secret: testbed.product.config.crm.encryptionKey!.key, audience: 'authenticated', now: () => twoMinutesAgo });
    const expired = (await tickets.issue({ id: user.id, email: user.email, claims: { sub: user.id, role: 'authenticated' } })).ticket;
    for (const bad of [forged, expired, user.accessToken, 'not-a-token']) {
      const stream = await open(`?ticket=${encodeURIComponent(bad)}`);
      expect(stream.status, bad).toBe(401);
      expect(stream.errorBody).toMatchObject({ error: { code: 'unauthorized' } });
    }
    const expiredStream = await open(`?ticket=${encodeURIComponent(expired)}`);
    expect(expiredStream.errorBody).toMatchObject({ error: { message: expect.stringMatching(/expired/) } });

    const good = (await ticketFor(user)).ticket;
    const elsewhere = await fetch(`${testbed.product.url}/api/v1/me?ticket=${encodeURIComponent(good)}`);
    expect(elsewhere.status).toBe(401);
    // The ticket is not a bearer token either.
    const asBearer = await fetch(`${testbed.product.url}/api/v1/me`, { headers: { authorization: `Bearer ${good}` } });
    expect(asBearer.status).toBe(401);
  });

  it('resumes after Last-Event-ID with the events made while the client was away, in order', async () => {
    const user = await testbed.signUp();
    const first = await open('', user.authorization);
    const before = await insertRun(user.id);
    await first.waitFor(hasRun(before));
    const lastEventId = first.events.at(-1)!.id;
    first.close();

    const missed = [await insertRun(user.id), await insertRun(user.id)];
    const resumed = await open('', { ...user.authorization, 'Last-Event-ID': lastEventId });
    await resumed.waitFor(hasRun(missed[1]!));
    expect(runIdsIn(resumed.events)).toEqual(missed);
    expect(resumed.events.every((event) => BigInt(event.id) > BigInt(lastEventId))).toBe(true);

    // The same through the query, for a client that reconnects with a new ticket.
    const ticket = (await ticketFor(user)).ticket;
    const byQuery = await open(`?ticket=${encodeURIComponent(ticket)}&lastEventId=${lastEventId}`);
    await byQuery.waitFor(hasRun(missed[1]!));
    expect(runIdsIn(byQuery.events)).toEqual(missed);
  });

  it('never announces a change that was rolled back', async () => {
    const user = await testbed.signUp();
    const stream = await open('', user.authorization);
    const client = await testbed.product.pool.connect();
    let rolledBack: string;
    try {
      await client.query('begin');
      const { rows } = await client.query<{ id: string }>(
        `insert into sync_runs (user_id, platform, kind, status) values ($1, 'zoho', 'full', 'succeeded') returning id`,
        [user.id],
      );
      rolledBack = rows[0]!.id;
      await client.query('rollback');
    } finally {
      client.release();
    }
    const committed = await insertRun(user.id);
    await stream.waitFor(hasRun(committed));
    expect(runIdsIn(stream.events)).toEqual([committed]);
    expect(runIdsIn(stream.events)).not.toContain(rolledBack);
    const { rows } = await testbed.product.pool.query(`select 1 from live_events where payload->>'runId' = $1`, [rolledBack]);
    expect(rows).toEqual([]);
  });

  it('announces bulk job progress, campaign results and contact deletions in the contract\'s shapes', async () => {
    const user = await testbed.signUp();
    const stream = await open('', user.authorization);
    const one = async (sql: string, values: unknown[]) => (await testbed.product.pool.query<{ id: string }>(sql, values)).rows[0]!.id;
    const jobId = await one(`insert into bulk_jobs (user_id, kind, total_count) values ($1, 'crm_update', 3) returning id`, [user.id]);
    await testbed.product.pool.query(`update bulk_jobs set status = 'succeeded', succeeded_count = 2, failed_count = 1, finished_at = now() where id = $1`, [jobId]);
    const contactId = await one(
      `insert into crm_contacts (user_id, platform, external_id, first_name, phone, phone_e164) values ($1, 'hubspot', '901', 'Ada', '+14155550100', '+14155550100') returning id`,
      [user.id],
    );
    const agentId = await one(`insert into agents (user_id, name, voice, greeting, instructions, contact_count) values ($1, 'Ava', 'alloy', 'Hi', 'Be brief', 1) returning id`, [user.id]);
    const campaignId = await one(`insert into campaigns (user_id, agent_id, name, status, started_at, contact_count) values ($1, $2, 'Spring', 'running', now(), 1) returning id`, [user.id, agentId]);
    const campaignContactId = await one(
      `insert into campaign_contacts (user_id, campaign_id, crm_contact_id, platform, external_id, name, phone_e164) values ($1, $2, $3, 'hubspot', '901', 'Ada', '+14155550100') returning id`,
      [user.id, campaignId, contactId],
    );
    await testbed.product.pool.query(
      `insert into campaign_call_results (user_id, campaign_id, campaign_contact_id, platform, call_id, status, started_at, duration_sec) values ($1, $2, $3, 'hubspot', 'call-1', 'completed', now(), 42), ($1, $2, $3, 'hubspot', 'call-2', 'no_answer', now(), 0)`,
      [user.id, campaignId, campaignContactId],
    );
    await testbed.product.pool.query(`delete from crm_contacts where id = $1`, [contactId]);

    const isDeletion = (event: TLiveEvent) => event.kind === 'contacts_changed' && event.data.count === 1 && event.data.contactIds?.[0] === contactId;
    await stream.waitFor((events) => events.filter(isDeletion).length === 2);
    expect(stream.unparsed).toEqual([]);
    const byKind = (kind: TLiveEvent['kind']) => stream.events.filter((event) => event.kind === kind).map((event) => event.data);
    expect(byKind('bulk_job')).toEqual([
      { jobId, kind: 'crm_update', status: 'queued', counts: { total: 3, succeeded: 0, failed: 0, skipped: 0 }, isFinished: false },
      { jobId, kind: 'crm_update', status: 'succeeded', counts: { total: 3, succeeded: 2, failed: 1, skipped: 0 }, isFinished: true },
    ]);
    // Two results in one statement: one event.
    expect(byKind('campaign_results')).toEqual([{ campaignId, changedResults: 2 }]);
    // Created, then deleted (its campaign contact keeps a snapshot): an event each, naming it.
    expect(byKind('contacts_changed')).toEqual([
      { platform: 'hubspot', count: 1, contactIds: [contactId] },
      { platform: 'hubspot', count: 1, contactIds: [contactId] },
    ]);
  });

  it('names no ids when one statement changes more than 500 contacts, only how many', async () => {
    const user = await testbed.signUp();
    const stream = await open('', user.authorization);
    await testbed.product.pool.query(
      `insert into crm_contacts (user_id, platform, external_id, first_name) select $1, 'zoho', 'z' || n, 'Person ' || n from generate_series(1, 501) n`,
      [user.id],
    );
    const events = await stream.waitFor((received) => received.some((event) => event.kind === 'contacts_changed'));
    expect(events.map((event) => event.data)).toEqual([{ platform: 'zoho', count: 501, contactIds: null }]);
  });

  it(`refuses a user's stream beyond ${MAX_STREAMS_PER_USER} open at once with a 429, and admits one again after a close`, async () => {
    const user = await testbed.signUp();
    const streams = await Promise.all(Array.from({ length: MAX_STREAMS_PER_USER }, () => open('', user.authorization)));
    expect(streams.map((stream) => stream.status)).toEqual(streams.map(() => 200));

    const oneMore = await open('', user.authorization);
    expect(oneMore.status).toBe(429);
    expect(oneMore.errorBody).toMatchObject({ error: { code: 'rate_limited' } });
    // Another user is not affected.
    const other = await open('', (await testbed.signUp()).authorization);
    expect(other.status).toBe(200);

    streams[0]!.close();
    await streams[0]!.ended;
    const deadline = Date.now() + 10_000;
    let again = await open('', user.authorization);
    while (again.status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await open('', user.authorization);
    }
    expect(again.status).toBe(200);
  });

  it('is ended by the server\'s shutdown, as a finished response rather than a cut connection', async () => {
    const product = await startTestProduct();
    try {
      const user = await signUpTestUser(product);
      const stream = await openEventStream(`${product.url}/api/v1/events`, user.authorization);
      opened.push(stream);
      expect(stream.status).toBe(200);
      await product.stop();
      expect(await stream.ended).toEqual({ isClean: true });
    } finally {
      await product.close();
    }
  });
});

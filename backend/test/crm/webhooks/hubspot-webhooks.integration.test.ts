import { HUBSPOT_DEFAULT_APP } from '@voiceagent/crm-sandbox';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestUser } from '../../support/test-users';
import { startSyncTestbed, waitForFirstSync, type SyncTestbed } from '../sync/sync-testbed';
import { contactEvent, deliver, type DeliveryOptions } from './hubspot-delivery';

const PUBLIC_BASE = 'https://hooks.voiceagent.example';
const SIGNED_URL = `${PUBLIC_BASE}/api/v1/crm/hubspot/webhooks`;
const SECRET = HUBSPOT_DEFAULT_APP.clientSecret!;

let testbed: SyncTestbed;
let alice: TestUser;
let bob: TestUser;
let options: DeliveryOptions;

beforeAll(async () => {
  // Workers on (the drain runs in the product), the scheduler's syncs out of the way.
  testbed = await startSyncTestbed({ hubspotContacts: 60, env: { PUBLIC_WEBHOOK_BASE_URL: PUBLIC_BASE, SYNC_INTERVAL_MINUTES: '0' } });
  options = { productUrl: testbed.product.url, signedUrl: SIGNED_URL, clientSecret: SECRET };
  alice = await testbed.signUp();
  bob = await testbed.signUp();
  await testbed.connect(alice, 'hubspot');
  await testbed.connect(bob, 'hubspot');
  await waitForFirstSync(testbed, alice, 'hubspot');
  await waitForFirstSync(testbed, bob, 'hubspot');
}, 120_000);

afterAll(async () => {
  await testbed?.close();
});

const portal = () => testbed.portalId;

function edit(id: string, properties: Record<string, string | null>): void {
  testbed.hubspot.admin.modifyContacts(testbed.portalId, { ids: [id], properties });
}

type Row = { first_name: string | null; deleted_at: Date | null; crm_updated_at: Date | null };

async function contactOf(user: TestUser, externalId: string): Promise<Row | undefined> {
  const { rows } = await testbed.product.pool.query<Row>(
    `select first_name, deleted_at, crm_updated_at from public.crm_contacts where user_id = $1 and platform = 'hubspot' and external_id = $2`,
    [user.id, externalId],
  );
  return rows[0];
}

/** Waits until the drain applied every stored event (of everyone). */
async function waitForDrain(timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await testbed.product.pool.query<{ pending: number; errors: string[] }>(
      'select count(*)::int as pending, array_remove(array_agg(distinct error), null) as errors from public.webhook_events where processed_at is null',
    );
    if (rows[0]!.pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.pending} webhook events still pending after ${timeoutMs} ms: ${rows[0]!.errors.join('; ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function expectAccepted(response: Response, stored: number): Promise<void> {
  expect(response.status, await response.clone().text()).toBe(200);
  expect(await response.json()).toEqual({ received: expect.any(Number), stored });
}

describe('POST /api/v1/crm/hubspot/webhooks: signature v3', () => {
  const body = () => [contactEvent(portal(), 'contact.propertyChange', 3, { propertyName: 'firstname', propertyValue: 'x' })];

  it('accepts a delivery signed with the app secret over PUBLIC_WEBHOOK_BASE_URL, the path, the body and the timestamp', async () => {
    await expectAccepted(await deliver(body(), options), 2);
    await waitForDrain();
  });

  it('answers 401 to a tampered body', async () => {
    const signed = JSON.stringify(body());
    const response = await deliver(signed.replace('"objectId":3', '"objectId":4'), { ...options, signedBody: signed });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('answers 401 to a tampered URI (the query is signed too)', async () => {
    const response = await deliver(body(), { ...options, signedUrl: `${SIGNED_URL}?portal=1`, requestPath: '/api/v1/crm/hubspot/webhooks?portal=2' });
    expect(response.status).toBe(401);
  });

  it('answers 401 to a delivery signed for another host', async () => {
    const response = await deliver(body(), { ...options, signedUrl: 'https://elsewhere.example/api/v1/crm/hubspot/webhooks' });
    expect(response.status).toBe(401);
  });

  it('answers 401 to a correctly signed delivery older than 5 minutes', async () => {
    const response = await deliver(body(), { ...options, timestamp: Date.now() - 6 * 60_000 });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/older than 5 minutes/);
  });

  it('answers 401 to a delivery signed with another secret, or not signed at all', async () => {
    expect((await deliver(body(), { ...options, clientSecret: `${SECRET}-not` })).status).toBe(401);
    expect((await deliver(body(), { ...options, isUnsigned: true })).status).toBe(401);
  });

  it('answers 400 naming the field to a signed body that is not HubSpot events, and 400 to signed non-JSON', async () => {
    const response = await deliver([{ ...body()[0], subscriptionType: 'contact.explode' }], options);
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { code: string; details: unknown } }).error;
    expect(error.code).toBe('validation_failed');
    expect(JSON.stringify(error.details)).toContain('subscriptionType');
    const notJson = await deliver('[{"eventId": 1,', options);
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
  });
});

describe('POST /api/v1/crm/hubspot/webhooks: deliveries applied', () => {
  it('applies a property change to every user connected to the portal within seconds', async () => {
    edit('10', { firstname: 'Pushed' });
    await expectAccepted(await deliver([contactEvent(portal(), 'contact.propertyChange', 10, { propertyName: 'firstname', propertyValue: 'Pushed' })], options), 2);
    await waitForDrain();
    expect((await contactOf(alice, '10'))?.first_name).toBe('Pushed');
    expect((await contactOf(bob, '10'))?.first_name).toBe('Pushed');
    const res = await testbed.api(alice, '/crm/credentials');
    const { connections } = (await res.json()) as { connections: Array<{ platform: string; webhooks: { status: string; lastEventAt: string | null; lagMs: number | null } }> };
    const hubspot = connections.find((connection) => connection.platform === 'hubspot')!;
    expect(hubspot.webhooks.status).toBe('healthy');
    expect(Date.now() - Date.parse(hubspot.webhooks.lastEventAt!)).toBeLessThan(60_000);
    expect(hubspot.webhooks.lagMs).toBeGreaterThanOrEqual(0);
  });

  it('stores and applies a redelivered event once', async () => {
    edit('11', { firstname: 'Once' });
    const event = contactEvent(portal(), 'contact.propertyChange', 11, { propertyName: 'firstname' });
    await expectAccepted(await deliver([event, event], options), 2);
    await expectAccepted(await deliver([{ ...event, attemptNumber: 1 }], options), 0);
    await waitForDrain();
    const { rows } = await testbed.product.pool.query<{ count: number }>(
      `select count(*)::int from public.webhook_events where provider_event_id = $1 and processed_at is not null`,
      [String(event.eventId)],
    );
    expect(rows[0]!.count).toBe(2);
    expect((await contactOf(alice, '11'))?.first_name).toBe('Once');
  });

  it('leaves the newer value when events arrive out of order, and never overwrites a newer row with an older read', async () => {
    edit('12', { firstname: 'First' });
    const first = contactEvent(portal(), 'contact.propertyChange', 12, { occurredAt: Date.now() });
    edit('12', { firstname: 'Second' });
    const second = contactEvent(portal(), 'contact.propertyChange', 12, { occurredAt: Date.now() + 1 });
    await expectAccepted(await deliver([second], options), 2);
    await expectAccepted(await deliver([first], options), 2);
    await waitForDrain();
    expect((await contactOf(alice, '12'))?.first_name).toBe('Second');

    // Our copy already holds a version newer than the one the CRM serves (a read that raced ahead):
    // applying the older read must leave it.
    const ahead = new Date(Date.now() + 3_600_000);
    await testbed.product.pool.query(
      `update public.crm_contacts set first_name = 'Newer', crm_updated_at = $2 where user_id = $1 and platform = 'hubspot' and external_id = '13'`,
      [alice.id, ahead],
    );
    edit('13', { firstname: 'Older' });
    await expectAccepted(await deliver([contactEvent(portal(), 'contact.propertyChange', 13)], options), 2);
    await waitForDrain();
    expect((await contactOf(alice, '13'))?.first_name).toBe('Newer');
    expect((await contactOf(bob, '13'))?.first_name).toBe('Older');
  });

  it('soft-deletes on deletion, and on any event for a record the CRM no longer has', async () => {
    testbed.hubspot.admin.deleteContacts(portal(), { ids: ['14', '15'] });
    await expectAccepted(
      await deliver([contactEvent(portal(), 'contact.deletion', 14), contactEvent(portal(), 'contact.propertyChange', 15)], options),
      4,
    );
    await waitForDrain();
    expect((await contactOf(alice, '14'))?.deleted_at).not.toBeNull();
    expect((await contactOf(alice, '15'))?.deleted_at).not.toBeNull();
  });

  it('acknowledges and drops events of a portal nobody connected here', async () => {
    await expectAccepted(await deliver([contactEvent(987_654_321, 'contact.creation', 1)], options), 0);
    const { rows } = await testbed.product.pool.query<{ count: number }>(`select count(*)::int from public.webhook_events where object_id = '1' and kind = 'created'`);
    expect(rows[0]!.count).toBe(0);
  });
});

describe('POST /api/v1/crm/hubspot/webhooks: merges and privacy deletions', () => {
  /** An agent and a campaign of Alice's, each holding a snapshot of these contacts. */
  async function snapshotsOf(externalIds: string[]): Promise<{ agentId: string; campaignId: string }> {
    const db = testbed.product.pool;
    const agent = await db.query<{ id: string }>(`insert into public.agents (user_id, name) values ($1, 'Merge test') returning id`, [alice.id]);
    const agentId = agent.rows[0]!.id;
    const campaign = await db.query<{ id: string }>(`insert into public.campaigns (user_id, agent_id, name) values ($1, $2, 'Merge test') returning id`, [alice.id, agentId]);
    const campaignId = campaign.rows[0]!.id;
    for (const externalId of externalIds) {
      const { rows } = await db.query<{ id: string; first_name: string | null }>(
        `select id, first_name from public.crm_contacts where user_id = $1 and platform = 'hubspot' and external_id = $2`,
        [alice.id, externalId],
      );
      await db.query(
        `insert into public.agent_contacts (user_id, agent_id, crm_contact_id, platform, external_id, first_name, phone_e164) values ($1, $2, $3, 'hubspot', $4, $5, '+14155550100')`,
        [alice.id, agentId, rows[0]!.id, externalId, rows[0]!.first_name],
      );
      await db.query(
        `insert into public.campaign_contacts (user_id, campaign_id, crm_contact_id, platform, external_id, name, email, phone_e164, notes) values ($1, $2, $3, 'hubspot', $4, $5, 'p@example.com', '+14155550100', 'said hello')`,
        [alice.id, campaignId, rows[0]!.id, externalId, rows[0]!.first_name],
      );
    }
    await db.query(`update public.agents set contact_count = $2 where id = $1`, [agentId, externalIds.length]);
    return { agentId, campaignId };
  }

  it('moves the losing record’s history to the winner and deletes the loser’s row', async () => {
    const { agentId, campaignId } = await snapshotsOf(['21']);
    // HubSpot keeps the primary (20) and archives the merged record (21).
    testbed.hubspot.admin.deleteContacts(portal(), { ids: ['21'] });
    edit('20', { firstname: 'Merged' });
    await expectAccepted(await deliver([contactEvent(portal(), 'contact.merge', 20, { primaryObjectId: 20, mergedObjectIds: [21], numberOfPropertiesMoved: 3 })], options), 2);
    await waitForDrain();

    expect(await contactOf(alice, '21')).toBeUndefined();
    expect((await contactOf(alice, '20'))?.first_name).toBe('Merged');
    const winner = await testbed.product.pool.query<{ id: string }>(`select id from public.crm_contacts where user_id = $1 and platform = 'hubspot' and external_id = '20'`, [alice.id]);
    const agentRows = await testbed.product.pool.query(`select crm_contact_id, external_id from public.agent_contacts where agent_id = $1`, [agentId]);
    expect(agentRows.rows).toEqual([{ crm_contact_id: winner.rows[0]!.id, external_id: '20' }]);
    const campaignRows = await testbed.product.pool.query(`select crm_contact_id, external_id, notes from public.campaign_contacts where campaign_id = $1`, [campaignId]);
    expect(campaignRows.rows).toEqual([{ crm_contact_id: winner.rows[0]!.id, external_id: '20', notes: 'said hello' }]);
  });

  it('removes a privacy-deleted contact’s row and blanks the copies agents and campaigns hold', async () => {
    const { agentId, campaignId } = await snapshotsOf(['30']);
    testbed.hubspot.admin.deleteContacts(portal(), { ids: ['30'] });
    await expectAccepted(await deliver([contactEvent(portal(), 'contact.privacyDeletion', 30)], options), 2);
    await waitForDrain();

    expect(await contactOf(alice, '30')).toBeUndefined();
    expect(await contactOf(bob, '30')).toBeUndefined();
    const agentRows = await testbed.product.pool.query(`select 1 from public.agent_contacts where agent_id = $1`, [agentId]);
    expect(agentRows.rowCount).toBe(0);
    const agent = await testbed.product.pool.query<{ contact_count: number }>(`select contact_count from public.agents where id = $1`, [agentId]);
    expect(agent.rows[0]!.contact_count).toBe(0);
    const campaignRows = await testbed.product.pool.query(`select name, email, phone_e164, notes, call_status from public.campaign_contacts where campaign_id = $1`, [campaignId]);
    expect(campaignRows.rows).toEqual([{ name: null, email: null, phone_e164: null, notes: null, call_status: 'skipped' }]);
  });
});

describe('real-time sync health and retention', () => {
  type Health = { status: string; lastEventAt: string | null; lagMs: number | null };
  async function healthOf(user: TestUser): Promise<Health> {
    const res = await testbed.api(user, '/crm/credentials');
    const { connections } = (await res.json()) as { connections: Array<{ platform: string; webhooks: Health }> };
    return connections.find((connection) => connection.platform === 'hubspot')!.webhooks;
  }

  it('turns degraded when an incremental sync finds changes long after the last event, and healthy again with the next event', async () => {
    await testbed.product.pool.query(`update public.user_crm_credentials set webhook_last_event_at = now() - interval '2 hours' where user_id = $1`, [alice.id]);
    edit('50', { firstname: 'Unpushed' });
    const started = await testbed.api(alice, '/crm/hubspot/sync', { method: 'POST' });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    expect((await testbed.waitForRun(alice, runId)).status).toBe('succeeded');
    expect((await healthOf(alice)).status).toBe('degraded');

    await expectAccepted(await deliver([contactEvent(portal(), 'contact.propertyChange', 50)], options), 2);
    await waitForDrain();
    expect((await healthOf(alice)).status).toBe('healthy');
  });

  it('gives up an event that failed 20 times, so that it no longer holds the connection’s later events back', async () => {
    const { rows } = await testbed.product.pool.query<{ id: string }>(`select id from public.user_crm_credentials where user_id = $1 and platform = 'hubspot'`, [alice.id]);
    const connectionId = rows[0]!.id;
    // HubSpot has no leads: reading this one fails every time.
    const insert = (eventId: string, attempts: number) =>
      testbed.product.pool.query(
        `insert into public.webhook_events (connection_id, user_id, platform, provider_event_id, kind, object_type, object_id, occurred_at, attempts)
         values ($1, $2, 'hubspot', $3, 'updated', 'lead', '51', now(), $4)`,
        [connectionId, alice.id, eventId, attempts],
      );
    await insert('poison-0', 19);
    await expect(testbed.product.services.webhooks.drain.drainConnection(connectionId)).rejects.toThrow(/leads/);
    await insert('poison-1', 20);
    await testbed.product.services.webhooks.drain.drainConnection(connectionId);
    const earlier = await testbed.product.pool.query<{ processed_at: Date | null }>(`select processed_at from public.webhook_events where provider_event_id = 'poison-0'`);
    expect(earlier.rows[0]!.processed_at).not.toBeNull();
    const poison = await testbed.product.pool.query<{ processed_at: Date | null }>(`select processed_at from public.webhook_events where provider_event_id = 'poison-1'`);
    expect(poison.rows[0]!.processed_at).not.toBeNull();
  });

  it('deletes applied events older than 7 days and keeps the rest', async () => {
    const { rows } = await testbed.product.pool.query<{ id: string }>(`select id from public.webhook_events where processed_at is not null order by id limit 3`);
    const old = rows.map((row) => row.id);
    await testbed.product.pool.query(`update public.webhook_events set processed_at = now() - interval '8 days' where id = any($1::bigint[])`, [old]);
    const before = await testbed.product.pool.query<{ count: number }>('select count(*)::int from public.webhook_events');

    await testbed.product.services.webhooks.sweep();

    const left = await testbed.product.pool.query<{ count: number }>('select count(*)::int from public.webhook_events');
    expect(left.rows[0]!.count).toBe(before.rows[0]!.count - 3);
    const gone = await testbed.product.pool.query('select 1 from public.webhook_events where id = any($1::bigint[])', [old]);
    expect(gone.rowCount).toBe(0);
  });
});

describe('POST /api/v1/crm/hubspot/webhooks: database outage', () => {
  it('answers 503 while the database is down, and a redelivery afterwards loses nothing', async () => {
    const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
    await admin.connect();
    const database = new URL(testbed.product.config.databaseUrl!).pathname.slice(1);
    await waitForDrain();
    edit('40', { firstname: 'AfterOutage' });
    const delivery = [contactEvent(portal(), 'contact.propertyChange', 40)];
    try {
      await admin.query(`alter database ${database} allow_connections false`);
      // The API's pool loses its connections and cannot make new ones. The job queue's are left:
      // pg-boss leaves a connection lost while it holds it unheard, which would end this test process.
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'voiceagent-api'`, [database]);
      const during = await deliver(delivery, options);
      expect(during.status).toBe(503);
      expect(((await during.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
    } finally {
      await admin.query(`alter database ${database} allow_connections true`);
      await admin.end();
    }
    // HubSpot retries with backoff; the first retries may still meet a pool reconnecting.
    let after: Response | undefined;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      after = await deliver([{ ...delivery[0]!, attemptNumber: attempt + 1 }], options);
      if (after.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await expectAccepted(after!, 2);
    await waitForDrain(30_000);
    expect((await contactOf(alice, '40'))?.first_name).toBe('AfterOutage');
    expect((await contactOf(bob, '40'))?.first_name).toBe('AfterOutage');
  }, 60_000);
});

import { HUBSPOT_DEFAULT_APP } from '@voiceagent/crm-sandbox';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/http/app-error';
import { createPgBudgetStore } from '../../../src/crm/provider-http/pg-budget-store';
import { createCrmRegistry } from '../../../src/crm/registry';
import { createWebhookDrain, type WebhookDrain } from '../../../src/crm/webhooks/webhook-drain';
import type { TestUser } from '../../support/test-users';
import { startSyncTestbed, type SyncTestbed } from '../sync/sync-testbed';
import { contactEvent, deliver, type DeliveryOptions } from './hubspot-delivery';

/**
 * The drain when HubSpot will not answer: rate limits, server errors and a revoked grant. The
 * product's workers are off, so nothing drains behind the test's back: it runs a drain of its own
 * on the product's database and credentials, with the HTTP client's retries cut to one, and
 * calls it as the job would be called (and retried by pg-boss).
 */
const PUBLIC_BASE = 'https://hooks.voiceagent.example';
const BATCH_READ = '/crm/v3/objects/contacts/batch/read';

let testbed: SyncTestbed;
let user: TestUser;
let connectionId: string;
let drain: WebhookDrain;
let options: DeliveryOptions;

beforeAll(async () => {
  testbed = await startSyncTestbed({ hubspotContacts: 40, env: { PUBLIC_WEBHOOK_BASE_URL: PUBLIC_BASE, SYNC_WORKERS: 'off', SYNC_INTERVAL_MINUTES: '0' } });
  options = { productUrl: testbed.product.url, signedUrl: `${PUBLIC_BASE}/api/v1/crm/hubspot/webhooks`, clientSecret: HUBSPOT_DEFAULT_APP.clientSecret! };
  user = await testbed.signUp();
  await testbed.connect(user, 'hubspot');
  const { pool, config, services } = testbed.product;
  connectionId = (await pool.query<{ id: string }>(`select id from public.user_crm_credentials where user_id = $1 and platform = 'hubspot'`, [user.id])).rows[0]!.id;
  const registry = createCrmRegistry(config.crm, { budgets: createPgBudgetStore(pool), http: { retries: 1, baseDelayMs: 20, maxDelayMs: 100 } });
  drain = createWebhookDrain({ pool, registry, credentials: services.credentials, logger: pino({ level: 'silent' }), defaultPhoneRegion: 'US' });
}, 60_000);
afterEach(() => {
  testbed.hubspot.admin.clearFaults();
});
afterAll(async () => {
  await testbed?.close();
});

async function pushEdit(id: number, firstname: string): Promise<void> {
  testbed.hubspot.admin.modifyContacts(testbed.portalId, { ids: [String(id)], properties: { firstname } });
  const response = await deliver([contactEvent(testbed.portalId, 'contact.propertyChange', id, { propertyName: 'firstname', propertyValue: firstname })], options);
  expect(response.status, await response.clone().text()).toBe(200);
  expect(await response.json()).toMatchObject({ stored: 1 });
}

async function pendingEvents(): Promise<Array<{ object_id: string; attempts: number }>> {
  const { rows } = await testbed.product.pool.query<{ object_id: string; attempts: number }>(
    'select object_id, attempts from public.webhook_events where connection_id = $1 and processed_at is null order by id',
    [connectionId],
  );
  return rows;
}

async function firstNameOf(id: number): Promise<string | null | undefined> {
  const { rows } = await testbed.product.pool.query<{ first_name: string | null }>(
    `select first_name from public.crm_contacts where user_id = $1 and platform = 'hubspot' and external_id = $2 and deleted_at is null`,
    [user.id, String(id)],
  );
  return rows[0]?.first_name;
}

async function connectionStatus(): Promise<string> {
  const res = await testbed.api(user, '/crm/credentials');
  const { connections } = (await res.json()) as { connections: Array<{ platform: string; status: string }> };
  return connections.find((connection) => connection.platform === 'hubspot')!.status;
}

async function drainFailure(): Promise<string> {
  const error: unknown = await drain.drainConnection(connectionId).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe('the webhook drain under provider faults', () => {
  it('keeps the events pending through a HubSpot 429 on the batch read and applies them all on the retry', async () => {
    await pushEdit(3, 'Throttled');
    await pushEdit(4, 'Throttled too');
    testbed.hubspot.admin.addFault({ kind: 'status', status: 429, pathPrefix: BATCH_READ, count: 2 });
    expect(await drainFailure()).toBe('provider_rate_limited');
    expect(await pendingEvents()).toEqual([
      { object_id: '3', attempts: 1 },
      { object_id: '4', attempts: 1 },
    ]);
    expect(await firstNameOf(3)).not.toBe('Throttled');

    expect(await drain.drainConnection(connectionId)).toBe(2);
    expect(await pendingEvents()).toEqual([]);
    expect(await firstNameOf(3)).toBe('Throttled');
    expect(await firstNameOf(4)).toBe('Throttled too');
  });

  it('keeps the events pending through a HubSpot 5xx on the batch read and applies them on the retry', async () => {
    await pushEdit(5, 'Unavailable');
    testbed.hubspot.admin.addFault({ kind: 'status', status: 503, pathPrefix: BATCH_READ, count: 2 });
    expect(await drainFailure()).toBe('provider_unavailable');
    expect(await pendingEvents()).toEqual([{ object_id: '5', attempts: 1 }]);

    // Still failing on the next try: still pending, one more attempt counted, nothing lost.
    testbed.hubspot.admin.addFault({ kind: 'status', status: 500, pathPrefix: BATCH_READ, count: 2 });
    expect(await drainFailure()).toBe('provider_unavailable');
    expect(await pendingEvents()).toEqual([{ object_id: '5', attempts: 2 }]);

    expect(await drain.drainConnection(connectionId)).toBe(1);
    expect(await pendingEvents()).toEqual([]);
    expect(await firstNameOf(5)).toBe('Unavailable');
  });

  it('marks the connection needs-reconnect on a revoked grant, keeps the events (and those arriving meanwhile), and drains them after the reconnect', async () => {
    await pushEdit(6, 'Revoked before');
    testbed.hubspot.admin.revokeTokens({ accountId: testbed.portalId });

    expect(await drain.drainConnection(connectionId)).toBe(0);
    expect(await connectionStatus()).toBe('needs_reauth');
    expect(await pendingEvents()).toEqual([{ object_id: '6', attempts: 0 }]);

    // Deliveries while it waits are stored for it, not dropped; draining again changes nothing.
    await pushEdit(7, 'Revoked meanwhile');
    expect(await drain.drainConnection(connectionId)).toBe(0);
    expect((await pendingEvents()).map((event) => event.object_id)).toEqual(['6', '7']);

    // The reconnect wakes the connection's drain job (the test's drain stands in for the worker).
    await testbed.product.pool.query(`delete from pgboss.job where name = 'crm-webhook-drain-hubspot' and singleton_key = $1`, [connectionId]);
    await testbed.connect(user, 'hubspot');
    expect(await connectionStatus()).toBe('connected');
    const { rows: jobs } = await testbed.product.pool.query(`select 1 from pgboss.job where name = 'crm-webhook-drain-hubspot' and singleton_key = $1 and state = 'created'`, [connectionId]);
    expect(jobs).toHaveLength(1);

    expect(await drain.drainConnection(connectionId)).toBe(2);
    expect(await pendingEvents()).toEqual([]);
    expect(await firstNameOf(6)).toBe('Revoked before');
    expect(await firstNameOf(7)).toBe('Revoked meanwhile');
  });
});

describe('contact.restore', () => {
  it('brings a contact deleted here back when HubSpot restores it', async () => {
    await pushEdit(9, 'Lazarus');
    expect(await drain.drainConnection(connectionId)).toBe(1);
    expect(await firstNameOf(9)).toBe('Lazarus');

    testbed.hubspot.admin.deleteContacts(testbed.portalId, { ids: ['9'] });
    expect((await deliver([contactEvent(testbed.portalId, 'contact.deletion', 9)], options)).status).toBe(200);
    expect(await drain.drainConnection(connectionId)).toBe(1);
    expect(await firstNameOf(9)).toBeUndefined();

    testbed.hubspot.admin.restoreContacts(testbed.portalId, { ids: ['9'] });
    expect((await deliver([contactEvent(testbed.portalId, 'contact.restore', 9)], options)).status).toBe(200);
    expect(await drain.drainConnection(connectionId)).toBe(1);
    expect(await firstNameOf(9)).toBe('Lazarus');
    const res = await testbed.api(user, '/crm/contacts?platform=hubspot&q=Lazarus');
    const body = (await res.json()) as { items: Array<{ externalId: string }> };
    expect(body.items.map((item) => item.externalId)).toEqual(['9']);
  });
});

describe('events kept for a connection never reconnected', () => {
  it('are deleted by the sweep once older than 7 days, while newer ones stay', async () => {
    await pushEdit(11, 'Abandoned');
    testbed.hubspot.admin.revokeTokens({ accountId: testbed.portalId });
    expect(await drain.drainConnection(connectionId)).toBe(0);
    expect(await connectionStatus()).toBe('needs_reauth');
    await pushEdit(12, 'Recent');
    await testbed.product.pool.query(`update public.webhook_events set received_at = now() - interval '8 days' where connection_id = $1 and object_id = '11'`, [connectionId]);

    await testbed.product.services.webhooks.sweep();
    expect((await pendingEvents()).map((event) => event.object_id)).toEqual(['12']);
  });
});

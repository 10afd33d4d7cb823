import { Client, Signature } from '@hubspot/api-client';
import { afterEach, describe, expect, it } from 'vitest';
import { HUBSPOT_DEFAULT_APP, HUBSPOT_DEVELOPER_API_KEY, startHubSpotSandbox, type HubSpotAppWebhooksInput, type HubSpotWebhookOptions, type RunningHubSpotSandbox } from '../../src/hubspot';
import { call, startTestSandbox, type HubSpotObject, type TestSandbox } from './helpers';
import { startReceiver, type Responder, type TestReceiver } from './webhook-receiver';

const SECRET = HUBSPOT_DEFAULT_APP.clientSecret!;
/** 90 s × 0.0002: retries after about 18 ms, 36 ms, 72 ms… */
const FAST_RETRIES: HubSpotWebhookOptions = { batchWindowMs: 10, retryDelayScale: 0.0002, timeoutMs: 1000, reorderHoldMs: 10_000 };
/** A loaded CI machine answers slowly; the flushes below wait up to 5 s. */
const SLOW_MACHINE = { timeout: 20_000 };

let sandbox: TestSandbox;
let receiver: TestReceiver;
const cleanups: Array<() => Promise<void>> = [];

async function setUp(respond: Responder = () => 200, webhooks: HubSpotWebhookOptions = FAST_RETRIES, subscriptions: HubSpotAppWebhooksInput['subscriptions'] = [{ eventType: 'contact.creation' }]) {
  sandbox = await startTestSandbox({ webhooks });
  receiver = await startReceiver(SECRET, respond);
  cleanups.push(() => sandbox.close(), () => receiver.close());
  const appId = sandbox.admin.listApps()[0]!.appId;
  sandbox.admin.configureAppWebhooks(appId, { targetUrl: receiver.url, subscriptions });
}

async function createContact(name: string): Promise<number> {
  const created = await call<HubSpotObject>(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token, json: { properties: { firstname: name } } });
  expect(created.status).toBe(201);
  return Number(created.body.id);
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('HubSpot sandbox webhooks: delivery', SLOW_MACHINE, () => {
  it('retries a batch the target refused with a 500, with attemptNumber incremented', async () => {
    await setUp((n) => (n === 0 ? 500 : 200));
    const id = await createContact('Retry');

    const flushed = await sandbox.admin.flushWebhooks({ timeoutMs: 5000 });
    expect(flushed.isIdle).toBe(true);
    expect(receiver.deliveries.map((delivery) => delivery.events.map((event) => [event.objectId, event.attemptNumber]))).toEqual([[[id, 0]], [[id, 1]]]);
    expect(receiver.deliveries[1]!.events[0]!.eventId).toBe(receiver.deliveries[0]!.events[0]!.eventId);
    // Each attempt is signed at its own timestamp.
    expect(receiver.deliveries.every((delivery) => delivery.isSignatureValid)).toBe(true);
    expect(flushed.stats).toMatchObject({ requestsSent: 2, requestsFailed: 1, eventsDelivered: 1, pendingEvents: 0 });
    expect(flushed.stats.recentAttempts.map((attempt) => attempt.status)).toEqual([500, 200]);
  });

  it('gives up after the configured number of retries', async () => {
    await setUp(() => 503, { ...FAST_RETRIES, retryLimit: 3 });
    await createContact('Doomed');

    const flushed = await sandbox.admin.flushWebhooks({ timeoutMs: 5000, retryNow: true });
    expect(flushed.isIdle).toBe(true);
    expect(receiver.deliveries.map((delivery) => delivery.events[0]!.attemptNumber)).toEqual([0, 1, 2, 3]);
    expect(flushed.stats).toMatchObject({ eventsExhausted: 1, eventsDelivered: 0, requestsFailed: 4 });
  });

  it('delivers a batch twice under a webhook-duplicate fault, with the same event ids', async () => {
    await setUp();
    sandbox.admin.addFault({ kind: 'webhook-duplicate', count: 1 });
    await createContact('Twice');

    await sandbox.admin.flushWebhooks({ timeoutMs: 5000 });
    expect(receiver.deliveries).toHaveLength(2);
    expect(receiver.deliveries[1]!.body).toBe(receiver.deliveries[0]!.body);
    expect(sandbox.admin.webhookDeliveries()).toMatchObject({ duplicatesSent: 1, eventsDelivered: 1 });
  });

  it('sends a later batch first under a webhook-reorder fault', async () => {
    await setUp();
    sandbox.admin.addFault({ kind: 'webhook-reorder', count: 1 });
    const first = await createContact('First');
    await until(() => sandbox.admin.webhookDeliveries().heldBatches === 1);
    const second = await createContact('Second');

    await sandbox.admin.flushWebhooks({ timeoutMs: 5000 });
    expect(receiver.deliveries.map((delivery) => delivery.events.map((event) => event.objectId))).toEqual([[second], [first]]);
  });

  it('delays a delivery under a webhook-delay fault while later ones overtake it', async () => {
    await setUp();
    sandbox.admin.addFault({ kind: 'webhook-delay', latencyMs: 1500, count: 1 });
    const slow = await createContact('Slow');
    await until(() => sandbox.admin.webhookDeliveries().inFlightRequests === 1);
    const quick = await createContact('Quick');

    await sandbox.admin.flushWebhooks({ timeoutMs: 5000 });
    expect(receiver.deliveries.map((delivery) => delivery.events[0]!.objectId)).toEqual([quick, slow]);
    expect(sandbox.admin.webhookDeliveries().recentAttempts.find((attempt) => attempt.fault === 'webhook-delay')?.status).toBe(200);
  });

  it('fails attempts under a webhook-fail fault without calling the target, then retries', async () => {
    await setUp();
    sandbox.admin.addFault({ kind: 'webhook-fail', count: 2 });
    await createContact('Failing');

    await sandbox.admin.flushWebhooks({ timeoutMs: 5000 });
    expect(receiver.deliveries.map((delivery) => delivery.events[0]!.attemptNumber)).toEqual([2]);
    expect(sandbox.admin.webhookDeliveries().recentAttempts.map((attempt) => attempt.fault)).toEqual(['webhook-fail', 'webhook-fail', null]);
  });

  it('keeps answering the API at once while the target hangs, and drops what exceeds the bound', async () => {
    await setUp(() => 'hang', { batchWindowMs: 5, maxBatchSize: 1, timeoutMs: 2000, maxQueuedEvents: 20, retryDelayScale: 0.0002 });
    const started = performance.now();
    for (let i = 0; i < 60; i += 1) await createContact(`Busy ${i}`);
    const elapsed = performance.now() - started;

    const stats = sandbox.admin.webhookDeliveries();
    // 60 creates take well under a second here; a blocked API would take 60 × 2 s.
    expect(elapsed).toBeLessThan(10_000);
    expect(stats.pendingEvents).toBe(20);
    expect(stats.eventsDropped).toBe(40);
    expect(stats.inFlightRequests).toBeLessThanOrEqual(10);
    const flushed = await sandbox.admin.flushWebhooks({ timeoutMs: 50 });
    expect(flushed.isIdle).toBe(false);
  });

  it('starts sending only after a long admin edit returns, so no request times out while it runs', async () => {
    await setUp(() => 204, FAST_RETRIES, [{ eventType: 'contact.propertyChange', propertyName: 'jobtitle' }]);
    sandbox.admin.modifyContacts(sandbox.portalId, { count: 500 });
    const during = sandbox.admin.webhookDeliveries();
    expect(during).toMatchObject({ inFlightRequests: 0, readyBatches: 5 });

    const flushed = await sandbox.admin.flushWebhooks({ timeoutMs: 5000 });
    expect(flushed.stats).toMatchObject({ eventsDelivered: 500, requestsFailed: 0 });
  });

  it('records a connection error for a target nobody listens on', async () => {
    await setUp();
    await receiver.close();
    await createContact('Nobody home');
    await until(() => sandbox.admin.webhookDeliveries().requestsFailed >= 1);
    const attempt = sandbox.admin.webhookDeliveries().recentAttempts[0]!;
    expect(attempt.status).toBeNull();
    expect(attempt.error).toMatch(/ECONNREFUSED|fetch failed/);
  });
});

describe('HubSpot sandbox webhooks: configured with @hubspot/api-client', SLOW_MACHINE, () => {
  let running: RunningHubSpotSandbox;

  afterEach(() => running.close());

  it('sets the target and a subscription through /webhooks/v3, and the signature passes the client\u2019s own check', async () => {
    // The real clock: the client's check refuses timestamps older than five minutes.
    running = await startHubSpotSandbox({ webhooks: { batchWindowMs: 10 } });
    receiver = await startReceiver(SECRET);
    cleanups.push(() => receiver.close());
    const appId = running.admin.listApps()[0]!.appId;
    const developer = new Client({ developerApiKey: HUBSPOT_DEVELOPER_API_KEY, basePath: running.url });

    const settings = await developer.webhooks.settingsApi.configure(appId, { targetUrl: receiver.url, throttling: { maxConcurrentRequests: 5 } });
    expect(settings.targetUrl).toBe(receiver.url);
    const subscription = await developer.webhooks.subscriptionsApi.create(appId, { eventType: 'contact.creation' as never, active: true });
    expect(subscription.active).toBe(true);
    const listed = await developer.webhooks.subscriptionsApi.getAll(appId);
    expect(listed.results.map((result) => result.id)).toEqual([subscription.id]);

    const token = running.admin.mintToken(62515).access_token;
    const created = await new Client({ accessToken: token, basePath: running.url }).crm.contacts.basicApi.create({ properties: { firstname: 'Client' }, associations: [] });
    await running.admin.flushWebhooks({ timeoutMs: 5000 });

    const [delivery] = receiver.deliveries;
    expect(delivery!.events).toEqual([expect.objectContaining({ subscriptionId: Number(subscription.id), objectId: Number(created.id) })]);
    expect(
      Signature.isValid({ signatureVersion: 'v3', signature: delivery!.signature, method: 'POST', clientSecret: SECRET, requestBody: delivery!.body, url: delivery!.uri, timestamp: delivery!.timestamp }),
    ).toBe(true);

    await developer.webhooks.subscriptionsApi.update(Number(subscription.id), appId, { active: false });
    expect((await developer.webhooks.subscriptionsApi.getById(Number(subscription.id), appId)).active).toBe(false);
  });

  it('refuses a wrong developer API key with 401', async () => {
    running = await startHubSpotSandbox();
    const appId = running.admin.listApps()[0]!.appId;
    const refused = await call(running.url, `/webhooks/v3/${appId}/settings?hapikey=wrong`);
    expect(refused.status).toBe(401);
    const unknownApp = await call(running.url, `/webhooks/v3/42/settings?hapikey=${HUBSPOT_DEVELOPER_API_KEY}`);
    expect(unknownApp.status).toBe(400);
  });
});

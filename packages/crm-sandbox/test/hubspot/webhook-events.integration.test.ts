import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HUBSPOT_DEFAULT_APP, type HubSpotAppWebhooksInput, type HubSpotWebhookEvent } from '../../src/hubspot';
import { call, startTestSandbox, type HubSpotObject, type TestSandbox } from './helpers';
import { startReceiver, type TestReceiver } from './webhook-receiver';

const SECRET = HUBSPOT_DEFAULT_APP.clientSecret!;

let sandbox: TestSandbox;
let receiver: TestReceiver;
let appId: number;

async function subscribe(input: Omit<HubSpotAppWebhooksInput, 'targetUrl'> = {}): Promise<void> {
  sandbox.admin.configureAppWebhooks(appId, { targetUrl: receiver.url, ...input });
}

/** Waits until every event is delivered, then returns what the receiver got. */
async function delivered(): Promise<HubSpotWebhookEvent[]> {
  const { isIdle } = await sandbox.admin.flushWebhooks({ timeoutMs: 5000 });
  expect(isIdle).toBe(true);
  return receiver.events();
}

function ofType(events: HubSpotWebhookEvent[], type: string): HubSpotWebhookEvent[] {
  return events.filter((event) => event.subscriptionType === type);
}

beforeEach(async () => {
  sandbox = await startTestSandbox({ webhooks: { batchWindowMs: 10 } });
  receiver = await startReceiver(SECRET);
  appId = sandbox.admin.listApps()[0]!.appId;
});

afterEach(async () => {
  await sandbox.close();
  await receiver.close();
});

// A loaded CI machine answers slowly; each test may wait up to 5 s for its deliveries.
describe('HubSpot sandbox webhooks: the events of each contact change', { timeout: 20_000 }, () => {
  it('sends a creation and one propertyChange per property set when the API creates a contact, signed v3', async () => {
    await subscribe();
    const created = await call<HubSpotObject>(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token, json: { properties: { email: 'ada@example.com', firstname: 'Ada' } } });
    expect(created.status).toBe(201);

    const events = await delivered();
    const [creation] = ofType(events, 'contact.creation');
    expect(creation).toMatchObject({
      objectId: Number(created.body.id),
      portalId: sandbox.portalId,
      appId,
      occurredAt: sandbox.clock.now(),
      attemptNumber: 0,
      changeSource: 'API',
      changeFlag: 'NEW',
    });
    expect(typeof creation!.eventId).toBe('number');
    expect(typeof creation!.subscriptionId).toBe('number');
    const changes = ofType(events, 'contact.propertyChange').map((event) => [event.propertyName, event.propertyValue]);
    expect(changes.sort()).toEqual([
      ['email', 'ada@example.com'],
      ['firstname', 'Ada'],
    ]);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);
    expect(receiver.deliveries.every((delivery) => delivery.isSignatureValid)).toBe(true);
    expect(receiver.deliveries[0]!.uri).toBe(receiver.url);
  });

  it('sends a propertyChange only for the properties whose value changed, from the API and from the admin', async () => {
    const before = await call<HubSpotObject>(sandbox.url, '/crm/v3/objects/contacts/7?properties=firstname', { token: sandbox.token });
    sandbox.admin.modifyContacts(sandbox.portalId, { ids: ['8'], properties: { jobtitle: 'Temporary', lifecyclestage: 'subscriber' } });
    await subscribe();
    await call(sandbox.url, '/crm/v3/objects/contacts/7', { method: 'PATCH', token: sandbox.token, json: { properties: { jobtitle: 'Pilot', firstname: before.body.properties.firstname } } });
    sandbox.admin.modifyContacts(sandbox.portalId, { ids: ['8'], properties: { lifecyclestage: 'customer', jobtitle: null } });

    const events = await delivered();
    const summary = events.map((event) => [event.subscriptionType, event.objectId, event.propertyName, event.propertyValue, event.changeSource]);
    expect(summary).toContainEqual(['contact.propertyChange', 7, 'jobtitle', 'Pilot', 'API']);
    expect(summary).toContainEqual(['contact.propertyChange', 8, 'lifecyclestage', 'customer', 'CRM_UI']);
    expect(events.some((event) => event.objectId === 7 && event.propertyName === 'firstname')).toBe(false);
    // Cleared: HubSpot sends an empty value.
    expect(summary).toContainEqual(['contact.propertyChange', 8, 'jobtitle', '', 'CRM_UI']);
  });

  it('sends a deletion for an archive by id, by batch and by the admin', async () => {
    await subscribe({ subscriptions: [{ eventType: 'contact.deletion' }] });
    await call(sandbox.url, '/crm/v3/objects/contacts/11', { method: 'DELETE', token: sandbox.token });
    await call(sandbox.url, '/crm/v3/objects/contacts/batch/archive', { token: sandbox.token, json: { inputs: [{ id: '12' }, { id: '13' }] } });
    sandbox.admin.deleteContacts(sandbox.portalId, { ids: ['14'] });
    // Archiving an archived contact is no change.
    await call(sandbox.url, '/crm/v3/objects/contacts/11', { method: 'DELETE', token: sandbox.token });

    const events = await delivered();
    expect(events.map((event) => [event.objectId, event.subscriptionType, event.changeFlag]).sort()).toEqual([
      [11, 'contact.deletion', 'DELETED'],
      [12, 'contact.deletion', 'DELETED'],
      [13, 'contact.deletion', 'DELETED'],
      [14, 'contact.deletion', 'DELETED'],
    ]);
  });

  it('sends a merge naming the primary and the merged contact, which is gone afterwards', async () => {
    const loser = await call<HubSpotObject>(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token, json: { properties: { email: 'loser@example.com', company: 'Loser Ltd' } } });
    const winner = await call<HubSpotObject>(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token, json: { properties: { email: 'winner@example.com' } } });
    await subscribe();

    const merged = await call<HubSpotObject>(sandbox.url, '/crm/v3/objects/contacts/merge', {
      token: sandbox.token,
      json: { primaryObjectId: winner.body.id, objectIdToMerge: loser.body.id },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.id).toBe(winner.body.id);

    const events = await delivered();
    expect(ofType(events, 'contact.merge')).toEqual([
      expect.objectContaining({
        objectId: Number(winner.body.id),
        primaryObjectId: Number(winner.body.id),
        mergedObjectIds: [Number(loser.body.id)],
        newObjectId: Number(winner.body.id),
        changeFlag: 'MERGED',
      }),
    ]);
    // The primary had no company: it took the merged contact's, and says so.
    expect(ofType(events, 'contact.propertyChange').map((event) => [event.objectId, event.propertyName, event.propertyValue])).toEqual([[Number(winner.body.id), 'company', 'Loser Ltd']]);
    expect((await call(sandbox.url, `/crm/v3/objects/contacts/${loser.body.id}`, { token: sandbox.token })).status).toBe(404);
    expect((await call(sandbox.url, `/crm/v3/objects/contacts/${loser.body.id}?archived=true`, { token: sandbox.token })).status).toBe(404);
  });

  it('refuses a merge of a contact with itself or with one that does not exist', async () => {
    const self = await call(sandbox.url, '/crm/v3/objects/contacts/merge', { token: sandbox.token, json: { primaryObjectId: '5', objectIdToMerge: '5' } });
    expect(self.status).toBe(400);
    const missing = await call(sandbox.url, '/crm/v3/objects/contacts/merge', { token: sandbox.token, json: { primaryObjectId: '5', objectIdToMerge: '99999999' } });
    expect(missing.status).toBe(404);
  });

  it('sends a restore when the admin brings a contact back from the recycle bin', async () => {
    await call(sandbox.url, '/crm/v3/objects/contacts/21', { method: 'DELETE', token: sandbox.token });
    await subscribe({ subscriptions: [{ eventType: 'contact.restore' }] });

    const restored = await call<{ ids: string[] }>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/contacts/restore`, { json: { ids: ['21', '22'] } });
    expect(restored.body.ids).toEqual(['21']);

    const events = await delivered();
    expect(events).toEqual([expect.objectContaining({ subscriptionType: 'contact.restore', objectId: 21, changeFlag: 'RESTORED', changeSource: 'CRM_UI' })]);
    expect((await call(sandbox.url, '/crm/v3/objects/contacts/21', { token: sandbox.token })).status).toBe(200);
  });

  it('sends a privacyDeletion for a GDPR delete, after which no read finds the contact', async () => {
    await subscribe();
    const gdpr = await call(sandbox.url, '/crm/v3/objects/contacts/gdpr-delete', { token: sandbox.token, json: { objectId: '31' } });
    expect(gdpr.status).toBe(204);
    const again = await call(sandbox.url, '/crm/v3/objects/contacts/gdpr-delete', { token: sandbox.token, json: { objectId: '31' } });
    expect(again.status).toBe(404);

    const events = await delivered();
    expect(events).toEqual([expect.objectContaining({ subscriptionType: 'contact.privacyDeletion', objectId: 31, changeSource: 'API' })]);
    expect((await call(sandbox.url, '/crm/v3/objects/contacts/31', { token: sandbox.token })).status).toBe(404);
    expect((await call(sandbox.url, '/crm/v3/objects/contacts/31?archived=true', { token: sandbox.token })).status).toBe(404);
    expect(sandbox.admin.getAccount(sandbox.portalId).contactCount).toBe(999);
    const search = await call<{ total: number; results: HubSpotObject[] }>(sandbox.url, '/crm/v3/objects/contacts/search', {
      token: sandbox.token,
      json: { filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'LTE', value: '40' }] }], limit: 100 },
    });
    expect(search.body.total).toBe(39);
    expect(search.body.results.some((contact) => contact.id === '31')).toBe(false);
  });

  it('sends nothing for unsubscribed types, inactive subscriptions or other properties', async () => {
    await subscribe({
      subscriptions: [
        { eventType: 'contact.propertyChange', propertyName: 'email' },
        { eventType: 'contact.creation', active: false },
      ],
    });
    await call(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token, json: { properties: { firstname: 'Quiet' } } });
    await call(sandbox.url, '/crm/v3/objects/contacts/41', { method: 'PATCH', token: sandbox.token, json: { properties: { jobtitle: 'Unheard' } } });
    await call(sandbox.url, '/crm/v3/objects/contacts/42', { method: 'DELETE', token: sandbox.token });
    await call(sandbox.url, '/crm/v3/objects/contacts/43', { method: 'PATCH', token: sandbox.token, json: { properties: { email: 'heard@example.com' } } });

    const events = await delivered();
    expect(events.map((event) => [event.objectId, event.propertyName])).toEqual([[43, 'email']]);
    expect(sandbox.admin.webhookDeliveries().eventsQueued).toBe(1);
  });

  it('batches at most 100 events per request', async () => {
    await subscribe({ subscriptions: [{ eventType: 'contact.creation' }] });
    for (let batch = 0; batch < 3; batch += 1) {
      const inputs = Array.from({ length: 100 }, (_, i) => ({ properties: { firstname: `Bulk ${batch}-${i}` } }));
      expect((await call(sandbox.url, '/crm/v3/objects/contacts/batch/create', { token: sandbox.token, json: { inputs } })).status).toBe(201);
    }
    sandbox.admin.modifyContacts(sandbox.portalId, { count: 50 });

    const events = await delivered();
    expect(events).toHaveLength(300);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(300);
    expect(Math.max(...receiver.deliveries.map((delivery) => delivery.events.length))).toBe(100);
    expect(receiver.deliveries.every((delivery) => delivery.events.length <= 100 && delivery.isSignatureValid)).toBe(true);
  });

  it('is configured and inspected through the admin API over HTTP, with bad input refused', async () => {
    const path = `/__sandbox/apps/${appId}/webhooks`;
    expect((await call(sandbox.url, path, { method: 'PUT', json: { targetUrl: 'ftp://example.com/hooks' } })).status).toBe(400);
    expect((await call(sandbox.url, path, { method: 'PUT', json: { targetUrl: receiver.url, subscriptions: [{ eventType: 'contact.deletion', propertyName: 'email' }] } })).status).toBe(400);
    expect((await call(sandbox.url, '/__sandbox/apps/999/webhooks')).status).toBe(404);

    const configured = await call<{ settings: { targetUrl: string; maxConcurrentRequests: number }; subscriptions: { eventType: string; propertyName: string | null }[] }>(sandbox.url, path, {
      method: 'PUT',
      json: { targetUrl: receiver.url, maxConcurrentRequests: 3 },
    });
    expect(configured.status).toBe(200);
    expect(configured.body.settings).toMatchObject({ targetUrl: receiver.url, maxConcurrentRequests: 3 });
    expect(configured.body.subscriptions.map((subscription) => subscription.eventType).sort()).toEqual([
      'contact.creation',
      'contact.deletion',
      'contact.merge',
      'contact.privacyDeletion',
      'contact.propertyChange',
      'contact.restore',
    ]);
    expect((await call(sandbox.url, path)).body).toEqual(configured.body);

    await call(sandbox.url, '/crm/v3/objects/contacts/51', { method: 'DELETE', token: sandbox.token });
    const flushed = await call<{ isIdle: boolean; stats: { eventsDelivered: number } }>(sandbox.url, '/__sandbox/webhooks/flush', { json: { timeoutMs: 5000 } });
    expect(flushed.body).toMatchObject({ isIdle: true, stats: { eventsDelivered: 1 } });
    expect((await call(sandbox.url, '/__sandbox/webhooks/flush', { json: { timeoutMs: -1 } })).status).toBe(400);
    expect((await call<{ requestsSent: number }>(sandbox.url, '/__sandbox/webhooks/deliveries')).body.requestsSent).toBe(1);

    expect((await call(sandbox.url, path, { method: 'DELETE' })).status).toBe(204);
    expect((await call(sandbox.url, path)).body).toEqual({ appId, settings: null, subscriptions: [] });
    await call(sandbox.url, '/crm/v3/objects/contacts/52', { method: 'DELETE', token: sandbox.token });
    expect((await delivered())).toHaveLength(1);
  });
});

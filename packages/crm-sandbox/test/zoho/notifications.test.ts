import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, api, startHarness } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

type Received = { server_time: number; module: string; resource_uri: string; ids: string[]; affected_fields: unknown[]; operation: string; channel_id: string; token: string | null; query_params: Record<string, string> };

/** A notify_url that records what it receives and answers `status`. */
async function startReceiver(status = 200) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as Received);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify?tenant=t1`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let accountId: string;
let apiDomain: string;
let token: string;
const call = (method: string, path: string, body?: unknown) => api(apiDomain, token, path, { method, body });
const inHours = (hours: number) => new Date(h.clock.now + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const watch = (overrides: Record<string, unknown> = {}) => ({ channel_id: '1000000068001', events: ['Contacts.all'], channel_expiry: inHours(23), token: 'secret-token-1', notify_url: receiver.url, ...overrides });
const idle = async () => expect((await admin(h, 'POST', '/notifications/idle', { timeoutMs: 5000 })).status).toBe(200);

beforeEach(async () => {
  h = await startHarness({ accounts: [{ name: 'Watch Org', dataCentre: 'us', contactCount: 50 }] });
  receiver = await startReceiver();
  accountId = h.admin.listAccounts()[0]!.id;
  ({ api_domain: apiDomain, access_token: token } = h.admin.mintToken(accountId, { scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.notifications.ALL'] }));
});
afterEach(async () => {
  await h.close();
  await receiver.close();
});

describe('/crm/v8/actions/watch', () => {
  it('enables a channel, lists it, updates its expiry and disables it', async () => {
    const enabled = await call('POST', '/crm/v8/actions/watch', { watch: [watch()] });
    expect(enabled.status).toBe(200);
    expect(enabled.body.watch[0]).toMatchObject({ code: 'SUCCESS', status: 'success', details: { events: [{ channel_id: '1000000068001', resource_name: 'Contacts' }] } });

    const listed = await call('GET', '/crm/v8/actions/watch');
    expect(listed.body.watch).toEqual([expect.objectContaining({ channel_id: '1000000068001', notify_url: receiver.url, token: 'secret-token-1', events: ['Contacts.create', 'Contacts.edit', 'Contacts.delete'] })]);

    const patched = await call('PATCH', '/crm/v8/actions/watch', { watch: [{ channel_id: '1000000068001', channel_expiry: inHours(24) }] });
    expect(patched.status).toBe(200);
    expect(Date.parse((await call('GET', '/crm/v8/actions/watch')).body.watch[0].channel_expiry)).toBe(Date.parse(inHours(24)));

    const disabled = await call('DELETE', '/crm/v8/actions/watch?channel_ids=1000000068001');
    expect(disabled.body.watch[0]).toMatchObject({ code: 'SUCCESS', details: { channel_id: '1000000068001' } });
    expect((await call('GET', '/crm/v8/actions/watch')).status).toBe(204);
  });

  it('refuses bad input item by item with Zoho’s error codes', async () => {
    const res = await call('POST', '/crm/v8/actions/watch', {
      watch: [watch({ channel_expiry: inHours(25) }), watch({ channel_id: 'abc' }), watch({ token: 'x'.repeat(51) }), watch({ events: ['Deals.all'] }), { channel_id: '1', events: ['Contacts.all'] }, watch({ channel_id: '7' })],
    });
    expect(res.status).toBe(207);
    expect(res.body.watch.map((item: { code: string; details: { api_name?: string } }) => [item.code, item.details.api_name])).toEqual([
      ['INVALID_DATA', 'channel_expiry'],
      ['INVALID_DATA', 'channel_id'],
      ['INVALID_DATA', 'token'],
      ['INVALID_DATA', 'events'],
      ['MANDATORY_NOT_FOUND', 'notify_url'],
      ['SUCCESS', undefined],
    ]);
    expect((await call('POST', '/crm/v8/actions/watch', {})).body.code).toBe('REQUIRED_PARAM_MISSING');
    expect((await call('PATCH', '/crm/v8/actions/watch', { watch: [{ channel_id: '99' }] })).status).toBe(400);
    expect((await call('DELETE', '/crm/v8/actions/watch')).body).toMatchObject({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'channel_ids' } });
    const narrow = h.admin.mintToken(accountId, { scopes: ['ZohoCRM.modules.ALL'] }).access_token;
    expect((await api(apiDomain, narrow, '/crm/v8/actions/watch')).body.code).toBe('OAUTH_SCOPE_MISMATCH');
  });

  it('keeps each org’s channels apart', async () => {
    const other = h.admin.createAccount({ name: 'Other Org', dataCentre: 'us', contactCount: 5 });
    await call('POST', '/crm/v8/actions/watch', { watch: [watch()] });
    expect(h.admin.listWatchChannels(other.id)).toEqual([]);
    expect(h.admin.listWatchChannels(accountId)).toHaveLength(1);
  });
});

describe('notifications', () => {
  it('posts API, admin and bulk changes to the notify_url with the channel’s token, batched per operation', async () => {
    await call('POST', '/crm/v8/actions/watch', { watch: [watch()] });
    const created = await call('POST', '/crm/v8/Contacts', { data: [{ Last_Name: 'One' }, { Last_Name: 'Two' }] });
    const createdIds = created.body.data.map((item: { details: { id: string } }) => item.details.id);
    await idle();
    const modified = h.admin.modifyContacts(accountId, { count: 3 });
    await idle();
    await call('DELETE', `/crm/v8/Contacts?ids=${createdIds[0]}`);
    await idle();

    expect(receiver.received.map((n) => [n.operation, n.ids])).toEqual([
      ['insert', createdIds],
      ['update', modified.ids],
      ['delete', [createdIds[0]]],
    ]);
    const update = receiver.received[1]!;
    expect(update).toMatchObject({ module: 'Contacts', channel_id: '1000000068001', token: 'secret-token-1', query_params: { tenant: 't1' }, resource_uri: `${apiDomain}/crm/v8/Contacts`, server_time: h.clock.now });
    expect(update.affected_fields).toEqual(modified.ids.map((id) => ({ [id]: ['Description'] })));
    expect(h.admin.notificationDeliveries().map((d) => d.status)).toEqual([200, 200, 200]);
  });

  it('stops at the channel’s expiry on the sandbox clock, and after it is disabled', async () => {
    await call('POST', '/crm/v8/actions/watch', { watch: [watch({ channel_expiry: inHours(1) })] });
    h.clock.advance(3_600_000);
    // The access token lived an hour too.
    token = h.admin.mintToken(accountId, { scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.notifications.ALL'] }).access_token;
    h.admin.modifyContacts(accountId, { count: 1 });
    await idle();
    expect(receiver.received).toEqual([]);
    expect((await call('GET', '/crm/v8/actions/watch')).status).toBe(204);

    await call('POST', '/crm/v8/actions/watch', { watch: [watch({ channel_id: '2' })] });
    await call('DELETE', '/crm/v8/actions/watch?channel_ids=2');
    h.admin.modifyContacts(accountId, { count: 1 });
    await idle();
    expect(receiver.received).toEqual([]);
  });

  it('notifies every channel that watches the operation, each with its own token', async () => {
    await call('POST', '/crm/v8/actions/watch', { watch: [watch(), watch({ channel_id: '2', token: 'other', events: ['Contacts.delete'] })] });
    h.admin.modifyContacts(accountId, { count: 1 });
    await idle();
    h.admin.deleteContacts(accountId, { count: 1 });
    await idle();
    // The two channels' POSTs for the delete go out at once, in either order.
    expect(receiver.received.map((n) => [n.channel_id, n.operation, n.token].join(' ')).sort()).toEqual([
      '1000000068001 delete secret-token-1',
      '1000000068001 update secret-token-1',
      '2 delete other',
    ]);
  });

  it('injects duplicate, out-of-order and delayed notifications', async () => {
    await call('POST', '/crm/v8/actions/watch', { watch: [watch()] });
    expect((await admin(h, 'POST', '/faults', { kind: 'notification-duplicate', count: 1 })).status).toBe(201);
    const first = h.admin.modifyContacts(accountId, { count: 1 });
    await idle();
    expect(receiver.received.map((n) => n.ids)).toEqual([first.ids, first.ids]);

    receiver.received.length = 0;
    await admin(h, 'POST', '/faults', { kind: 'notification-reorder', count: 1 });
    h.admin.modifyContacts(accountId, { count: 1 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    h.admin.deleteContacts(accountId, { count: 1 });
    await idle();
    expect(receiver.received.map((n) => n.operation)).toEqual(['delete', 'update']);

    receiver.received.length = 0;
    await admin(h, 'POST', '/faults', { kind: 'notification-delay', delayMs: 300, count: 1 });
    const started = Date.now();
    h.admin.modifyContacts(accountId, { count: 1 });
    await idle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(receiver.received).toHaveLength(1);
    expect(h.admin.notificationDeliveries().map((d) => d.fault)).toEqual(['duplicate', 'duplicate', null, 'reorder', 'delay']);
  });

  it('records a receiver that refuses, without retrying', async () => {
    const refusing = await startReceiver(503);
    try {
      await call('POST', '/crm/v8/actions/watch', { watch: [watch({ notify_url: refusing.url })] });
      h.admin.modifyContacts(accountId, { count: 1 });
      await idle();
      expect(refusing.received).toHaveLength(1);
      expect(h.admin.notificationDeliveries().map((d) => d.status)).toEqual([503]);
    } finally {
      await refusing.close();
    }
  });
});

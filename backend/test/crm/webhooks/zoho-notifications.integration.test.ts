import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../../src/crm/credentials/token-cipher';
import { withService } from '../../../src/db/transactions';
import { channelTokenAad, createChangeChannelsService } from '../../../src/crm/webhooks/change-channels-service';
import { connectCrm, sandboxOriginOf } from '../../support/run-mode-sandboxes';
import { startTestProduct, type TestProduct } from '../../support/start-test-product';
import { signUpTestUser, type TestUser } from '../../support/test-users';

/**
 * Zoho notifications end to end, against the product in run mode and its Zoho sandbox: the
 * channel's lifecycle (connect, reconnect, renewal, disconnect) as the sandbox sees it, and
 * the sandbox's notifications landing as webhook_events rows of the right connection.
 */
const ENCRYPTION_KEY = randomBytes(32);
const cipher = createTokenCipher({ id: 'test', key: ENCRYPTION_KEY });
const HOUR = 3_600_000;
let product: TestProduct;
let zoho: string;
let notifyUrl: string;

beforeAll(async () => {
  product = await startTestProduct({
    CRM_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
    CRM_ENCRYPTION_KEY_ID: 'test',
    CRM_SANDBOX_CONTACTS: '20',
    SYNC_WORKERS: 'off',
  });
  zoho = sandboxOriginOf(product, 'zoho');
  notifyUrl = `${product.url}/api/v1/crm/zoho/notifications`;
});
afterAll(async () => {
  await product?.close();
});

type Channel = { id: string; connection_id: string | null; channel_id: string; token_encrypted: string; state: string; expires_at: Date | null; last_error: string | null };

async function sandbox<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${zoho}/__sandbox${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`sandbox ${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}
const idle = () => sandbox('POST', '/notifications/idle', { timeoutMs: 10_000 });

async function connection(user: TestUser): Promise<{ id: string; orgId: string }> {
  const { rows } = await product.pool.query<{ id: string; external_account_id: string }>(`select id, external_account_id from user_crm_credentials where user_id = $1 and platform = 'zoho'`, [user.id]);
  return { id: rows[0]!.id, orgId: rows[0]!.external_account_id };
}
async function channelsOf(userId: string): Promise<Channel[]> {
  // Server-only tables (RLS forced, no policy): read as the server does.
  const { rows } = await withService(product.pool, (db) => db.query<Channel>(`select id, connection_id, channel_id, token_encrypted, state, expires_at, last_error from crm_change_channels where user_id = $1 order by id`, [userId]));
  return rows;
}
const liveChannel = async (userId: string) => (await channelsOf(userId)).find((channel) => channel.state !== 'stopped')!;
/** Registration runs in the background of the OAuth callback: wait for it (other than `previous`) to be settled. */
async function settledChannel(userId: string, previous?: string): Promise<Channel> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const channel = await liveChannel(userId);
    if (channel && channel.channel_id !== previous && channel.state !== 'pending') return channel;
    if (Date.now() > deadline) throw new Error(`no settled channel for ${userId}: ${JSON.stringify(channel)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const tokenOf = (channel: Channel) => cipher.decrypt(channel.token_encrypted, channelTokenAad('zoho', channel.channel_id));
const sandboxChannels = (orgId: string) => sandbox<Array<{ channel_id: string; notify_url: string; token: string; channel_expiry: string; events: string[] }>>('GET', `/accounts/${orgId}/watch`);
async function eventsOf(connectionId: string) {
  const { rows } = await withService(product.pool, (db) =>
    db.query<{ provider_event_id: string; kind: string; object_id: string; payload: Record<string, unknown>; user_id: string }>(
      `select provider_event_id, kind, object_id, payload, user_id from webhook_events where connection_id = $1 order by id`,
      [connectionId],
    ),
  );
  return rows;
}
const post = (body: unknown) => fetch(notifyUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const notification = (channel: { channel_id: string }, token: string, ids: string[], operation = 'update') => ({
  server_time: Date.now(),
  module: 'Contacts',
  resource_uri: `${zoho}/dc/us/api/crm/v8/Contacts`,
  ids,
  affected_fields: [],
  operation,
  channel_id: channel.channel_id,
  token,
  query_params: {},
});

async function connectedUser(): Promise<TestUser & { connectionId: string; orgId: string }> {
  const user = await signUpTestUser(product);
  await connectCrm(product, user, 'zoho');
  await settledChannel(user.id);
  const { id, orgId } = await connection(user);
  return { ...user, connectionId: id, orgId };
}

// Connecting costs seconds: the tests share two users of the same org, and run in this order.
let alice: Awaited<ReturnType<typeof connectedUser>>;
let bob: Awaited<ReturnType<typeof connectedUser>>;

describe('the Zoho notification channel of a connection', () => {
  it('is registered on connect, with our notify URL and a secret token, for a little under a day', async () => {
    const before = Date.now();
    alice = await connectedUser();
    const channel = await liveChannel(alice.id);
    expect(channel).toMatchObject({ state: 'active', connection_id: alice.connectionId, last_error: null });
    expect(channel.expires_at!.getTime()).toBeGreaterThanOrEqual(before + 23 * HOUR - 2000);
    expect(channel.expires_at!.getTime()).toBeLessThanOrEqual(Date.now() + 23 * HOUR);
    const atZoho = (await sandboxChannels(alice.orgId)).find((c) => c.channel_id === channel.channel_id);
    expect(atZoho).toMatchObject({ notify_url: notifyUrl, token: tokenOf(channel), events: ['Contacts.create', 'Contacts.edit', 'Contacts.delete'] });
    expect(tokenOf(channel)).toMatch(/^[\w-]{43}$/);
    // The connection's health says changes arrive through it.
    const listed = (await (await fetch(`${product.url}/api/v1/crm/credentials`, { headers: alice.authorization })).json()) as { connections: Array<{ platform: string; changeNotifications?: unknown }> };
    expect(listed.connections.find((c) => c.platform === 'zoho')?.changeNotifications).toEqual({ state: 'active', expiresAt: channel.expires_at!.toISOString(), message: null });
  });

  it('turns a contact edited at the sandbox into a webhook_events row of that connection, once even when delivered twice', async () => {
    const [edited] = (await sandbox<{ ids: string[] }>('POST', `/accounts/${alice.orgId}/contacts/modify`, { count: 1 })).ids;
    await idle();
    const events = (await eventsOf(alice.connectionId)).filter((event) => event.object_id === edited);
    expect(events).toEqual([expect.objectContaining({ kind: 'updated', user_id: alice.id, payload: { affectedFields: ['Description'] } })]);
    expect(events[0]!.provider_event_id).toMatch(new RegExp(`^${(await liveChannel(alice.id)).channel_id}:update:${edited}:\\d+$`));

    const rowsBefore = (await eventsOf(alice.connectionId)).length;
    await sandbox('POST', '/faults', { kind: 'notification-duplicate', count: 1 });
    const changed = await sandbox<{ ids: string[] }>('POST', `/accounts/${alice.orgId}/contacts/modify`, { count: 2 });
    await idle();
    const deliveries = await sandbox<Array<{ ids: string[]; status: number; fault: string | null }>>('GET', '/notifications?limit=20');
    const twice = deliveries.filter((d) => d.fault === 'duplicate' && d.ids.join() === changed.ids.join());
    expect(twice).toHaveLength(2);
    expect(twice.every((d) => d.status === 200)).toBe(true);
    // Two changes, each stored once.
    const added = (await eventsOf(alice.connectionId)).slice(rowsBefore);
    expect(added.map((event) => event.object_id).sort()).toEqual([...changed.ids].sort());
    // Their arrival counts for the connection's real-time health, as HubSpot's deliveries do.
    const listed = (await (await fetch(`${product.url}/api/v1/crm/credentials`, { headers: alice.authorization })).json()) as { connections: Array<{ platform: string; webhooks: unknown }> };
    expect(listed.connections.find((c) => c.platform === 'zoho')?.webhooks).toMatchObject({ status: 'healthy', lastEventAt: expect.any(String) });
  });

  it('refuses a wrong token and an unknown channel alike, with 401, and stores nothing', async () => {
    const channel = await liveChannel(alice.id);
    const before = (await eventsOf(alice.connectionId)).length;
    const wrong = await post(notification(channel, 'not-the-token', ['1']));
    const unknown = await post(notification({ channel_id: '123456789' }, tokenOf(channel), ['1']));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [wrongBody, unknownBody] = [await wrong.json(), await unknown.json()];
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await eventsOf(alice.connectionId)).toHaveLength(before);
  });

  it('stores a change posted with the right token once per id, and a repeat of it not again', async () => {
    const channel = await liveChannel(alice.id);
    const body = notification(channel, tokenOf(channel), ['111', '222', '111'], 'delete');
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 2, stored: 2 });
    expect(await (await post(body)).json()).toEqual({ received: 2, stored: 0 });
    const rows = (await eventsOf(alice.connectionId)).filter((event) => ['111', '222'].includes(event.object_id));
    expect(rows.map((event) => [event.object_id, event.kind])).toEqual([['111', 'deleted'], ['222', 'deleted']]);
  });

  it('keeps the notifications of a connection waiting to be reconnected, wakes no drain for them, and applies each once after the reconnect', async () => {
    const drain = product.services.webhooks.drain;
    const pending = async () => {
      const { rows } = await withService(product.pool, (db) =>
        db.query<{ object_id: string }>(`select object_id from webhook_events where connection_id = $1 and processed_at is null order by id`, [alice.connectionId]),
      );
      return rows.map((row) => row.object_id);
    };
    const waitingDrains = async () =>
      (await product.pool.query(`select 1 from pgboss.job where name = 'crm-webhook-drain-zoho' and singleton_key = $1 and state = 'created'`, [alice.connectionId])).rowCount;
    const status = async () => {
      const listed = (await (await fetch(`${product.url}/api/v1/crm/credentials`, { headers: alice.authorization })).json()) as { connections: Array<{ platform: string; status: string }> };
      return listed.connections.find((c) => c.platform === 'zoho')?.status;
    };
    const firstNameHere = async (id: string) => {
      const { rows } = await withService(product.pool, (db) =>
        db.query<{ first_name: string | null }>(`select first_name from crm_contacts where user_id = $1 and platform = 'zoho' and external_id = $2 and deleted_at is null`, [
          alice.id,
          id,
        ]),
      );
      return rows[0]?.first_name;
    };
    const rowsOf = async (id: string) => (await eventsOf(alice.connectionId)).filter((event) => event.object_id === id).length;

    // Zoho no longer honours the grant; the drain reading a change finds out and marks the connection.
    const [early, later] = (await sandbox<{ ids: string[] }>('POST', `/accounts/${alice.orgId}/contacts/modify`, { count: 2, fields: { First_Name: 'Keptbefore' } })).ids as [string, string];
    await idle();
    const laterRows = await rowsOf(later);
    await sandbox('POST', '/tokens/revoke', { accountId: alice.orgId });
    expect(await drain.drainConnection(alice.connectionId)).toBe(0);
    expect(await status()).toBe('needs_reauth');
    expect(await pending()).toEqual(expect.arrayContaining([early, later]));

    // A change while it waits: acknowledged, stored, and no drain woken for it (the reconnect will).
    await product.pool.query(`delete from pgboss.job where name = 'crm-webhook-drain-zoho' and singleton_key = $1`, [alice.connectionId]);
    await sandbox('POST', `/accounts/${alice.orgId}/contacts/modify`, { ids: [later], fields: { First_Name: 'Keptmeanwhile' } });
    await idle();
    const [delivery] = (await sandbox<Array<{ ids: string[]; status: number }>>('GET', '/notifications?limit=1'));
    expect(delivery).toMatchObject({ ids: [later], status: 200 });
    expect(await waitingDrains()).toBe(0);
    expect(await rowsOf(later)).toBe(laterRows + 1);
    expect((await pending()).filter((id) => id === later)).toHaveLength(laterRows + 1);
    expect(await drain.drainConnection(alice.connectionId)).toBe(0);
    expect(await firstNameHere(later)).not.toBe('Keptmeanwhile');

    // The reconnect wakes the drain; the test's call stands in for the worker (workers are off here).
    const channelBefore = (await liveChannel(alice.id)).channel_id;
    await connectCrm(product, alice, 'zoho');
    expect(await status()).toBe('connected');
    expect(await waitingDrains()).toBe(1);
    const waiting = (await pending()).length;
    expect(await drain.drainConnection(alice.connectionId)).toBe(waiting);
    expect(await pending()).toEqual([]);
    expect(await firstNameHere(early)).toBe('Keptbefore');
    expect(await firstNameHere(later)).toBe('Keptmeanwhile');
    // Applied once: nothing is left for a second drain, and no change was stored twice.
    expect(await drain.drainConnection(alice.connectionId)).toBe(0);
    expect(await rowsOf(later)).toBe(laterRows + 1);
    // The reconnect registered a new channel in the background: later tests start from it.
    await settledChannel(alice.id, channelBefore);
  });

  it('gives two users connected to the same org their own channels and their own rows', async () => {
    bob = await connectedUser();
    expect(bob.orgId).toBe(alice.orgId);
    const [a, b] = [await liveChannel(alice.id), await liveChannel(bob.id)];
    expect(a.channel_id).not.toBe(b.channel_id);
    expect(tokenOf(a)).not.toBe(tokenOf(b));
    expect((await sandboxChannels(alice.orgId)).map((c) => c.channel_id)).toEqual(expect.arrayContaining([a.channel_id, b.channel_id]));

    const [edited] = (await sandbox<{ ids: string[] }>('POST', `/accounts/${alice.orgId}/contacts/modify`, { count: 1 })).ids;
    await idle();
    for (const user of [alice, bob]) {
      const rows = (await eventsOf(user.connectionId)).filter((event) => event.object_id === edited);
      expect(rows.at(-1)).toMatchObject({ user_id: user.id, kind: 'updated' });
    }
  });

  it('is replaced on reconnect: the old channel is stopped at Zoho, and its late notifications are acknowledged and dropped', async () => {
    const old = await liveChannel(alice.id);
    await connectCrm(product, alice, 'zoho');
    const renewed = await settledChannel(alice.id, old.channel_id);
    expect(renewed.channel_id).not.toBe(old.channel_id);
    expect(renewed).toMatchObject({ state: 'active', connection_id: alice.connectionId });
    expect((await channelsOf(alice.id)).find((channel) => channel.id === old.id)).toMatchObject({ state: 'stopped' });
    // The old one is stopped at Zoho right after the new one is registered, in the background too.
    await expect.poll(async () => (await sandboxChannels(alice.orgId)).map((c) => c.channel_id), { timeout: 10_000 }).not.toContain(old.channel_id);
    expect((await sandboxChannels(alice.orgId)).map((c) => c.channel_id)).toContain(renewed.channel_id);

    const before = (await eventsOf(alice.connectionId)).length;
    const late = await post(notification(old, tokenOf(old), ['333']));
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ received: 1, stored: 0 });
    expect(await eventsOf(alice.connectionId)).toHaveLength(before);
  });

  // Moves the sandbox's clock by most of a day: every later test sees Zoho a day ahead.
  it('is renewed before it expires, and registered anew when Zoho dropped it (sandbox clock advanced)', async () => {
    const channel = await liveChannel(alice.id);
    const dropped = await liveChannel(bob.id);
    const ahead = 22 * HOUR;
    await sandbox('POST', '/clock/advance', { ms: ahead });
    // Zoho forgets Bob's channel (as if an admin disabled it).
    const minted = await sandbox<{ access_token: string; api_domain: string }>('POST', `/accounts/${bob.orgId}/tokens`, { scopes: ['ZohoCRM.notifications.ALL'] });
    const disabled = await fetch(`${minted.api_domain}/crm/v8/actions/watch?channel_ids=${dropped.channel_id}`, { method: 'DELETE', headers: { authorization: `Zoho-oauthtoken ${minted.access_token}` } });
    expect(disabled.status).toBe(200);

    // The renewal job's service, on a clock as far ahead as the sandbox's.
    const channels = createChangeChannelsService({
      pool: product.pool,
      registry: product.services.registry,
      credentials: product.services.credentials,
      cipher,
      logger: pino({ level: 'silent' }),
      now: () => Date.now() + ahead,
      notifyUrlOf: () => notifyUrl,
      renewBeforeMs: 120 * 60_000,
    });
    const result = await channels.renewDue();
    expect(result).toMatchObject({ renewed: 1, registered: 1, failed: 0 });

    const renewed = await liveChannel(alice.id);
    expect(renewed.channel_id).toBe(channel.channel_id);
    expect(renewed.expires_at!.getTime()).toBeGreaterThan(Date.now() + ahead + 22 * HOUR);
    const atZoho = (await sandboxChannels(alice.orgId)).find((c) => c.channel_id === channel.channel_id)!;
    expect(Date.parse(atZoho.channel_expiry)).toBe(Math.floor(renewed.expires_at!.getTime() / 1000) * 1000);

    const replacement = await liveChannel(bob.id);
    expect(replacement.channel_id).not.toBe(dropped.channel_id);
    expect(replacement.state).toBe('active');
    expect((await sandboxChannels(bob.orgId)).map((c) => c.channel_id)).toContain(replacement.channel_id);

    // Just renewed: nothing is due again.
    expect(await channels.renewDue()).toEqual({ renewed: 0, registered: 0, failed: 0 });
  });

  it('is stopped at Zoho on disconnect; its late notifications are acknowledged and dropped', async () => {
    const channel = await liveChannel(bob.id);
    const res = await fetch(`${product.url}/api/v1/crm/zoho`, { method: 'DELETE', headers: bob.authorization });
    expect(res.status).toBe(200);
    expect((await sandboxChannels(bob.orgId)).map((c) => c.channel_id)).not.toContain(channel.channel_id);
    expect((await channelsOf(bob.id)).find((row) => row.id === channel.id)).toMatchObject({ state: 'stopped', connection_id: null });
    const late = await post(notification(channel, tokenOf(channel), ['444']));
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ received: 1, stored: 0 });
  });

  it('still disconnects when Zoho cannot stop the channel', async () => {
    const channel = await liveChannel(alice.id);
    await sandbox('POST', '/faults', { kind: 'status', status: 500, pathPrefix: '/crm/v8/actions/watch', count: 10 });
    try {
      const res = await fetch(`${product.url}/api/v1/crm/zoho`, { method: 'DELETE', headers: alice.authorization });
      expect(res.status).toBe(200);
    } finally {
      await sandbox('DELETE', '/faults');
    }
    expect((await channelsOf(alice.id)).find((row) => row.id === channel.id)).toMatchObject({ state: 'stopped', connection_id: null });
    // Zoho still has it; it lapses at its expiry, and until then its notifications are dropped.
    expect((await sandboxChannels(alice.orgId)).map((c) => c.channel_id)).toContain(channel.channel_id);
  });
});

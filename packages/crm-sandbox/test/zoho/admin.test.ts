import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, api, connect, startHarness } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

let h: Harness;

beforeEach(async () => {
  h = await startHarness({ accounts: [{ name: 'Zylker Inc', dataCentre: 'us', contactCount: 120 }] });
});
afterEach(() => h.close());

describe('/__sandbox accounts', () => {
  it('lists accounts with id, name, data centre and contact count', async () => {
    const res = await admin(h, 'GET', '/accounts');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: expect.stringMatching(/^\d{19}$/),
        name: 'Zylker Inc',
        dataCentre: 'us',
        contactCount: 120,
        edition: 'enterprise',
        concurrencyLimit: 20,
        domainName: expect.stringMatching(/^org\d+$/),
        user: { id: expect.any(String), email: expect.any(String), name: expect.any(String) },
        accountsServer: `${h.url}/dc/us/accounts`,
        apiDomain: `${h.url}/dc/us/api`,
      },
    ]);
  });

  it('creates accounts in a data centre and changes their contact count', async () => {
    const created = await admin(h, 'POST', '/accounts', { name: 'Zylker GmbH', dataCentre: 'eu', contactCount: 40, edition: 'professional' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Zylker GmbH', dataCentre: 'eu', contactCount: 40, concurrencyLimit: 15, apiDomain: `${h.url}/dc/eu/api` });
    const grown = await admin(h, 'PATCH', `/accounts/${created.body.id}`, { contactCount: 1_000_000 });
    expect(grown.body.contactCount).toBe(1_000_000);
    expect((await admin(h, 'POST', '/accounts', { name: 'Nowhere', dataCentre: 'mars' })).body.error.code).toBe('invalid_request');
    expect((await admin(h, 'POST', '/accounts', { name: '', dataCentre: 'us' })).status).toBe(400);
    expect((await admin(h, 'PATCH', '/accounts/1', { contactCount: 1 })).status).toBe(404);
  });

  it('keeps the same people for the same seed, and the shared people across CRMs', async () => {
    const first = h.admin.listAccounts()[0]?.id ?? '';
    const copy = (await admin(h, 'POST', '/accounts', { name: 'Same seed', dataCentre: 'eu', contactCount: 120, seed: 1 })).body.id;
    const fetchEmails = async (id: string) => {
      const minted = h.admin.mintToken(id);
      const res = await api(minted.api_domain, minted.access_token, '/crm/v8/Contacts?fields=Email&per_page=20&sort_by=id&sort_order=asc');
      return res.body.data.map((r: { Email: string | null }) => r.Email);
    };
    expect(await fetchEmails(copy)).toEqual(await fetchEmails(first));
  });

  it('deletes an account and revokes its tokens', async () => {
    const id = h.admin.listAccounts()[0]?.id ?? '';
    const minted = h.admin.mintToken(id);
    expect((await admin(h, 'DELETE', `/accounts/${id}`)).status).toBe(204);
    expect((await api(minted.api_domain, minted.access_token, '/crm/v8/org')).body.code).toBe('INVALID_TOKEN');
    expect((await admin(h, 'GET', '/accounts')).body).toEqual([]);
  });
});

describe('/__sandbox apps and tokens', () => {
  it('registers an app that can then complete the OAuth flow', async () => {
    const app = await admin(h, 'POST', '/apps', { name: 'Second App', redirectUris: ['https://second.example.com/cb'] });
    expect(app.status).toBe(201);
    expect(app.body).toMatchObject({ name: 'Second App', clientId: expect.stringMatching(/^1000\./), clientSecret: expect.any(String) });
    const flow = await connect({ ...h, client: { clientId: app.body.clientId, clientSecret: app.body.clientSecret, redirectUri: 'https://second.example.com/cb' } });
    expect(flow.tokens.access_token).toBeDefined();
    expect((await admin(h, 'POST', '/apps', { name: 'x', redirectUris: ['not a url'] })).status).toBe(400);
  });

  it('mints tokens for an account, and expires or revokes them', async () => {
    const id = h.admin.listAccounts()[0]?.id ?? '';
    const minted = await admin(h, 'POST', `/accounts/${id}/tokens`, { withRefreshToken: true });
    expect(minted.status).toBe(201);
    expect(minted.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, api_domain: `${h.url}/dc/us/api`, refresh_token: expect.stringMatching(/^1000\./) });
    const call = () => api(minted.body.api_domain, minted.body.access_token, '/crm/v8/Contacts?fields=Last_Name&per_page=1');
    expect((await call()).status).toBe(200);
    expect((await admin(h, 'POST', '/tokens/expire', { token: minted.body.access_token })).body).toEqual({ expired: 1 });
    expect((await call()).body.code).toBe('INVALID_TOKEN');

    const refreshed = await fetch(`${h.url}/dc/us/accounts/oauth/v2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: h.client.clientId, client_secret: h.client.clientSecret, refresh_token: minted.body.refresh_token }),
    });
    const fresh = (await refreshed.json()) as { access_token: string };
    expect((await admin(h, 'POST', '/tokens/revoke', { accountId: id })).body.revoked).toBeGreaterThanOrEqual(1);
    expect((await api(minted.body.api_domain, fresh.access_token, '/crm/v8/org')).body.code).toBe('INVALID_TOKEN');
    expect((await admin(h, 'POST', '/tokens/revoke', {})).status).toBe(400);
  });
});

describe('/__sandbox contacts, clock and reset', () => {
  it('modifies and deletes contacts at the sandbox clock’s now', async () => {
    const id = h.admin.listAccounts()[0]?.id ?? '';
    await admin(h, 'POST', '/clock/advance', { ms: 3_600_000 });
    expect((await admin(h, 'GET', '/clock')).body.now).toBe('2026-03-01T13:00:00.000Z');
    const modified = await admin(h, 'POST', `/accounts/${id}/contacts/modify`, { count: 5, fields: { Title: 'Chief Listener' } });
    expect(modified.body.ids).toHaveLength(5);
    const minted = h.admin.mintToken(id);
    const one = await api(minted.api_domain, minted.access_token, `/crm/v8/Contacts/${modified.body.ids[0]}?fields=Title,Modified_Time`);
    expect(one.body.data[0]).toMatchObject({ Title: 'Chief Listener', Modified_Time: '2026-03-01T06:00:00-07:00' });
    expect((await admin(h, 'POST', `/accounts/${id}/contacts/modify`, { ids: modified.body.ids, fields: { Email: 'bad' } })).status).toBe(400);
    expect((await admin(h, 'POST', `/accounts/${id}/contacts/modify`, { count: 1, ids: ['x'] })).status).toBe(400);

    const deleted = await admin(h, 'POST', `/accounts/${id}/contacts/delete`, { ids: [modified.body.ids[1]] });
    expect(deleted.body).toEqual({ ids: [modified.body.ids[1]] });
    expect((await admin(h, 'GET', '/accounts')).body[0].contactCount).toBe(119);
    expect((await admin(h, 'POST', `/accounts/${id}/contacts/delete`, { ids: [modified.body.ids[1]] })).status).toBe(404);
  });

  it('resets to the configured state', async () => {
    const id = h.admin.listAccounts()[0]?.id ?? '';
    await admin(h, 'POST', `/accounts/${id}/contacts/delete`, { count: 10 });
    await admin(h, 'POST', '/accounts', { name: 'Extra', dataCentre: 'eu' });
    await admin(h, 'POST', '/faults', { kind: 'status', status: 500 });
    expect((await admin(h, 'POST', '/reset')).status).toBe(204);
    const accounts = (await admin(h, 'GET', '/accounts')).body;
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ id, contactCount: 120 });
    expect((await admin(h, 'GET', '/faults')).body).toEqual([]);
    expect((await admin(h, 'GET', '/counters')).body.requests).toEqual({});
  });

  it('describes the data centres and answers unknown admin paths with 404', async () => {
    expect((await admin(h, 'GET', '/data-centres')).body).toEqual([
      { location: 'us', domain: 'com', name: 'United States', accountsServer: `${h.url}/dc/us/accounts`, apiDomain: `${h.url}/dc/us/api` },
      { location: 'eu', domain: 'eu', name: 'Europe', accountsServer: `${h.url}/dc/eu/accounts`, apiDomain: `${h.url}/dc/eu/api` },
    ]);
    expect((await admin(h, 'GET', '/nope')).status).toBe(404);
  });
});

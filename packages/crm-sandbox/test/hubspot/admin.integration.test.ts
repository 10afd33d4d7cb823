import { afterEach, describe, expect, it } from 'vitest';
import type { HubSpotSandboxAccount as SandboxAccount, HubSpotSandboxCounters as SandboxCounters } from '../../src/hubspot';
import { call, startTestSandbox, type ErrorBody, type SearchBody, type TestSandbox, type TokenBody } from './helpers';

let sandbox: TestSandbox;
afterEach(() => sandbox.close());

type AdminError = { error: { code: string; message: string } };

describe('/__sandbox admin API', () => {
  it('lists accounts with id, name, data centre and contact counts, and creates and resizes accounts', async () => {
    sandbox = await startTestSandbox();
    const listed = await call<SandboxAccount[]>(sandbox.url, '/__sandbox/accounts');
    expect(listed.body).toEqual([
      { id: 62515, name: 'Sandbox Portal', domain: 'sandbox-portal.example.com', dataCentre: 'na1', contactCount: 1000, seededContactCount: 1000, accountSeed: 1, sharedSeed: 42 },
    ]);

    const created = await call<SandboxAccount>(sandbox.url, '/__sandbox/accounts', { json: { id: 4242, name: 'Second', contactCount: 12, sharedSeed: 42 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 4242, contactCount: 12, dataCentre: 'na1' });
    expect((await call<AdminError>(sandbox.url, '/__sandbox/accounts', { json: { id: 4242, name: 'Again' } })).status).toBe(409);
    expect((await call<AdminError>(sandbox.url, '/__sandbox/accounts', { json: { name: 'Too big', contactCount: 1_000_001 } })).body.error.code).toBe('invalid_admin_input');

    const resized = await call<SandboxAccount>(sandbox.url, '/__sandbox/accounts/4242', { method: 'PATCH', json: { contactCount: 30 } });
    expect(resized.body.contactCount).toBe(30);
    const token = (await call<TokenBody>(sandbox.url, '/__sandbox/accounts/4242/tokens', { json: {} })).body.access_token;
    const search = await call<SearchBody>(sandbox.url, '/crm/v3/objects/contacts/search', { token, json: { limit: 1 } });
    expect(search.body.total).toBe(30);
    expect((await call<AdminError>(sandbox.url, '/__sandbox/accounts/999/tokens', { json: {} })).body.error.code).toBe('account_not_found');
  });

  it('mints tokens for an account with the scopes asked for', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Mint', contactCount: 3 } });
    const minted = await call<TokenBody>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/tokens`, { json: { scopes: ['crm.objects.contacts.read'], ttlSeconds: 120 } });
    expect(minted.status).toBe(201);
    expect(minted.body).toMatchObject({ token_type: 'bearer', expires_in: 120, hub_id: sandbox.portalId, scopes: ['crm.objects.contacts.read'] });
    expect((await call(sandbox.url, '/crm/v3/objects/contacts', { token: minted.body.access_token })).status).toBe(200);
    expect(sandbox.admin.counters()).toMatchObject({ accessTokensMinted: 2, refreshTokensMinted: 2 });
  });

  it('changes contacts so a "modified since" search finds exactly them, and deletes contacts', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Work', contactCount: 500 } });
    sandbox.clock.advance(3600_000);
    const since = sandbox.clock.now();
    const token = sandbox.admin.mintToken(sandbox.portalId).access_token;
    const changed = await call<{ ids: string[] }>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/contacts/modify`, { json: { count: 25 } });
    expect(changed.body.ids).toHaveLength(25);
    const explicit = await call<{ ids: string[] }>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/contacts/modify`, { json: { ids: ['3'], properties: { phone: '+1 212 555 0100' } } });
    expect(explicit.body.ids).toEqual(['3']);

    const found = await call<SearchBody>(sandbox.url, '/crm/v3/objects/contacts/search', {
      token,
      json: { filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since) }] }], properties: ['phone', 'jobtitle'], limit: 100 },
    });
    expect(found.body.results.map((contact) => contact.id).sort()).toEqual([...new Set([...changed.body.ids, '3'])].sort());
    expect(found.body.results.find((contact) => contact.id === '3')!.properties.phone).toBe('+1 212 555 0100');

    const deleted = await call<{ ids: string[] }>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/contacts/delete`, { json: { count: 7 } });
    expect(deleted.body.ids).toHaveLength(7);
    expect(sandbox.admin.getAccount(sandbox.portalId).contactCount).toBe(493);

    const invalid = await call<AdminError>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/contacts/modify`, { json: { ids: ['4'], properties: { nonsense: 'x' } } });
    expect(invalid.status).toBe(400);
    expect((await call<AdminError>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/contacts/modify`, { json: { count: 1, ids: ['1'] } })).status).toBe(400);
  });

  it('creates apps that can then run the OAuth flow', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Apps', contactCount: 3 } });
    const app = await call<{ clientId: string; clientSecret: string; name: string }>(sandbox.url, '/__sandbox/apps', { json: { name: 'Second App', redirectUris: ['http://localhost:5000/cb'] } });
    expect(app.status).toBe(201);
    expect(app.body.clientSecret).toEqual(expect.any(String));
    const page = await call<string>(sandbox.url, `/oauth/authorize?client_id=${app.body.clientId}&redirect_uri=${encodeURIComponent('http://localhost:5000/cb')}&scope=oauth`);
    expect(page.body).toContain('Second App');
    expect((await call<unknown[]>(sandbox.url, '/__sandbox/apps')).body).toHaveLength(2);
  });

  it('counts requests per endpoint and keeps a bounded request log that never holds a token', async () => {
    sandbox = await startTestSandbox({ requestLogSize: 4, defaultPortal: { name: 'Logged', contactCount: 30 } });
    const tokens = sandbox.admin.mintToken(sandbox.portalId);
    await call(sandbox.url, `/oauth/v1/access-tokens/${tokens.access_token}`);
    await call(sandbox.url, `/oauth/v1/refresh-tokens/${tokens.refresh_token}`);
    await call(sandbox.url, '/crm/v3/objects/contacts/5', { token: tokens.access_token });
    await call(sandbox.url, '/crm/v3/objects/contacts/6', { token: tokens.access_token });
    await call(sandbox.url, '/crm/v3/objects/contacts?limit=2', { token: tokens.access_token });

    const counters = await call<SandboxCounters>(sandbox.url, '/__sandbox/counters');
    expect(counters.body.requests).toEqual({
      'GET /oauth/v1/access-tokens/:token': 1,
      'GET /oauth/v1/refresh-tokens/:token': 1,
      'GET /crm/v3/objects/contacts/:id': 2,
      'GET /crm/v3/objects/contacts': 1,
    });
    expect(counters.body.accessTokensMinted).toBe(2);

    const log = await call<{ endpoint: string; status: number; portalId: number | null }[]>(sandbox.url, '/__sandbox/requests');
    expect(log.body.map((entry) => entry.endpoint)).toEqual(['/oauth/v1/refresh-tokens/:token', '/crm/v3/objects/contacts/:id', '/crm/v3/objects/contacts/:id', '/crm/v3/objects/contacts']);
    expect(log.body.at(-1)).toMatchObject({ status: 200, portalId: sandbox.portalId });
    expect(log.text).not.toContain(tokens.access_token);
    expect(log.text).not.toContain(tokens.refresh_token);
    expect((await call<unknown[]>(sandbox.url, '/__sandbox/requests?limit=1')).body).toHaveLength(1);
  });

  it('resets to the state the options describe', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Reset', contactCount: 10 } });
    sandbox.admin.createAccount({ name: 'Extra' });
    sandbox.admin.deleteContacts(sandbox.portalId, { count: 3 });
    sandbox.admin.addFault({ kind: 'status', status: 500 });
    expect((await call(sandbox.url, '/__sandbox/reset', { json: {} })).status).toBe(204);
    expect(sandbox.admin.listAccounts().map((account) => [account.name, account.contactCount])).toEqual([['Reset', 10]]);
    expect(sandbox.admin.listFaults()).toEqual([]);
    const old = await call<ErrorBody>(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token });
    expect(old.body.category).toBe('INVALID_AUTHENTICATION');
    expect(sandbox.admin.counters().requests).toEqual({ 'GET /crm/v3/objects/contacts': 1 });
  });

  it('advances the sandbox clock over HTTP, expiring tokens as time passes', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Clock', contactCount: 2 } });
    const before = await call<{ now: string }>(sandbox.url, '/__sandbox/clock');
    expect(before.body.now).toBe(new Date(sandbox.clock.now()).toISOString());
    const advanced = await call<{ now: string }>(sandbox.url, '/__sandbox/clock/advance', { json: { ms: 31 * 60_000 } });
    expect(Date.parse(advanced.body.now) - Date.parse(before.body.now)).toBe(31 * 60_000);
    expect((await call<ErrorBody>(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token })).body.category).toBe('EXPIRED_AUTHENTICATION');
    expect((await call<AdminError>(sandbox.url, '/__sandbox/clock/advance', { json: { ms: -5 } })).status).toBe(400);
  });

  it('deletes an account and the tokens issued for it', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Doomed', contactCount: 2 } });
    expect((await call(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}`, { method: 'DELETE' })).status).toBe(204);
    expect(sandbox.admin.listAccounts()).toEqual([]);
    expect((await call<ErrorBody>(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token })).status).toBe(401);
    expect((await call<AdminError>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}`, { method: 'DELETE' })).body.error.code).toBe('account_not_found');
  });

  it('answers unknown admin routes and bad JSON with its own error vocabulary', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Errors', contactCount: 1 } });
    expect((await call<AdminError>(sandbox.url, '/__sandbox/nothing')).body.error.code).toBe('not_found');
    const bad = await fetch(`${sandbox.url}/__sandbox/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as AdminError).error.code).toBe('invalid_admin_input');
  });
});

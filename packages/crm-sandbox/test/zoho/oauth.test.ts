import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, api, connect, consent, startHarness, tokenRequest } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

let h: Harness;
let usAccount: string;
let euAccount: string;

beforeEach(async () => {
  h = await startHarness({
    accounts: [
      { name: 'Acme US', dataCentre: 'us', contactCount: 10 },
      { name: 'Acme EU', dataCentre: 'eu', contactCount: 10 },
    ],
  });
  const accounts = h.admin.listAccounts();
  usAccount = accounts.find((a) => a.dataCentre === 'us')?.id ?? '';
  euAccount = accounts.find((a) => a.dataCentre === 'eu')?.id ?? '';
});
afterEach(() => h.close());

const refreshParams = (refreshToken: string) => ({ grant_type: 'refresh_token', client_id: h.client.clientId, client_secret: h.client.clientSecret, refresh_token: refreshToken });

describe('GET /oauth/v2/auth (consent page)', () => {
  it('names the app and scopes, lists the accounts of every data centre, and offers Accept and Reject', async () => {
    const res = await fetch(`${h.url}/dc/us/accounts/oauth/v2/auth?scope=ZohoCRM.modules.contacts.READ&client_id=${h.client.clientId}&response_type=code&access_type=offline&redirect_uri=${encodeURIComponent(h.client.redirectUri)}&state=s`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('VoiceAgent CRM (test)');
    expect(html).toContain('ZohoCRM.modules.contacts.READ');
    expect(html).toContain(`value="${usAccount}"`);
    expect(html).toContain(`value="${euAccount}"`);
    expect(html).toContain('value="accept"');
    expect(html).toContain('value="reject"');
  });

  it('redirects with code, state, location and accounts-server of the chosen account’s data centre', async () => {
    const callback = await consent(h, { accountId: euAccount, state: 'xyz' });
    expect(`${callback.origin}${callback.pathname}`).toBe(h.client.redirectUri);
    expect(callback.searchParams.get('state')).toBe('xyz');
    expect(callback.searchParams.get('code')).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    expect(callback.searchParams.get('location')).toBe('eu');
    expect(callback.searchParams.get('accounts-server')).toBe(`${h.url}/dc/eu/accounts`);
  });

  it('redirects with error=access_denied when the user rejects', async () => {
    const callback = await consent(h, { decision: 'reject', state: 'abc' });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('abc');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('shows an error page, not a redirect, for an unknown client or an unregistered redirect_uri', async () => {
    const base = `${h.url}/dc/us/accounts/oauth/v2/auth?scope=ZohoCRM.modules.ALL&response_type=code`;
    const unknownClient = await fetch(`${base}&client_id=nope&redirect_uri=${encodeURIComponent(h.client.redirectUri)}`, { redirect: 'manual' });
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.text()).toContain('Invalid Client');
    const badRedirect = await fetch(`${base}&client_id=${h.client.clientId}&redirect_uri=${encodeURIComponent('https://evil.example.com/cb')}`, { redirect: 'manual' });
    expect(badRedirect.status).toBe(400);
    expect(await badRedirect.text()).toContain('Invalid Redirect Uri');
  });

  it('sends invalid_scope and unsupported_response_type back to the client', async () => {
    const base = `${h.url}/dc/us/accounts/oauth/v2/auth?client_id=${h.client.clientId}&redirect_uri=${encodeURIComponent(h.client.redirectUri)}&state=s1`;
    const noScope = await fetch(`${base}&response_type=code`, { redirect: 'manual' });
    expect(new URL(noScope.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
    const token = await fetch(`${base}&response_type=token&scope=ZohoCRM.modules.ALL`, { redirect: 'manual' });
    expect(new URL(token.headers.get('location') ?? '').searchParams.get('error')).toBe('unsupported_response_type');
  });
});

describe('POST /oauth/v2/token (authorization_code)', () => {
  it('returns access and refresh tokens with the api_domain of the account’s data centre', async () => {
    const { tokens } = await connect(h, { accountId: euAccount });
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, api_domain: `${h.url}/dc/eu/api` });
    expect(tokens.refresh_token).toMatch(/^1000\./);
    const org = await api(tokens.api_domain, tokens.access_token, '/crm/v8/org');
    expect(org.status).toBe(200);
    expect(org.body.org[0]).toMatchObject({ id: euAccount, company_name: 'Acme EU' });
  });

  it('accepts the parameters as a query string or as multipart form data, as Zoho does', async () => {
    const callback = await consent(h);
    const query = new URLSearchParams({ grant_type: 'authorization_code', client_id: h.client.clientId, client_secret: h.client.clientSecret, redirect_uri: h.client.redirectUri, code: callback.searchParams.get('code') ?? '' });
    const byQuery = await fetch(`${h.url}/dc/us/accounts/oauth/v2/token?${query}`, { method: 'POST' });
    const tokens = (await byQuery.json()) as { refresh_token: string };
    expect(tokens.refresh_token).toBeDefined();

    const form = new FormData();
    for (const [name, value] of Object.entries(refreshParams(tokens.refresh_token))) form.append(name, value);
    const byMultipart = await fetch(`${h.url}/dc/us/accounts/oauth/v2/token`, { method: 'POST', body: form });
    expect(await byMultipart.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  });

  it('refuses a reused, unknown or expired code with HTTP 200 and error=invalid_code', async () => {
    const callback = await consent(h);
    const params = { grant_type: 'authorization_code', client_id: h.client.clientId, client_secret: h.client.clientSecret, redirect_uri: h.client.redirectUri, code: callback.searchParams.get('code') ?? '' };
    expect((await tokenRequest(`${h.url}/dc/us/accounts`, params)).body.access_token).toBeDefined();
    expect(await tokenRequest(`${h.url}/dc/us/accounts`, params)).toEqual({ status: 200, body: { error: 'invalid_code' } });
    expect(await tokenRequest(`${h.url}/dc/us/accounts`, { ...params, code: '1000.nope.nope' })).toEqual({ status: 200, body: { error: 'invalid_code' } });

    const late = await consent(h);
    h.clock.advance(121_000);
    expect((await tokenRequest(`${h.url}/dc/us/accounts`, { ...params, code: late.searchParams.get('code') ?? '' })).body).toEqual({ error: 'invalid_code' });
  });

  it('refuses a code exchanged at another data centre’s accounts server', async () => {
    const callback = await consent(h, { accountId: euAccount });
    const params = { grant_type: 'authorization_code', client_id: h.client.clientId, client_secret: h.client.clientSecret, redirect_uri: h.client.redirectUri, code: callback.searchParams.get('code') ?? '' };
    expect((await tokenRequest(`${h.url}/dc/us/accounts`, params)).body).toEqual({ error: 'invalid_code' });
    expect((await tokenRequest(`${h.url}/dc/eu/accounts`, params)).body.access_token).toBeDefined();
  });

  it('refuses a wrong client, secret, redirect_uri or grant type with Zoho’s error names', async () => {
    const callback = await consent(h);
    const params = { grant_type: 'authorization_code', client_id: h.client.clientId, client_secret: h.client.clientSecret, redirect_uri: h.client.redirectUri, code: callback.searchParams.get('code') ?? '' };
    const server = `${h.url}/dc/us/accounts`;
    expect((await tokenRequest(server, { ...params, client_id: '1000.OTHER' })).body).toEqual({ error: 'invalid_client' });
    expect((await tokenRequest(server, { ...params, client_secret: 'wrong' })).body).toEqual({ error: 'invalid_client_secret' });
    expect((await tokenRequest(server, { ...params, grant_type: 'password' })).body).toEqual({ error: 'unsupported_grant_type' });
    expect((await tokenRequest(server, { ...params, redirect_uri: 'https://app.example.com/other' })).body).toEqual({ error: 'invalid_redirect_uri' });
  });

  it('issues a refresh token on the first offline consent, then only again with prompt=consent', async () => {
    expect((await connect(h)).tokens.refresh_token).toBeDefined();
    expect((await connect(h)).tokens.refresh_token).toBeUndefined();
    expect((await connect(h, { prompt: 'consent' })).tokens.refresh_token).toBeDefined();
    expect((await connect(h, { accessType: 'online', prompt: 'consent' })).tokens.refresh_token).toBeUndefined();
  });
});

describe('POST /oauth/v2/token (refresh_token)', () => {
  it('returns a new access token only, which works until it expires an hour later', async () => {
    const { tokens, accountsServer } = await connect(h);
    const refreshed = await tokenRequest(accountsServer, refreshParams(tokens.refresh_token ?? ''));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, api_domain: `${h.url}/dc/us/api` });
    expect(refreshed.body.refresh_token).toBeUndefined();
    const access = String(refreshed.body.access_token);
    expect(access).not.toBe(tokens.access_token);

    expect((await api(tokens.api_domain, access, '/crm/v8/users?type=CurrentUser')).status).toBe(200);
    h.clock.advance(3600_000);
    const expired = await api(tokens.api_domain, access, '/crm/v8/users?type=CurrentUser');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' });
  });

  it('caps access tokens per refresh token at 10 per 10 minutes with Zoho’s Access Denied', async () => {
    const { tokens, accountsServer } = await connect(h);
    // The code exchange minted the first of the ten.
    for (let i = 0; i < 9; i++) expect((await tokenRequest(accountsServer, refreshParams(tokens.refresh_token ?? ''))).body.access_token).toBeDefined();
    const blocked = await tokenRequest(accountsServer, refreshParams(tokens.refresh_token ?? ''));
    expect(blocked).toEqual({
      status: 400,
      body: { error_description: 'You have made too many requests continuously. Please try again after some time.', error: 'Access Denied', status: 'failure' },
    });
    h.clock.advance(600_001);
    expect((await tokenRequest(accountsServer, refreshParams(tokens.refresh_token ?? ''))).body.access_token).toBeDefined();
  });

  it('honours a configured cap', async () => {
    await h.close();
    h = await startHarness({ limits: { refreshMintLimit: 2, refreshMintWindowSeconds: 60 } });
    const { tokens, accountsServer } = await connect(h);
    expect((await tokenRequest(accountsServer, refreshParams(tokens.refresh_token ?? ''))).body.access_token).toBeDefined();
    expect((await tokenRequest(accountsServer, refreshParams(tokens.refresh_token ?? ''))).body.error).toBe('Access Denied');
  });

  it('refuses a refresh token at another data centre’s accounts server', async () => {
    const { tokens } = await connect(h, { accountId: usAccount });
    expect((await tokenRequest(`${h.url}/dc/eu/accounts`, refreshParams(tokens.refresh_token ?? ''))).body).toEqual({ error: 'invalid_code' });
  });

  it('keeps 20 refresh tokens per user: the 21st silently deletes the oldest', async () => {
    const first = (await connect(h)).tokens.refresh_token ?? '';
    for (let i = 0; i < 20; i++) await connect(h, { prompt: 'consent' });
    expect((await tokenRequest(`${h.url}/dc/us/accounts`, refreshParams(first))).body).toEqual({ error: 'invalid_code' });
  });
});

describe('POST /oauth/v2/token/revoke', () => {
  it('revokes a refresh token and every access token minted from it', async () => {
    const { tokens, accountsServer } = await connect(h);
    const revoke = await fetch(`${accountsServer}/oauth/v2/token/revoke?token=${tokens.refresh_token}`, { method: 'POST' });
    expect(revoke.status).toBe(200);
    expect(await revoke.json()).toEqual({ status: 'success' });
    expect((await api(tokens.api_domain, tokens.access_token, '/crm/v8/org')).body.code).toBe('INVALID_TOKEN');
    expect((await tokenRequest(accountsServer, refreshParams(tokens.refresh_token ?? ''))).body).toEqual({ error: 'invalid_code' });
    const again = await fetch(`${accountsServer}/oauth/v2/token/revoke?token=${tokens.refresh_token}`, { method: 'POST' });
    expect(again.status).toBe(400);
  });
});

describe('data centres', () => {
  it('refuses a token on another data centre’s API domain', async () => {
    const { tokens } = await connect(h, { accountId: euAccount });
    const elsewhere = await api(`${h.url}/dc/us/api`, tokens.access_token, '/crm/v8/Contacts?fields=Last_Name');
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.code).toBe('INVALID_TOKEN');
    expect((await api(tokens.api_domain, tokens.access_token, '/crm/v8/Contacts?fields=Last_Name')).status).toBe(200);
  });

  it('lists every accounts server in /oauth/serverinfo', async () => {
    const res = await fetch(`${h.url}/dc/us/accounts/oauth/serverinfo`);
    expect(await res.json()).toEqual({ result: 'success', locations: { us: `${h.url}/dc/us/accounts`, eu: `${h.url}/dc/eu/accounts` } });
  });

  it('identifies the org and the current user behind a token', async () => {
    const { tokens } = await connect(h, { accountId: usAccount });
    const users = await api(tokens.api_domain, tokens.access_token, '/crm/v8/users?type=CurrentUser');
    expect(users.body.users).toHaveLength(1);
    expect(users.body.users[0]).toMatchObject({ status: 'active', email: expect.stringContaining('@') });
    expect(users.body.info).toEqual({ per_page: 200, count: 1, page: 1, more_records: false });
    expect((await admin(h, 'GET', '/counters')).body.accessTokensMinted).toBe(1);
  });
});

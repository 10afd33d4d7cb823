import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, NO_PKCE_APP, REDIRECT_URI, ROTATING_APP, api, connect, consent, pkcePair, startHarness, tokenRequest } from './harness';
import type { Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const production = () => h.orgs[0]!;
const uat = () => h.orgs[1]!;

describe('GET /services/oauth2/authorize', () => {
  it('shows an HTML error page, without redirecting, for an unknown client or an unregistered redirect_uri', async () => {
    const unknown = await fetch(`${h.loginUrl}/services/oauth2/authorize?response_type=code&client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`, { redirect: 'manual' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('invalid_client_id');
    const wrongRedirect = await fetch(`${h.loginUrl}/services/oauth2/authorize?response_type=code&client_id=${APP.clientId}&redirect_uri=${encodeURIComponent('https://evil.example.com/cb')}`, { redirect: 'manual' });
    expect(wrongRedirect.status).toBe(400);
    expect(wrongRedirect.headers.get('location')).toBeNull();
  });

  it('redirects with invalid_request when the app requires PKCE and no challenge came', async () => {
    const callback = await consent(h.loginUrl, { challenge: null });
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('state')).toBe('state-123');
  });

  it('offers Allow and Deny and sends access_denied back on Deny', async () => {
    const page = await fetch(`${h.loginUrl}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: APP.clientId, redirect_uri: REDIRECT_URI, code_challenge: pkcePair().challenge, code_challenge_method: 'S256' })}`);
    const html = await page.text();
    expect(html).toMatch(/<button[^>]*value="allow"[^>]*>Allow<\/button>/);
    expect(html).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);
    const callback = await consent(h.loginUrl, { decision: 'deny' });
    expect(Object.fromEntries(callback.searchParams)).toEqual({ error: 'access_denied', error_description: 'end-user denied authorization', state: 'state-123' });
  });

  it('lists only sandbox orgs at the test login host, one choice per user, and none of them at the production host', async () => {
    const html = await (await fetch(`${h.testLoginUrl}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: APP.clientId, redirect_uri: REDIRECT_URI, code_challenge: pkcePair().challenge, code_challenge_method: 'S256' })}`)).text();
    const choices = [...html.matchAll(/name="account" value="([^"]+)"/g)].map((m) => m[1]);
    expect(choices).toEqual(uat().users.map((user) => `${uat().id}:${user.id}`));
    // Posting the sandbox org's user at the production login host is refused: no such user there.
    const page = await fetch(`${h.loginUrl}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: APP.clientId, redirect_uri: REDIRECT_URI, code_challenge: pkcePair().challenge, code_challenge_method: 'S256' })}`);
    const requestId = /name="request_id" value="([^"]+)"/.exec(await page.text())![1]!;
    const posted = await fetch(`${h.loginUrl}/services/oauth2/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request_id: requestId, account: choices[0]!, decision: 'allow' }).toString(),
    });
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain('No such user');
  });
});

describe('POST /services/oauth2/token', () => {
  it('exchanges a code for tokens whose signature verifies and whose identity URL answers', async () => {
    const tokens = await connect(h.loginUrl);
    expect(tokens).toMatchObject({ token_type: 'Bearer', instance_url: production().instanceUrl, scope: 'api refresh_token' });
    expect(tokens).not.toHaveProperty('expires_in');
    expect(tokens.id).toBe(`${h.loginUrl}/id/${production().id}/${production().users[0]!.id}`);
    expect(tokens.issued_at).toBe(String(h.clock.now));
    expect(tokens.signature).toBe(createHmac('sha256', APP.clientSecret).update(tokens.id + tokens.issued_at).digest('base64'));
    const identity = await fetch(tokens.id, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await identity.json()).toMatchObject({ user_id: production().users[0]!.id, organization_id: production().id, urls: { rest: `${production().instanceUrl}/services/data/v{version}/` } });
  });

  it('signs in a sandbox org through the test login host and through its own My Domain origin', async () => {
    const viaTest = await connect(h.testLoginUrl);
    expect(viaTest.instance_url).toBe(uat().instanceUrl);
    expect(viaTest.id.startsWith(h.testLoginUrl)).toBe(true);
    const viaMyDomain = await connect(uat().instanceUrl);
    expect(viaMyDomain.id.startsWith(uat().instanceUrl)).toBe(true);
  });

  it('refuses a wrong PKCE verifier, a reused code and a bad secret', async () => {
    const { verifier, challenge } = pkcePair();
    const callback = await consent(h.loginUrl, { challenge });
    const code = callback.searchParams.get('code')!;
    const exchange = (overrides: Record<string, string>) =>
      tokenRequest(h.loginUrl, { grant_type: 'authorization_code', code, client_id: APP.clientId, client_secret: APP.clientSecret, redirect_uri: REDIRECT_URI, code_verifier: verifier, ...overrides });
    expect(await exchange({ code_verifier: pkcePair().verifier })).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'invalid code verifier' } });
    // The failed attempt used the code up, as Salesforce does.
    expect((await exchange({})).body).toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
    expect((await tokenRequest(h.loginUrl, { grant_type: 'refresh_token', refresh_token: 'x', client_id: APP.clientId, client_secret: 'wrong' })).body.error).toBe('invalid_client');
    expect((await tokenRequest(h.loginUrl, { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'nope', client_secret: 'x' })).body.error).toBe('invalid_client_id');
  });

  it('lets an app that does not require PKCE go without a challenge, but then refuses a verifier', async () => {
    const callback = await consent(h.loginUrl, { clientId: NO_PKCE_APP.clientId, challenge: null });
    const result = await tokenRequest(h.loginUrl, { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, client_id: NO_PKCE_APP.clientId, client_secret: NO_PKCE_APP.clientSecret, redirect_uri: REDIRECT_URI, code_verifier: pkcePair().verifier });
    expect(result.body).toEqual({ error: 'invalid_grant', error_description: 'invalid code verifier' });
    const plain = await consent(h.loginUrl, { clientId: NO_PKCE_APP.clientId, challenge: null });
    const ok = await tokenRequest(h.loginUrl, { grant_type: 'authorization_code', code: plain.searchParams.get('code')!, client_id: NO_PKCE_APP.clientId, client_secret: NO_PKCE_APP.clientSecret, redirect_uri: REDIRECT_URI });
    expect(ok.status).toBe(200);
  });

  it('refreshes without returning a refresh token when the app does not rotate them', async () => {
    const tokens = await connect(h.loginUrl);
    const refreshed = await tokenRequest(h.loginUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).not.toHaveProperty('refresh_token');
    expect(refreshed.body.access_token).not.toBe(tokens.access_token);
    expect(refreshed.body.signature).toBe(createHmac('sha256', APP.clientSecret).update(refreshed.body.id! + refreshed.body.issued_at!).digest('base64'));
    const again = await tokenRequest(h.loginUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(again.status).toBe(200);
  });

  it('rotates refresh tokens when the app says so: a new one each time and the old one dead', async () => {
    const tokens = await connect(h.loginUrl, ROTATING_APP);
    const first = await tokenRequest(h.loginUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: ROTATING_APP.clientId, client_secret: ROTATING_APP.clientSecret });
    expect(first.body.refresh_token).toMatch(/^5Aep861/);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    const old = await tokenRequest(h.loginUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: ROTATING_APP.clientId, client_secret: ROTATING_APP.clientSecret });
    expect(old).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } });
    // Access tokens minted from the rotated-out refresh token die with it.
    expect((await api(production().instanceUrl, tokens.access_token, '/limits')).status).toBe(401);
    expect((await api(production().instanceUrl, first.body.access_token!, '/limits')).status).toBe(200);
  });
});

describe('tokens at the REST API', () => {
  it('revoking a refresh token revokes its access tokens and the refresh token itself', async () => {
    const tokens = await connect(h.loginUrl);
    expect((await api(production().instanceUrl, tokens.access_token, '/limits')).status).toBe(200);
    const revoke = await fetch(`${h.loginUrl}/services/oauth2/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(tokens.refresh_token)}` });
    expect(revoke.status).toBe(200);
    const after = await api(production().instanceUrl, tokens.access_token, '/limits');
    expect(after).toMatchObject({ status: 401, body: [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }] });
    expect((await tokenRequest(h.loginUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: APP.clientId, client_secret: APP.clientSecret })).body.error).toBe('invalid_grant');
  });

  it("refuses another org's token and an access token past the session timeout", async () => {
    const uatTokens = await connect(h.testLoginUrl);
    expect((await api(production().instanceUrl, uatTokens.access_token, '/limits')).status).toBe(401);
    expect((await api(uat().instanceUrl, uatTokens.access_token, '/limits')).status).toBe(200);
    h.clock.now += 2 * 3600_000;
    try {
      expect((await api(uat().instanceUrl, uatTokens.access_token, '/limits')).status).toBe(401);
      const refreshed = await tokenRequest(h.testLoginUrl, { grant_type: 'refresh_token', refresh_token: uatTokens.refresh_token, client_id: APP.clientId, client_secret: APP.clientSecret });
      expect((await api(uat().instanceUrl, refreshed.body.access_token!, '/limits')).status).toBe(200);
    } finally {
      h.clock.now -= 2 * 3600_000;
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, startTestSandbox, type ErrorBody, type ListBody, type TestSandbox, type TokenBody } from './helpers';

const CLIENT_ID = 'test-client';
const CLIENT_SECRET = 'test-secret';
const REDIRECT = 'http://127.0.0.1:9999/oauth/callback';
const SCOPES = 'oauth crm.objects.contacts.read crm.objects.contacts.write';

let sandbox: TestSandbox;

beforeEach(async () => {
  sandbox = await startTestSandbox({
    defaultApp: { name: 'VoiceAgent Test App', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT] },
    defaultPortal: { id: 62515, name: 'Acme Portal', contactCount: 25 },
  });
});
afterEach(() => sandbox.close());

function authorizeQuery(overrides: Record<string, string> = {}): string {
  return new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: REDIRECT, scope: SCOPES, optional_scope: 'crm.objects.owners.read', state: 'st-123', ...overrides }).toString();
}

/** Opens the consent page and answers it the way a browser submits the form. */
async function answerConsent(decision: 'grant' | 'deny', overrides: Record<string, string> = {}): Promise<URL> {
  const page = await call<string>(sandbox.url, `/oauth/authorize?${authorizeQuery(overrides)}`);
  expect(page.status).toBe(200);
  const consentId = /name="consent_id" value="([^"]+)"/.exec(page.body)![1]!;
  const answer = await call(sandbox.url, '/oauth/authorize', { form: { consent_id: consentId, portal_id: '62515', decision } });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location')!);
}

async function exchangeCode(code: string, overrides: Record<string, string> = {}) {
  const form = { grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT, code, ...overrides };
  return call<TokenBody & ErrorBody>(sandbox.url, '/oauth/v1/token', { form });
}

describe('GET /oauth/authorize', () => {
  it('shows a consent page naming the app and the scopes, with Grant access and Deny in one form', async () => {
    const page = await call<string>(sandbox.url, `/oauth/authorize?${authorizeQuery()}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('VoiceAgent Test App');
    expect(page.body).toContain('crm.objects.contacts.read');
    expect(page.body).toContain('crm.objects.owners.read</code> (optional)');
    expect(page.body).toMatch(/<form method="post" action="\/oauth\/authorize">/);
    expect(page.body).toMatch(/<button[^>]*value="grant"[^>]*>Grant access<\/button>/);
    expect(page.body).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);
    expect(page.body).toContain('Acme Portal');
  });

  it('refuses an unknown client_id, a redirect URL the app did not register and a missing scope with an error page', async () => {
    const unknown = await call<string>(sandbox.url, `/oauth/authorize?${authorizeQuery({ client_id: 'nope' })}`);
    const mismatch = await call<string>(sandbox.url, `/oauth/authorize?${authorizeQuery({ redirect_uri: 'https://evil.example/cb' })}`);
    const noScope = await call<string>(sandbox.url, `/oauth/authorize?${authorizeQuery({ scope: '' })}`);
    expect([unknown.status, mismatch.status, noScope.status]).toEqual([400, 400, 400]);
    expect(mismatch.body).toContain("Authorization failed as the redirect URL &#39;https://evil.example/cb&#39; doesn&#39;t match the app&#39;s registered redirect URL");
    expect(noScope.body).toContain('Insufficient scopes were provided');
    expect(unknown.body).not.toContain('<form');
  });

  it('redirects with access_denied and the state when the user denies', async () => {
    const location = await answerConsent('deny');
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('accepts each consent form once', async () => {
    const page = await call<string>(sandbox.url, `/oauth/authorize?${authorizeQuery()}`);
    const consentId = /name="consent_id" value="([^"]+)"/.exec(page.body)![1]!;
    const first = await call(sandbox.url, '/oauth/authorize', { form: { consent_id: consentId, decision: 'grant' } });
    const second = await call(sandbox.url, '/oauth/authorize', { form: { consent_id: consentId, decision: 'grant' } });
    expect(first.status).toBe(302);
    expect(second.status).toBe(400);
  });
});

describe('POST /oauth/v1/token', () => {
  it('exchanges a granted code for HubSpot\'s token response that works against the CRM API', async () => {
    const location = await answerConsent('grant');
    expect(location.searchParams.get('state')).toBe('st-123');
    const tokens = await exchangeCode(location.searchParams.get('code')!);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toEqual({
      token_type: 'bearer',
      refresh_token: expect.stringMatching(/^na1-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      access_token: expect.any(String),
      expires_in: 1800,
      hub_id: 62515,
      scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read'],
    });
    const contacts = await call<ListBody>(sandbox.url, '/crm/v3/objects/contacts', { token: tokens.body.access_token });
    expect(contacts.status).toBe(200);
    expect(contacts.body.results).toHaveLength(10);
  });

  it('refreshes: a new access token, the same refresh token', async () => {
    const code = (await answerConsent('grant')).searchParams.get('code')!;
    const first = await exchangeCode(code);
    const refreshed = await call<TokenBody>(sandbox.url, '/oauth/v1/token', {
      form: { grant_type: 'refresh_token', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: first.body.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(refreshed.body.refresh_token).toBe(first.body.refresh_token);
    expect(refreshed.body.expires_in).toBe(1800);
  });

  it.each([
    ['an unknown code', { code: 'not-a-code' }, 'BAD_AUTH_CODE', 'missing or unknown auth code'],
    ['a wrong client secret', { client_secret: 'wrong' }, 'BAD_CLIENT_SECRET', 'missing or invalid client secret'],
    ['an unknown client id', { client_id: 'someone-else' }, 'BAD_CLIENT_ID', 'missing or invalid client id'],
    ['a different redirect_uri', { redirect_uri: 'http://127.0.0.1:9999/other' }, 'BAD_REDIRECT_URI', undefined],
    ['an unknown grant type', { grant_type: 'password' }, 'BAD_GRANT_TYPE', undefined],
  ])('refuses %s with HubSpot\'s 400 body', async (_label, overrides, status, message) => {
    const code = (await answerConsent('grant')).searchParams.get('code')!;
    const refused = await exchangeCode(code, overrides);
    expect(refused.status).toBe(400);
    expect(refused.body.status).toBe(status);
    expect(refused.body.correlationId).toEqual(expect.any(String));
    if (message) expect(refused.body.message).toBe(message);
  });

  it('refuses a code used twice and a code past its lifetime', async () => {
    const code = (await answerConsent('grant')).searchParams.get('code')!;
    expect((await exchangeCode(code)).status).toBe(200);
    const reused = await exchangeCode(code);
    expect([reused.status, reused.body.status]).toEqual([400, 'BAD_AUTH_CODE']);

    const late = (await answerConsent('grant')).searchParams.get('code')!;
    sandbox.clock.advance(11 * 60_000);
    const expired = await exchangeCode(late);
    expect([expired.status, expired.body.status]).toEqual([400, 'EXPIRED_AUTH_CODE']);
  });

  it('takes only form-encoded bodies, as HubSpot does', async () => {
    const code = (await answerConsent('grant')).searchParams.get('code')!;
    const json = await call<ErrorBody>(sandbox.url, '/oauth/v1/token', {
      json: { grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT, code },
    });
    expect([json.status, json.body.status]).toEqual([400, 'BAD_GRANT_TYPE']);
  });

  it('refuses an unknown refresh token with BAD_REFRESH_TOKEN', async () => {
    const refused = await call<ErrorBody>(sandbox.url, '/oauth/v1/token', {
      form: { grant_type: 'refresh_token', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: 'na1-0000-0000-0000-0000-000000000000' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' });
  });
});

describe('token metadata', () => {
  it('describes an access token and a refresh token', async () => {
    const tokens = await exchangeCode((await answerConsent('grant')).searchParams.get('code')!);
    sandbox.clock.advance(60_000);
    const access = await call<Record<string, unknown>>(sandbox.url, `/oauth/v1/access-tokens/${tokens.body.access_token}`);
    expect(access.status).toBe(200);
    expect(access.body).toMatchObject({
      token: tokens.body.access_token,
      user: 'admin@acme-portal.example.com',
      hub_domain: 'acme-portal.example.com',
      hub_id: 62515,
      expires_in: 1740,
      token_type: 'access',
      scopes: tokens.body.scopes,
    });
    expect(access.body.app_id).toEqual(expect.any(Number));
    expect(access.body.user_id).toEqual(expect.any(Number));

    const refresh = await call<Record<string, unknown>>(sandbox.url, `/oauth/v1/refresh-tokens/${tokens.body.refresh_token}`);
    expect(refresh.status).toBe(200);
    expect(refresh.body).toMatchObject({ token: tokens.body.refresh_token, client_id: CLIENT_ID, hub_id: 62515, hub_domain: 'acme-portal.example.com', scopes: tokens.body.scopes });
  });

  it('deleting the refresh token uninstalls the app: its access tokens stop working and it cannot refresh', async () => {
    const tokens = await exchangeCode((await answerConsent('grant')).searchParams.get('code')!);
    const deleted = await call(sandbox.url, `/oauth/v1/refresh-tokens/${tokens.body.refresh_token}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    const api = await call<ErrorBody>(sandbox.url, '/crm/v3/objects/contacts', { token: tokens.body.access_token });
    expect([api.status, api.body.category]).toEqual([401, 'INVALID_AUTHENTICATION']);
    const refresh = await call<ErrorBody>(sandbox.url, '/oauth/v1/token', {
      form: { grant_type: 'refresh_token', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: tokens.body.refresh_token },
    });
    expect(refresh.body.status).toBe('BAD_REFRESH_TOKEN');
    expect((await call(sandbox.url, `/oauth/v1/refresh-tokens/${tokens.body.refresh_token}`)).status).toBe(404);
  });
});

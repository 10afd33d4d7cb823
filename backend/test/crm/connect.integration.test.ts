import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialsService } from '../../src/crm/credentials/credentials-service';
import { createTokenCipher } from '../../src/crm/credentials/token-cipher';
import { createPool } from '../../src/db/pool';
import { approveConsent } from '../support/sandbox-consent';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { createTestBrowser } from '../support/test-browser';
import { signUpTestUser, type TestUser } from '../support/test-users';

/**
 * Connecting HubSpot and Zoho end to end: the product in run mode starts both sandboxes, and
 * every step — our API, the consent page, the callback, token refresh and revoke — is real HTTP.
 */
const ENCRYPTION_KEY = randomBytes(32);
let product: TestProduct;

beforeAll(async () => {
  // No sync workers: these tests count contacts they insert themselves, and the full sync every
  // connection starts would add the sandbox's (test/crm/sync covers that sync).
  product = await startTestProduct({
    CRM_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
    CRM_ENCRYPTION_KEY_ID: 'test',
    CRM_SANDBOX_CONTACTS: '50',
    SYNC_WORKERS: 'off',
  });
});
afterAll(async () => {
  await product?.close();
});

type Platform = 'hubspot' | 'zoho';

async function api(user: TestUser, path: string, init: RequestInit = {}) {
  return fetch(`${product.url}/api/v1${path}`, { ...init, headers: { ...user.authorization, ...(init.headers ?? {}) } });
}

// One browser for the whole file: it keeps the binding cookie each start sets, as the web app's would.
const browser = createTestBrowser();

async function startOAuth(user: TestUser, platform: Platform): Promise<string> {
  const res = await browser.fetch(`${product.url}/api/v1/crm/${platform}/oauth`, { headers: user.authorization });
  expect(res.status).toBe(200);
  return ((await res.json()) as { url: string }).url;
}

/** Follows our callback without following its redirect; returns where it sends the browser. */
async function hitCallback(callbackUrl: URL | string): Promise<URL> {
  const res = await browser.fetch(callbackUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

async function connect(user: TestUser, platform: Platform, zohoDataCentre?: string): Promise<URL> {
  const authorizeUrl = await startOAuth(user, platform);
  const callback = await approveConsent(authorizeUrl, { zohoDataCentre });
  return hitCallback(callback);
}

async function connections(user: TestUser) {
  const res = await api(user, '/crm/credentials');
  expect(res.status).toBe(200);
  return ((await res.json()) as { connections: Array<Record<string, unknown>> }).connections;
}

function sandboxOrigin(platform: Platform): string {
  const service = product.services.registry.get(platform);
  const url = service.buildAuthorizationUrl({ state: 'x', redirectUri: 'http://localhost/cb' });
  return new URL(url).origin;
}

async function sandboxCounters(platform: Platform): Promise<{ requests: Record<string, number> }> {
  return (await fetch(`${sandboxOrigin(platform)}/__sandbox/counters`)).json() as Promise<{ requests: Record<string, number> }>;
}

function tokenRequests(counters: { requests: Record<string, number> }): number {
  return Object.entries(counters.requests)
    .filter(([key]) => /^POST .*\/oauth\/v[12]\/token$/.test(key))
    .reduce((sum, [, n]) => sum + n, 0);
}

async function storedTokens(userId: string, platform: Platform) {
  const { rows } = await product.pool.query<{ access_token_encrypted: string; refresh_token_encrypted: string }>(
    'select access_token_encrypted, refresh_token_encrypted from user_crm_credentials where user_id = $1 and platform = $2',
    [userId, platform],
  );
  const cipher = createTokenCipher({ id: 'test', key: ENCRYPTION_KEY });
  const row = rows[0]!;
  return {
    accessToken: cipher.decrypt(row.access_token_encrypted, `${userId}:${platform}:access`),
    refreshToken: cipher.decrypt(row.refresh_token_encrypted, `${userId}:${platform}:refresh`),
  };
}

describe('connecting HubSpot', () => {
  it('runs the whole OAuth flow and stores a working, encrypted credential', async () => {
    const user = await signUpTestUser(product);
    const landing = await connect(user, 'hubspot');
    // FRONTEND_URL defaults to the backend's own URL: the only place the callback redirects to.
    expect(`${landing.origin}${landing.pathname}`).toBe(`${product.url}/crm`);
    expect(landing.searchParams.get('connected')).toBe('hubspot');

    const [hubspot] = await connections(user);
    expect(hubspot).toMatchObject({ platform: 'hubspot', status: 'connected', accountId: '62515', isSandbox: true, contactCount: 0 });
    expect(JSON.stringify(hubspot)).not.toMatch(/token/i);

    // The stored token works at the provider, and its plaintext is nowhere in the database.
    const { accessToken, refreshToken } = await storedTokens(user.id, 'hubspot');
    const info = await fetch(`${sandboxOrigin('hubspot')}/oauth/v1/access-tokens/${accessToken}`);
    expect(info.status).toBe(200);
    expect(((await info.json()) as { hub_id: number }).hub_id).toBe(62515);
    const { rows } = await product.pool.query<{ dump: string }>(
      `select string_agg(t::text, ' ') as dump from (
         select row_to_json(c)::text as t from user_crm_credentials c
         union all select row_to_json(s)::text from oauth_states s) x`,
    );
    expect(rows[0]!.dump).not.toContain(accessToken);
    expect(rows[0]!.dump).not.toContain(refreshToken);
  });

  it('reconnecting replaces the tokens in place', async () => {
    const user = await signUpTestUser(product);
    await connect(user, 'hubspot');
    const first = await storedTokens(user.id, 'hubspot');
    await connect(user, 'hubspot');
    const second = await storedTokens(user.id, 'hubspot');
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(await connections(user)).toHaveLength(1);
  });
});

describe('connecting Zoho', () => {
  it.each(['us', 'eu'])('connects an org in the %s data centre and keeps using its API domain', async (dc) => {
    const user = await signUpTestUser(product);
    const landing = await connect(user, 'zoho', dc);
    expect(landing.searchParams.get('connected')).toBe('zoho');
    const [zoho] = await connections(user);
    expect(zoho).toMatchObject({ platform: 'zoho', status: 'connected', dataCentre: dc, isSandbox: true });
    const { rows } = await product.pool.query<{ api_domain: string; accounts_server: string }>(
      'select api_domain, accounts_server from user_crm_credentials where user_id = $1',
      [user.id],
    );
    expect(rows[0]!.api_domain).toContain(`/dc/${dc}/`);
    expect(rows[0]!.accounts_server).toContain(`/dc/${dc}/`);
  });
});

describe('GET /api/v1/crm/{platform}/callback refuses bad states', () => {
  async function expectRefused(landing: URL, code: string, before: number, platform: Platform = 'hubspot') {
    expect(landing.searchParams.get('error')).toBe(code);
    expect(landing.searchParams.get('connected')).toBeNull();
    // Refused before any token exchange.
    expect(tokenRequests(await sandboxCounters(platform))).toBe(before);
  }

  it('a forged state', async () => {
    const user = await signUpTestUser(product);
    const callback = await approveConsent(await startOAuth(user, 'hubspot'));
    callback.searchParams.set('state', randomBytes(32).toString('base64url'));
    const before = tokenRequests(await sandboxCounters('hubspot'));
    await expectRefused(await hitCallback(callback), 'oauth_state_invalid', before);
    expect(await connections(user)).toHaveLength(0);
  });

  it('a replayed state', async () => {
    const user = await signUpTestUser(product);
    const callback = await approveConsent(await startOAuth(user, 'hubspot'));
    expect((await hitCallback(callback)).searchParams.get('connected')).toBe('hubspot');
    const before = tokenRequests(await sandboxCounters('hubspot'));
    await expectRefused(await hitCallback(callback), 'oauth_state_invalid', before);
  });

  it('an expired state', async () => {
    const user = await signUpTestUser(product);
    const callback = await approveConsent(await startOAuth(user, 'hubspot'));
    await product.pool.query(`update oauth_states set expires_at = now() - interval '1 second' where user_id = $1`, [user.id]);
    const before = tokenRequests(await sandboxCounters('hubspot'));
    await expectRefused(await hitCallback(callback), 'oauth_state_invalid', before);
    expect(await connections(user)).toHaveLength(0);
  });

  it('a state issued for the other platform', async () => {
    const user = await signUpTestUser(product);
    const hubspotCallback = await approveConsent(await startOAuth(user, 'hubspot'));
    const zohoCallback = await approveConsent(await startOAuth(user, 'zoho'));
    zohoCallback.searchParams.set('state', hubspotCallback.searchParams.get('state')!);
    const before = tokenRequests(await sandboxCounters('zoho'));
    await expectRefused(await hitCallback(zohoCallback), 'oauth_state_invalid', before, 'zoho');
  });

  it('another user’s state connects only that user, never the one holding the link', async () => {
    const alice = await signUpTestUser(product);
    const bob = await signUpTestUser(product);
    const bobsCallback = await approveConsent(await startOAuth(bob, 'hubspot'));
    await hitCallback(bobsCallback);
    expect(await connections(alice)).toHaveLength(0);
    expect(await connections(bob)).toHaveLength(1);
  });

  it('denied consent', async () => {
    const user = await signUpTestUser(product);
    const callback = await approveConsent(await startOAuth(user, 'hubspot'), { deny: true });
    const before = tokenRequests(await sandboxCounters('hubspot'));
    await expectRefused(await hitCallback(callback), 'oauth_denied', before);
    expect(await connections(user)).toHaveLength(0);
  });
});

describe('token refresh', () => {
  it('20 concurrent callers across two processes refresh an expired token exactly once', async () => {
    const user = await signUpTestUser(product);
    await connect(user, 'hubspot');
    await product.pool.query(`update user_crm_credentials set token_expires_at = now() - interval '1 minute' where user_id = $1`, [user.id]);
    // A second "process": its own pool and its own service instance, sharing only the database.
    const otherPool = createPool(product.config.databaseUrl!);
    const other = createCredentialsService({
      pool: otherPool,
      cipher: createTokenCipher({ id: 'test', key: ENCRYPTION_KEY }),
      registry: product.services.registry,
      logger: product.logger,
    });
    try {
      const before = tokenRequests(await sandboxCounters('hubspot'));
      // Every caller first finds the expired token, then all ask for a usable one at once.
      const sessions = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? product.services.credentials : other).getSession(user.id, 'hubspot')),
      );
      const tokens = await Promise.all(sessions.map((session) => session.getAccessToken()));
      expect(tokenRequests(await sandboxCounters('hubspot')) - before).toBe(1);
      expect(new Set(tokens).size).toBe(1);
      const info = await fetch(`${sandboxOrigin('hubspot')}/oauth/v1/access-tokens/${tokens[0]}`);
      expect(info.status).toBe(200);
    } finally {
      await otherPool.end();
    }
  });

  it.each<Platform>(['hubspot', 'zoho'])('a revoked %s refresh token marks the connection needs_reauth', async (platform) => {
    const user = await signUpTestUser(product);
    await connect(user, platform);
    const { refreshToken } = await storedTokens(user.id, platform);
    const body = platform === 'hubspot' ? { refreshToken } : { token: refreshToken };
    const revoked = await fetch(`${sandboxOrigin(platform)}/__sandbox/tokens/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(revoked.status).toBe(200);
    await product.pool.query(`update user_crm_credentials set token_expires_at = now() - interval '1 minute' where user_id = $1`, [user.id]);

    const session = await product.services.credentials.getSession(user.id, platform);
    await expect(session.getAccessToken()).rejects.toMatchObject({ code: 'crm_auth_revoked' });
    const [connection] = await connections(user);
    expect(connection).toMatchObject({ status: 'needs_reauth', lastError: { code: 'crm_auth_revoked' } });
  });
});

describe('DELETE /api/v1/crm/:platform', () => {
  async function insertContacts(userId: string, platform: Platform, count: number) {
    for (let i = 0; i < count; i++) {
      await product.pool.query('insert into crm_contacts (user_id, platform, external_id, first_name) values ($1, $2, $3, $4)', [
        userId,
        platform,
        `${platform}-${i}`,
        `Person ${i}`,
      ]);
    }
  }

  it('revokes at the provider and removes the credential and that platform’s contacts only', async () => {
    const user = await signUpTestUser(product);
    await connect(user, 'hubspot');
    await connect(user, 'zoho');
    await insertContacts(user.id, 'hubspot', 3);
    await insertContacts(user.id, 'zoho', 2);
    const { refreshToken } = await storedTokens(user.id, 'hubspot');

    const res = await api(user, '/crm/hubspot', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ platform: 'hubspot', revokedAtProvider: true, contactsDeleted: 3 });

    const left = await connections(user);
    expect(left.map((c) => c.platform)).toEqual(['zoho']);
    expect(left[0]!.contactCount).toBe(2);
    const atProvider = await fetch(`${sandboxOrigin('hubspot')}/oauth/v1/refresh-tokens/${refreshToken}`);
    expect(atProvider.status).toBe(404);
  });

  it('answers 404 crm_not_connected when not connected, 400 for an unknown platform', async () => {
    const user = await signUpTestUser(product);
    const notConnected = await api(user, '/crm/zoho', { method: 'DELETE' });
    expect(notConnected.status).toBe(404);
    expect(((await notConnected.json()) as { error: { code: string } }).error.code).toBe('crm_not_connected');
    const unknown = await api(user, '/crm/pipedrive', { method: 'DELETE' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('platform');
  });
});

describe('row-level security between users', () => {
  it('one user neither sees nor disconnects another’s connection', async () => {
    const alice = await signUpTestUser(product);
    const bob = await signUpTestUser(product);
    await connect(alice, 'hubspot');
    expect(await connections(bob)).toEqual([]);
    expect((await api(bob, '/crm/hubspot', { method: 'DELETE' })).status).toBe(404);
    expect(await connections(alice)).toHaveLength(1);
  });

  it('lists which platforms can be connected here', async () => {
    const user = await signUpTestUser(product);
    const body = (await (await api(user, '/crm/credentials')).json()) as { available: unknown[] };
    expect(body.available).toEqual([
      { platform: 'hubspot', isSandbox: true },
      { platform: 'zoho', isSandbox: true },
      { platform: 'salesforce', isSandbox: true },
    ]);
  });
});

import { randomBytes } from 'node:crypto';
import { HUBSPOT_DEFAULT_APP, ZOHO_DEFAULT_APPS } from '@voiceagent/crm-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeOf, createPkcePair } from '../../src/crm/oauth/pkce';
import { sandboxOriginOf } from '../support/run-mode-sandboxes';
import { approveConsent } from '../support/sandbox-consent';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { createTestBrowser } from '../support/test-browser';
import { signUpTestUser, type TestUser } from '../support/test-users';

/**
 * PKCE (RFC 7636, S256) wherever the provider documents it: Zoho takes a challenge on
 * /oauth/v2/auth and the verifier on /oauth/v2/token; HubSpot documents no challenge on its
 * consent page, so the product sends it none. Both sandboxes enforce PKCE when a challenge came
 * with the authorize request, answering in each provider's own error shape.
 */
let product: TestProduct;

beforeAll(async () => {
  product = await startTestProduct({
    CRM_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    CRM_ENCRYPTION_KEY_ID: 'test',
    CRM_SANDBOX_CONTACTS: '20',
    SYNC_WORKERS: 'off',
  });
});
afterAll(async () => {
  await product?.close();
});

const callbackUrl = (platform: 'hubspot' | 'zoho') => `${product.url}/api/v1/crm/${platform}/callback`;

async function startFlow(user: TestUser, platform: 'hubspot' | 'zoho') {
  const browser = createTestBrowser();
  const res = await browser.fetch(`${product.url}/api/v1/crm/${platform}/oauth`, { headers: user.authorization });
  expect(res.status).toBe(200);
  return { browser, consentUrl: new URL(((await res.json()) as { url: string }).url) };
}

async function storedVerifiers(userId: string): Promise<Array<string | null>> {
  const { rows } = await product.pool.query<{ code_verifier: string | null }>('select code_verifier from oauth_states where user_id = $1', [userId]);
  return rows.map((row) => row.code_verifier);
}

describe('the product’s own flow', () => {
  it('Zoho: sends the S256 challenge of a verifier kept with the state, and the verifier with the code', async () => {
    const user = await signUpTestUser(product);
    const { browser, consentUrl } = await startFlow(user, 'zoho');
    const challenge = consentUrl.searchParams.get('code_challenge');
    expect(consentUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const [verifier] = await storedVerifiers(user.id);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(challengeOf(verifier!));

    const landing = await browser.fetch(await approveConsent(consentUrl.toString()), { redirect: 'manual' });
    expect(new URL(landing.headers.get('location')!).searchParams.get('connected')).toBe('zoho');
  });

  it('Zoho: a verifier that does not match the challenge gets the code refused, and nothing is connected', async () => {
    const user = await signUpTestUser(product);
    const { browser, consentUrl } = await startFlow(user, 'zoho');
    // What an attacker who intercepted the code would have to guess.
    await product.pool.query('update oauth_states set code_verifier = $2 where user_id = $1', [user.id, createPkcePair().verifier]);

    const landing = await browser.fetch(await approveConsent(consentUrl.toString()), { redirect: 'manual' });
    expect(new URL(landing.headers.get('location')!).searchParams.get('error')).toBe('oauth_exchange_failed');
    const credentials = await fetch(`${product.url}/api/v1/crm/credentials`, { headers: user.authorization });
    expect(((await credentials.json()) as { connections: unknown[] }).connections).toEqual([]);
  });

  it('HubSpot: sends no challenge and keeps no verifier, as HubSpot documents none', async () => {
    const user = await signUpTestUser(product);
    const { browser, consentUrl } = await startFlow(user, 'hubspot');
    expect(consentUrl.searchParams.has('code_challenge')).toBe(false);
    expect(consentUrl.searchParams.has('code_challenge_method')).toBe(false);
    expect(await storedVerifiers(user.id)).toEqual([null]);
    const landing = await browser.fetch(await approveConsent(consentUrl.toString()), { redirect: 'manual' });
    expect(new URL(landing.headers.get('location')!).searchParams.get('connected')).toBe('hubspot');
  });
});

describe('the Zoho sandbox enforces PKCE', () => {
  const app = ZOHO_DEFAULT_APPS[0]!;

  /** A fresh code from the consent page (Zoho spends a code on any failed exchange). */
  async function codeFor(challenge?: string): Promise<{ code: string; tokenUrl: string }> {
    const url = new URL(product.services.registry.get('zoho').buildAuthorizationUrl({ state: 'pkce', redirectUri: callbackUrl('zoho'), codeChallenge: challenge }));
    const callback = await approveConsent(url.toString());
    return { code: callback.searchParams.get('code')!, tokenUrl: `${callback.searchParams.get('accounts-server')}/oauth/v2/token` };
  }

  async function exchange(tokenUrl: string, code: string, verifier?: string) {
    const form = new URLSearchParams({ grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: callbackUrl('zoho'), code });
    if (verifier !== undefined) form.set('code_verifier', verifier);
    const res = await fetch(tokenUrl, { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('refuses a code issued with a challenge when the verifier is missing or wrong, as Zoho refuses a code (200 { error })', async () => {
    const pkce = createPkcePair();
    const missing = await codeFor(pkce.challenge);
    expect(await exchange(missing.tokenUrl, missing.code)).toEqual({ status: 200, body: { error: 'invalid_code' } });
    const wrong = await codeFor(pkce.challenge);
    expect(await exchange(wrong.tokenUrl, wrong.code, createPkcePair().verifier)).toEqual({ status: 200, body: { error: 'invalid_code' } });
    const right = await codeFor(pkce.challenge);
    const granted = await exchange(right.tokenUrl, right.code, pkce.verifier);
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
  });

  it('refuses a verifier for a code issued without a challenge (no silent downgrade)', async () => {
    const { code, tokenUrl } = await codeFor();
    expect(await exchange(tokenUrl, code, createPkcePair().verifier)).toEqual({ status: 200, body: { error: 'invalid_code' } });
  });

  it('sends a malformed challenge back to the client as invalid_request', async () => {
    const url = new URL(product.services.registry.get('zoho').buildAuthorizationUrl({ state: 'bad', redirectUri: callbackUrl('zoho'), codeChallenge: 'too-short' }));
    const answer = await fetch(url, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(callbackUrl('zoho'));
    expect(Object.fromEntries(back.searchParams)).toEqual({ error: 'invalid_request', state: 'bad' });
  });
});

describe('the HubSpot sandbox enforces PKCE when a client sends a challenge', () => {
  const app = { clientId: HUBSPOT_DEFAULT_APP.clientId!, clientSecret: HUBSPOT_DEFAULT_APP.clientSecret! };

  async function codeFor(pkce: { challenge: string; method?: string } | null): Promise<string> {
    const url = new URL(`${sandboxOriginOf(product, 'hubspot')}/oauth/authorize`);
    url.search = new URLSearchParams({ client_id: app.clientId, redirect_uri: callbackUrl('hubspot'), scope: 'oauth crm.objects.contacts.read', state: 's' }).toString();
    if (pkce) {
      url.searchParams.set('code_challenge', pkce.challenge);
      url.searchParams.set('code_challenge_method', pkce.method ?? 'S256');
    }
    return (await approveConsent(url.toString())).searchParams.get('code')!;
  }

  async function exchange(code: string, verifier?: string) {
    const form = new URLSearchParams({ grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: callbackUrl('hubspot'), code });
    if (verifier !== undefined) form.set('code_verifier', verifier);
    const res = await fetch(`${sandboxOriginOf(product, 'hubspot')}/oauth/v1/token`, { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('answers 400 BAD_AUTH_CODE, HubSpot’s OAuth error shape, without the right verifier; the right one still exchanges the code', async () => {
    const pkce = createPkcePair();
    const code = await codeFor(pkce);
    for (const verifier of [undefined, createPkcePair().verifier]) {
      const refused = await exchange(code, verifier);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ status: 'BAD_AUTH_CODE', message: expect.stringContaining('code_verifier'), correlationId: expect.any(String) });
    }
    const granted = await exchange(code, pkce.verifier);
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
  });

  it('accepts the plain method too, and refuses a verifier for a code issued without a challenge', async () => {
    const verifier = createPkcePair().verifier;
    expect((await exchange(await codeFor({ challenge: verifier, method: 'plain' }), verifier)).status).toBe(200);
    const refused = await exchange(await codeFor(null), verifier);
    expect(refused.status).toBe(400);
    expect(refused.body.status).toBe('BAD_AUTH_CODE');
  });

  it('shows an error page for an unknown challenge method', async () => {
    const url = new URL(`${sandboxOriginOf(product, 'hubspot')}/oauth/authorize`);
    url.search = new URLSearchParams({
      client_id: app.clientId,
      redirect_uri: callbackUrl('hubspot'),
      scope: 'oauth',
      code_challenge: createPkcePair().challenge,
      code_challenge_method: 'S512',
    }).toString();
    const page = await fetch(url);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('code_challenge');
  });
});

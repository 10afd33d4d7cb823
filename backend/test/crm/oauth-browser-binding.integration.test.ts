import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_BROWSER_COOKIE } from '@voiceagent/shared';
import { sandboxOriginOf } from '../support/run-mode-sandboxes';
import { approveConsent } from '../support/sandbox-consent';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { createTestBrowser, type TestBrowser } from '../support/test-browser';
import { signUpTestUser, type TestUser } from '../support/test-users';

/**
 * Issue 13, finding 2: a consent link must not attach someone else's CRM. The attacker starts a
 * flow on their own account and sends the consent URL to a victim; whatever the victim grants
 * must never reach the attacker. The callback completes only in the browser that started the
 * flow, which the start endpoint marks with an HttpOnly cookie whose hash is kept with the state.
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

type Platform = 'hubspot' | 'zoho';
const PLATFORMS: Platform[] = ['hubspot', 'zoho'];

const callbackPath = (platform: Platform) => `/api/v1/crm/${platform}/callback`;

async function startFlow(browser: TestBrowser, user: TestUser, platform: Platform): Promise<{ consentUrl: string; response: Response }> {
  const response = await browser.fetch(`${product.url}/api/v1/crm/${platform}/oauth`, { headers: user.authorization });
  expect(response.status).toBe(200);
  return { consentUrl: ((await response.clone().json()) as { url: string }).url, response };
}

/** The person in `browser` grants on the consent page and their browser follows the redirect to our callback. */
async function consentAndReturn(browser: TestBrowser, consentUrl: string): Promise<{ landing: URL; callback: URL; response: Response }> {
  const callback = await approveConsent(consentUrl, { zohoDataCentre: 'us' });
  const response = await browser.fetch(callback, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return { landing: new URL(response.headers.get('location')!), callback, response };
}

async function connectionsOf(user: TestUser): Promise<unknown[]> {
  const res = await fetch(`${product.url}/api/v1/crm/credentials`, { headers: user.authorization });
  expect(res.status).toBe(200);
  return ((await res.json()) as { connections: unknown[] }).connections;
}

async function tokenExchanges(platform: Platform): Promise<number> {
  const counters = (await (await fetch(`${sandboxOriginOf(product, platform)}/__sandbox/counters`)).json()) as { requests: Record<string, number> };
  return Object.entries(counters.requests)
    .filter(([key]) => /^POST .*\/oauth\/v[12]\/token$/.test(key))
    .reduce((sum, [, n]) => sum + n, 0);
}

describe.each(PLATFORMS)('%s: a consent link opened in another browser', (platform) => {
  it('gives the link’s sender nothing and shows the victim why nothing was connected', async () => {
    const attacker = await signUpTestUser(product);
    const victim = await signUpTestUser(product);
    const attackersBrowser = createTestBrowser();
    const { consentUrl } = await startFlow(attackersBrowser, attacker, platform);
    expect(attackersBrowser.cookiesFor(`${product.url}${callbackPath(platform)}`)).toHaveLength(1);

    // The victim is signed in to the product in their own browser, which never started this flow.
    const victimsBrowser = createTestBrowser();
    const exchangesBefore = await tokenExchanges(platform);
    const { landing, callback } = await consentAndReturn(victimsBrowser, consentUrl);

    expect(`${landing.origin}${landing.pathname}`).toBe(`${product.url}/crm`);
    expect(landing.searchParams.get('error')).toBe('oauth_browser_mismatch');
    expect(landing.searchParams.get('platform')).toBe(platform);
    expect(landing.searchParams.get('connected')).toBeNull();
    // The victim's code was never exchanged, so no token of theirs exists anywhere.
    expect(await tokenExchanges(platform)).toBe(exchangesBefore);
    expect(await connectionsOf(attacker)).toEqual([]);
    expect(await connectionsOf(victim)).toEqual([]);

    // Nor can the sender finish it afterwards with the victim's code: the state is spent.
    const replay = await attackersBrowser.fetch(callback, { redirect: 'manual' });
    expect(new URL(replay.headers.get('location')!).searchParams.get('error')).toBe('oauth_state_invalid');
    expect(await tokenExchanges(platform)).toBe(exchangesBefore);
    expect(await connectionsOf(attacker)).toEqual([]);
  });

  it('is refused even when that browser holds a binding cookie of its own flow', async () => {
    const attacker = await signUpTestUser(product);
    const victim = await signUpTestUser(product);
    const { consentUrl } = await startFlow(createTestBrowser(), attacker, platform);
    const victimsBrowser = createTestBrowser();
    await startFlow(victimsBrowser, victim, platform);
    expect(victimsBrowser.cookiesFor(`${product.url}${callbackPath(platform)}`)).toHaveLength(1);

    const { landing } = await consentAndReturn(victimsBrowser, consentUrl);
    expect(landing.searchParams.get('error')).toBe('oauth_browser_mismatch');
    expect(await connectionsOf(attacker)).toEqual([]);
    expect(await connectionsOf(victim)).toEqual([]);
  });
});

describe('the browser that started the flow', () => {
  it.each(PLATFORMS)('%s: completes it and connects its own user', async (platform) => {
    const user = await signUpTestUser(product);
    const browser = createTestBrowser();
    const { consentUrl } = await startFlow(browser, user, platform);
    const { landing } = await consentAndReturn(browser, consentUrl);
    expect(landing.searchParams.get('connected')).toBe(platform);
    expect(await connectionsOf(user)).toHaveLength(1);
  });

  it('is told by an HttpOnly, SameSite=Lax cookie scoped to the callback for the state’s 10 minutes, and the database keeps only its hash', async () => {
    const user = await signUpTestUser(product);
    const browser = createTestBrowser();
    const { consentUrl, response } = await startFlow(browser, user, 'hubspot');
    const [setCookie, ...others] = response.headers.getSetCookie();
    expect(others).toEqual([]);
    const attributes = setCookie!.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes[0]).toMatch(new RegExp(`^${OAUTH_BROWSER_COOKIE}=[a-z0-9_-]{43}$`));
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', `path=${callbackPath('hubspot')}`, 'max-age=600']));
    // The product runs on http here; over https the cookie is Secure (see the unit test).
    expect(attributes).not.toContain('secure');
    expect(response.headers.get('cache-control')).toBe('no-store');
    // Sent to the callback only: not to the rest of the API, nor to the other platform's callback.
    expect(browser.cookiesFor(`${product.url}/api/v1/crm/credentials`)).toEqual([]);
    expect(browser.cookiesFor(`${product.url}${callbackPath('zoho')}`)).toEqual([]);
    // What the database keeps is a hash, never the cookie's value.
    const cookieValue = attributes[0]!.split('=')[1]!;
    const { rows } = await product.pool.query<{ dump: string }>('select row_to_json(s)::text as dump from oauth_states s where user_id = $1', [user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dump.toLowerCase()).not.toContain(cookieValue);
    expect((await consentAndReturn(browser, consentUrl)).landing.searchParams.get('connected')).toBe('hubspot');
  });

  it('refuses a cookie it did not issue', async () => {
    const user = await signUpTestUser(product);
    const { consentUrl } = await startFlow(createTestBrowser(), user, 'hubspot');
    const callback = await approveConsent(consentUrl);
    const forged = await fetch(callback, { redirect: 'manual', headers: { cookie: `${OAUTH_BROWSER_COOKIE}=${randomBytes(32).toString('base64url')}` } });
    expect(new URL(forged.headers.get('location')!).searchParams.get('error')).toBe('oauth_browser_mismatch');
    expect(await connectionsOf(user)).toEqual([]);
  });

  it('finishes the flow it started last for a platform: starting again retires the earlier link, not the new one', async () => {
    const user = await signUpTestUser(product);
    const browser = createTestBrowser();
    const first = await startFlow(browser, user, 'zoho');
    const second = await startFlow(browser, user, 'zoho');
    expect((await consentAndReturn(browser, first.consentUrl)).landing.searchParams.get('error')).toBe('oauth_browser_mismatch');
    expect(await connectionsOf(user)).toEqual([]);
    expect((await consentAndReturn(browser, second.consentUrl)).landing.searchParams.get('connected')).toBe('zoho');
  });

  it('keeps its own flow going after someone else’s link was refused in it', async () => {
    const attacker = await signUpTestUser(product);
    const user = await signUpTestUser(product);
    const { consentUrl: attackersLink } = await startFlow(createTestBrowser(), attacker, 'hubspot');
    const browser = createTestBrowser();
    const own = await startFlow(browser, user, 'hubspot');
    expect((await consentAndReturn(browser, attackersLink)).landing.searchParams.get('error')).toBe('oauth_browser_mismatch');
    expect((await consentAndReturn(browser, own.consentUrl)).landing.searchParams.get('connected')).toBe('hubspot');
    expect(await connectionsOf(attacker)).toEqual([]);
  });
});

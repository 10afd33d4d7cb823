import { createHash, randomBytes } from 'node:crypto';
import { startSalesforceSandbox } from '../../src/salesforce';
import type { RunningSalesforceSandbox, SalesforceSandboxOptions } from '../../src/salesforce';

/** A running sandbox with a clock the test moves by hand, and the test app's credentials. */
export type Harness = RunningSalesforceSandbox & { clock: { now: number } };

export const REDIRECT_URI = 'https://app.example.com/oauth/salesforce/callback';
export const APP = { clientId: '3MVG9TestClientId', clientSecret: 'test-client-secret', name: 'VoiceAgent CRM (test)', redirectUris: [REDIRECT_URI] };
export const ROTATING_APP = { ...APP, clientId: '3MVG9RotatingClient', clientSecret: 'rotating-secret', rotateRefreshTokens: true };
export const NO_PKCE_APP = { ...APP, clientId: '3MVG9NoPkceClient', clientSecret: 'no-pkce-secret', requirePkce: false };
export const START = Date.UTC(2026, 0, 20, 12, 0, 0);

export async function startHarness(options: SalesforceSandboxOptions = {}): Promise<Harness> {
  const clock = { now: START };
  const running = await startSalesforceSandbox({
    apps: [APP, ROTATING_APP, NO_PKCE_APP],
    orgs: [
      { name: 'Acme Corp', contactCount: 5000, leadCount: 2000, seed: 7 },
      { name: 'Acme Corp (UAT)', isSandbox: true, contactCount: 50, leadCount: 20, seed: 8, users: [
        { firstName: 'Uma', lastName: 'Tester', email: 'uma@acme.example.com' },
        { firstName: 'Ari', lastName: 'Admin', email: 'ari@acme.example.com' },
      ] },
    ],
    bulk: { inProgressAfterMs: 10, completeAfterMs: 40 },
    ...options,
    now: () => clock.now,
  });
  return { ...running, clock };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export type ConsentOptions = { host?: string; clientId?: string; challenge?: string | null; decision?: 'allow' | 'deny'; account?: string; state?: string; scope?: string };

/** Drives the consent page like a browser: GET it, pick the first (or given) account, post Allow/Deny, read the redirect. */
export async function consent(loginHost: string, options: ConsentOptions = {}): Promise<URL> {
  const url = new URL(`${loginHost}/services/oauth2/authorize`);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: options.clientId ?? APP.clientId,
    redirect_uri: REDIRECT_URI,
    state: options.state ?? 'state-123',
    scope: options.scope ?? 'api refresh_token',
  };
  if (options.challenge !== null) Object.assign(params, { code_challenge: options.challenge ?? pkcePair().challenge, code_challenge_method: 'S256' });
  url.search = new URLSearchParams(params).toString();
  const page = await fetch(url, { redirect: 'manual' });
  if (page.status === 302) return new URL(page.headers.get('location') ?? '');
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${html}`);
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const account = options.account ?? /name="account" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const posted = await fetch(`${loginHost}/services/oauth2/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, account, decision: options.decision ?? 'allow' }).toString(),
  });
  if (posted.status !== 302) throw new Error(`consent form answered ${posted.status}: ${await posted.text()}`);
  return new URL(posted.headers.get('location') ?? '');
}

export async function tokenRequest(host: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${host}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** Consent with PKCE at `loginHost`, then the code exchange there. */
export async function connect(loginHost: string, app: { clientId: string; clientSecret: string } = APP, options: ConsentOptions = {}) {
  const { verifier, challenge } = pkcePair();
  const callback = await consent(loginHost, { ...options, clientId: app.clientId, challenge });
  const { status, body } = await tokenRequest(loginHost, {
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') ?? '',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  if (status !== 200) throw new Error(`token exchange answered ${status}: ${JSON.stringify(body)}`);
  return body as { access_token: string; refresh_token: string; instance_url: string; id: string; issued_at: string; signature: string };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes, asserted field by field
export type ApiResponse = { status: number; headers: Headers; body: any; text: string };

export async function api(instanceUrl: string, token: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const res = await fetch(`${instanceUrl}${path.startsWith('/services') ? '' : '/services/data/v62.0'}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // CSV results and gateway pages are read as text.
  }
  return { status: res.status, headers: res.headers, body, text };
}

export function q(soql: string): string {
  return `/query?q=${encodeURIComponent(soql)}`;
}

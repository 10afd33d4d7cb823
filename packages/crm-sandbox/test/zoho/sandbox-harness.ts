import { startZohoSandbox } from '../../src/zoho';
import type { RunningZohoSandbox, StartZohoSandboxOptions } from '../../src/zoho';

/** A running sandbox on port 0 with a clock the test moves by hand. */
export type Harness = RunningZohoSandbox & {
  clock: { now: number; advance(ms: number): void };
  /** The first app's credentials and redirect URI. */
  client: { clientId: string; clientSecret: string; redirectUri: string };
};

export const REDIRECT_URI = 'https://app.example.com/oauth/zoho/callback';
export const CLIENT = { clientId: '1000.TESTCLIENT', clientSecret: 'test-secret', redirectUri: REDIRECT_URI };

export async function startHarness(options: StartZohoSandboxOptions = {}): Promise<Harness> {
  const clock = { now: Date.UTC(2026, 2, 1, 12, 0, 0), advance: (ms: number) => void (clock.now += ms) };
  const running = await startZohoSandbox({
    apps: [{ clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, name: 'VoiceAgent CRM (test)', redirectUris: [REDIRECT_URI] }],
    ...options,
    now: () => clock.now,
  });
  return { ...running, clock, client: CLIENT };
}

export type ConsentOptions = {
  accountId?: string;
  decision?: 'accept' | 'reject';
  scope?: string;
  accessType?: string;
  prompt?: string;
  /** Which data centre's accounts server the browser starts at (Zoho users start at .com). */
  startAt?: string;
  state?: string;
};

/** Drives the consent page like a browser: GET the page, pick an account, post the form, read the redirect. */
export async function consent(h: Harness, options: ConsentOptions = {}): Promise<URL> {
  const authUrl = new URL(`${h.url}/dc/${options.startAt ?? 'us'}/accounts/oauth/v2/auth`);
  authUrl.search = new URLSearchParams({
    scope: options.scope ?? 'ZohoCRM.modules.ALL,ZohoCRM.org.READ,ZohoCRM.users.READ',
    client_id: h.client.clientId,
    response_type: 'code',
    access_type: options.accessType ?? 'offline',
    ...(options.prompt ? { prompt: options.prompt } : {}),
    redirect_uri: h.client.redirectUri,
    state: options.state ?? 'state-123',
  }).toString();
  const page = await fetch(authUrl, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const html = await page.text();
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!requestId || !action) throw new Error('consent page without a form');
  const accountId = options.accountId ?? /name="account_id" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const posted = await fetch(`${h.url}${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, account_id: accountId, decision: options.decision ?? 'accept' }).toString(),
  });
  if (posted.status !== 302) throw new Error(`consent form answered ${posted.status}: ${await posted.text()}`);
  return new URL(posted.headers.get('location') ?? '');
}

export async function tokenRequest(accountsServer: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${accountsServer}/oauth/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The full flow: consent, then exchange the code where the callback says. */
export async function connect(h: Harness, options: ConsentOptions = {}) {
  const callback = await consent(h, options);
  const accountsServer = callback.searchParams.get('accounts-server') ?? '';
  const { body } = await tokenRequest(accountsServer, {
    grant_type: 'authorization_code',
    client_id: h.client.clientId,
    client_secret: h.client.clientSecret,
    redirect_uri: h.client.redirectUri,
    code: callback.searchParams.get('code') ?? '',
  });
  return { callback, accountsServer, tokens: body as { access_token: string; refresh_token?: string; api_domain: string; expires_in: number } };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes, asserted field by field
export type ApiResponse = { status: number; headers: Headers; body: any };

/** A call to the CRM API with Zoho's Authorization scheme. */
export async function api(apiDomain: string, token: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const res = await fetch(`${apiDomain}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Zoho-oauthtoken ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Gateway faults answer HTML; the test reads it as text.
  }
  return { status: res.status, headers: res.headers, body };
}

export async function admin(h: Harness, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const res = await fetch(`${h.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

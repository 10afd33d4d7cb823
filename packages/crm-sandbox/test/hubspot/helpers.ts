import { startHubSpotSandbox, type RunningHubSpotSandbox, type StartHubSpotSandboxOptions } from '../../src/hubspot';

/** A clock the test moves by hand; it starts after every seeded timestamp (all before 2026). */
export type TestClock = { now: () => number; advance(ms: number): void };

export function createClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)): TestClock {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

export type TestSandbox = RunningHubSpotSandbox & { clock: TestClock; token: string; portalId: number };

export const PORTAL_ID = 62515;

/** A sandbox on port 0 with a controllable clock and a token for its default portal. */
export async function startTestSandbox(options: StartHubSpotSandboxOptions = {}): Promise<TestSandbox> {
  const clock = createClock();
  const sandbox = await startHubSpotSandbox({ now: clock.now, ...options });
  const portalId = options.defaultPortal?.id ?? PORTAL_ID;
  const token = options.defaultPortal === null ? '' : sandbox.admin.mintToken(portalId).access_token;
  return { ...sandbox, clock, token, portalId };
}

export type ApiResponse<T> = { status: number; headers: Headers; body: T; text: string };

export type HubSpotObject = {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
};
export type ListBody = { results: HubSpotObject[]; paging?: { next: { after: string; link?: string } } };
export type SearchBody = ListBody & { total: number };
export type ErrorBody = {
  status: string;
  message: string;
  correlationId: string;
  category?: string;
  errorType?: string;
  policyName?: string;
  requestId?: string;
  context?: Record<string, string[]>;
  errors?: { message: string; context?: Record<string, string[]> }[];
  links?: Record<string, string>;
};
export type BatchBody = {
  status: string;
  results: (HubSpotObject & { new?: boolean })[];
  numErrors?: number;
  errors?: { status: string; category: string; message: string; context: { ids: string[] } }[];
  startedAt: string;
  completedAt: string;
};
export type TokenBody = { token_type: string; refresh_token: string; access_token: string; expires_in: number; hub_id: number; scopes: string[] };

/** One HTTP call; JSON in and out when there is a body to send or read. */
export async function call<T = unknown>(
  url: string,
  path: string,
  init: { method?: string; token?: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(`${url}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** Pages the list endpoint to the end and returns every contact it saw. */
export async function listAll(url: string, token: string, query = ''): Promise<HubSpotObject[]> {
  const seen: HubSpotObject[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100_000; page += 1) {
    const cursor = after === undefined ? '' : `&after=${after}`;
    const response = await call<ListBody>(url, `/crm/v3/objects/contacts?limit=100${query}${cursor}`, { token });
    if (response.status !== 200) throw new Error(`list failed: ${response.status} ${response.text}`);
    seen.push(...response.body.results);
    after = response.body.paging?.next?.after;
    if (after === undefined) return seen;
  }
  throw new Error('the cursor never ended');
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../../src/crm/crm-service';
import { createPgBudgetStore } from '../../../src/crm/provider-http/pg-budget-store';
import { createRefreshBudget } from '../../../src/crm/providers/zoho/zoho-refresh-budget';
import { createCrmRegistry } from '../../../src/crm/registry';
import { startHubSpotTestSandbox, type TestHubSpotSandbox } from '../../support/sandbox-consent';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { createTestSession } from './provider-test-support';

// The sandbox's portal allows 20 requests per rolling 2 s (HubSpot's 100 per 10 s, shortened so
// that the test runs in seconds); our budget is 14 per 2 s, so that requests reaching the sandbox
// up to 0.85 s late still fit (the sandbox runs in the test's own process, which other test files
// share the two cores with; at a load average of 25 arrivals bunched by half a second broke 16 of
// 20). Four processes pacing alone would send four times that.
const LIMIT = { requests: 20, intervalMs: 2000 };
const OUR_RATE = { requests: 14, intervalMs: 2000 };
const BACKEND_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = 'test/crm/providers/shared-budget-child.ts';

type ChildResult = { ok: number; codes: string[] };

/** Starts `count` processes, waits until each has loaded, then lets them all go at once. */
async function runProcesses(count: number, env: Record<string, string>): Promise<ChildResult[]> {
  const children: ChildProcess[] = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: BACKEND_DIR, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  try {
    const outputs = children.map((child) => createInterface({ input: child.stdout! })[Symbol.asyncIterator]());
    for (const output of outputs) expect((await output.next()).value).toBe('ready');
    for (const child of children) child.stdin!.write('go\n');
    return await Promise.all(outputs.map(async (output) => JSON.parse((await output.next()).value as string) as ChildResult));
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

/** The most admitted requests found in any rolling window of `intervalMs`, from the sandbox's log. */
function busiestWindow(times: number[], intervalMs: number): number {
  let busiest = 0;
  let first = 0;
  for (let last = 0; last < times.length; last += 1) {
    while (times[first]! <= times[last]! - intervalMs) first += 1;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}

describe('one provider budget per account, shared by every process', () => {
  let database: TestDatabase;
  let sandbox: TestHubSpotSandbox;

  beforeAll(async () => {
    database = await createTestDatabase();
    sandbox = await startHubSpotTestSandbox({ rateLimits: { tenSecondlyRolling: LIMIT.requests, rollingIntervalMs: LIMIT.intervalMs }, requestLogSize: 1000 });
  });
  afterAll(async () => {
    await sandbox?.close();
    await database?.drop();
  });

  it('keeps four processes sending to one HubSpot portal within its limit together, with no 429', async () => {
    const perProcess = 12;
    const token = sandbox.admin.mintToken(sandbox.portalId).access_token;
    const results = await runProcesses(4, {
      MODE: 'requests',
      DATABASE_URL: database.connectionString,
      SANDBOX_URL: sandbox.url,
      PORTAL_ID: String(sandbox.portalId),
      ACCESS_TOKEN: token,
      REQUESTS: String(perProcess),
      RATE_REQUESTS: String(OUR_RATE.requests),
      RATE_INTERVAL_MS: String(OUR_RATE.intervalMs),
    });

    expect(results).toEqual(Array.from({ length: 4 }, () => ({ ok: perProcess, codes: [] })));
    expect(sandbox.admin.counters().tooManyRequests).toBe(0);
    const admitted = sandbox.admin
      .requestLog()
      .filter((entry) => entry.endpoint === '/crm/v3/objects/contacts' && entry.status === 200)
      .map((entry) => Date.parse(entry.at))
      .sort((a, b) => a - b);
    expect(admitted).toHaveLength(4 * perProcess);
    expect(busiestWindow(admitted, LIMIT.intervalMs)).toBeLessThanOrEqual(LIMIT.requests);
    // 48 requests at 7 per second take 47 ÷ 7 ≈ 6.7 s; four budgets would have taken a quarter of that.
    expect(admitted.at(-1)! - admitted[0]!).toBeGreaterThan(((4 * perProcess - LIMIT.requests) / LIMIT.requests) * LIMIT.intervalMs);
  });

  it('follows HubSpot when its Remaining header says fewer requests are left than the bucket holds', async () => {
    const budgets = createPgBudgetStore(database.pool);
    // A portal of its own, so the first test's window and bucket are not in the way.
    const portalId = sandbox.admin.createAccount({ name: 'Shared With Another App', contactCount: 5 }).id;
    const registry = createCrmRegistry({ hubspot: sandbox.app, zoho: null, salesforce: null }, { budgets, http: { retries: 0, timeoutMs: 5000 }, rateLimits: { hubspot: { requestsPerInterval: OUR_RATE.requests, intervalMs: OUR_RATE.intervalMs } } });
    const connection: ConnectionInfo = { externalAccountId: String(portalId), accountName: 'Shared', dataCentre: null, apiDomain: sandbox.url, accountsServer: null };
    const ours = sandbox.admin.mintToken(portalId).access_token;
    const client = registry.get('hubspot').createApiClient(createTestSession(connection, ours, async () => ({ accessToken: ours })));
    // Another app of the portal's spends all but one request of the window.
    const theirs = sandbox.admin.mintToken(portalId).access_token;
    for (let index = 0; index < LIMIT.requests - 1; index += 1) {
      const response = await fetch(`${sandbox.url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: `Bearer ${theirs}` } });
      expect(response.status).toBe(200);
    }

    const response = await client.get('/crm/v3/objects/contacts', { params: { limit: 1 } });

    expect(response.headers['x-hubspot-ratelimit-remaining']).toBe('0');
    const { rows } = await database.pool.query<{ tokens: number }>(`select tokens from public.provider_rate_budgets where platform = 'hubspot' and account_key = $1 and limiter = 'default'`, [String(portalId)]);
    // The bucket alone would hold 0 after its one take; HubSpot's 0 left (less one in flight) puts it in debt.
    expect(rows[0]!.tokens).toBeLessThan(-0.5);
  });

  it('lets no signed-in user spend or stall an account\'s budget through the Data API', async () => {
    const client = await database.pool.connect();
    try {
      for (const call of [
        `select private.take_provider_tokens('hubspot', '62515', 'default', 1, 1, 1000000)`,
        `select private.cap_provider_tokens('hubspot', '62515', 'default', -1000000)`,
        `select private.spend_provider_refresh('zoho', 'hash', 10, 600000)`,
      ]) {
        await client.query(`begin; set local role authenticated`);
        await expect(client.query(call)).rejects.toMatchObject({ code: '42501' });
        await client.query('rollback');
      }
    } finally {
      client.release();
    }
  });

  it('counts a Zoho refresh token\'s refreshes made by one process in another process\'s budget', async () => {
    const results = await runProcesses(1, { MODE: 'refresh', DATABASE_URL: database.connectionString, REFRESH_TOKEN: '1000.shared-refresh-token', REFRESH_MAX: '3', REQUESTS: '3' });
    expect(results).toEqual([{ ok: 3, codes: [] }]);

    const budget = createRefreshBudget(createPgBudgetStore(database.pool), { max: 3, windowMs: 60_000 });
    await expect(budget.spend('1000.shared-refresh-token')).rejects.toMatchObject({ code: 'provider_rate_limited', details: { platform: 'zoho' } });
    await expect(budget.spend('1000.another-refresh-token')).resolves.toBeUndefined();
  });
});

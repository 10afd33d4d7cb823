// One process of ours spending a provider account's shared budget, for
// shared-provider-budget.integration.test.ts: it builds the product's registry on the test's
// database, says "ready", waits for "go" on stdin so that every process starts together, then
// either sends requests through the real HubSpot client or spends Zoho refreshes, and prints one
// JSON line with what happened.
import { createInterface } from 'node:readline';
import type { ConnectionInfo, ProviderSession } from '../../../src/crm/crm-records';
import { createPgBudgetStore } from '../../../src/crm/provider-http/pg-budget-store';
import { createRateLimiterPool } from '../../../src/crm/provider-http/rate-limiter-pool';
import { createHubSpotApiClient } from '../../../src/crm/providers/hubspot/hubspot-client';
import { createRefreshBudget } from '../../../src/crm/providers/zoho/zoho-refresh-budget';
import { createPool } from '../../../src/db/pool';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const pool = createPool(env('DATABASE_URL'), { max: 2 });
const budgets = createPgBudgetStore(pool);
const mode = env('MODE');

const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
process.stdout.write('ready\n');
await go;

const codes: string[] = [];
let ok = 0;
if (mode === 'requests') {
  const sandboxUrl = env('SANDBOX_URL');
  const connection: ConnectionInfo = { externalAccountId: env('PORTAL_ID'), accountName: 'Sandbox Portal', dataCentre: null, apiDomain: sandboxUrl, accountsServer: null };
  const token = env('ACCESS_TOKEN');
  const session: ProviderSession = { connection, getAccessToken: async () => token, refreshAccessToken: async () => token };
  // The product's client of one connection (the registry's HubSpotService makes the same), on
  // this process's limiter pool; importing the client alone keeps four processes quick to start.
  const client = createHubSpotApiClient(session, sandboxUrl, {
    limiters: createRateLimiterPool(budgets),
    rateLimits: { requestsPerInterval: Number(env('RATE_REQUESTS')), intervalMs: Number(env('RATE_INTERVAL_MS')), searchRequestsPerSecond: 4 },
    // No retries: a 429 must surface, not be waited out.
    http: { retries: 0, timeoutMs: 10_000 },
  });
  // Like a sync's and a write-back's calls together: several in flight at once from this process.
  const outcomes = await Promise.allSettled(Array.from({ length: Number(env('REQUESTS')) }, () => client.get('/crm/v3/objects/contacts', { params: { limit: 1 } })));
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') ok += 1;
    else codes.push((outcome.reason as { code?: string }).code ?? 'unknown');
  }
} else {
  const budget = createRefreshBudget(budgets, { max: Number(env('REFRESH_MAX')), windowMs: 60_000 });
  for (let index = 0; index < Number(env('REQUESTS')); index += 1) {
    try {
      await budget.spend(env('REFRESH_TOKEN'));
      ok += 1;
    } catch (error) {
      codes.push((error as { code?: string }).code ?? 'unknown');
    }
  }
}
process.stdout.write(`${JSON.stringify({ ok, codes })}\n`);
lines.close();
await pool.end();

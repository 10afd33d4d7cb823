// Contact sync, the shared provider budget: 4 `pnpm worker` processes sync one HubSpot portal at
// once (four users who connected the same portal), under the sandbox's HubSpot limit of 100
// requests per 10 s. Every process takes its requests' starts from one token bucket in Postgres,
// so the four together should keep within the limit: 0 × 429, and elapsed close to the floor the
// limit allows (the API requests made ÷ 10 per second; the product paces at 95 of the 100).
// Printed, never asserted.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@voiceagent/backend/config';
import { createPgBudgetStore } from '@voiceagent/backend/crm/provider-http/pg-budget-store';
import { startProduct, type RunningProduct } from '@voiceagent/backend/start';
import { connectBenchCrm, startBenchProviders, startBenchWorker } from '../support/bench-providers';
import { signUpBenchUser } from '../support/bench-user';
import { readPositiveInt } from '../support/bench-env';

const WORKERS = 4;
// 4 × 5,000 contacts: 200 pages of 100, about 20 s at the limit.
const CONTACTS = 5000 / readPositiveInt('BENCH_SCALE', 1);
const LIMIT = { requests: 100, windowSeconds: 10 };
const ZOHO_APP = { clientId: '1000.BUDGETBENCHCLIENT00000000000000', clientSecret: 'budget-bench-secret' };

type Run = { status: string; pages_done: number; fetched: number; started_at: Date | null; finished_at: Date | null; error_message: string | null };

async function waitForRuns(product: RunningProduct, userIds: string[]): Promise<Run[]> {
  for (;;) {
    const { rows } = await product.pool.query<Run>(
      `select distinct on (user_id) status, pages_done, fetched, started_at, finished_at, error_message
       from sync_runs where user_id = any($1) and platform = 'hubspot' order by user_id, queued_at desc`,
      [userIds],
    );
    if (rows.length === userIds.length && rows.every((run) => run.status !== 'queued' && run.status !== 'running')) {
      const failed = rows.find((run) => run.status !== 'succeeded');
      if (failed) throw new Error(`a HubSpot sync ${failed.status}: ${failed.error_message}`);
      return rows;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** API requests the sandbox has counted (OAuth calls are not metered by HubSpot's limit). */
function apiRequests(counters: { requests: Record<string, number> }): number {
  return Object.entries(counters.requests).reduce((sum, [endpoint, count]) => (endpoint.includes(' /oauth/') ? sum : sum + count), 0);
}

/**
 * The cost of the shared bucket itself: `connections` connections taking from one hot row as fast
 * as they can (no waiting), each take one round trip; its latency and the takes per second.
 */
async function measureTakes(product: RunningProduct, connections: number, takesEach: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const store = createPgBudgetStore(product.pool);
  const key = { platform: 'hubspot', accountId: 'bench-hot-row', name: 'default' };
  const latencies: number[] = [];
  const began = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let index = 0; index < takesEach; index += 1) {
        const at = performance.now();
        await store.take(key, { capacity: 1, perSecond: 10 }, 1);
        latencies.push(performance.now() - at);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, p50: latencies[Math.floor(latencies.length / 2)]!, p99: latencies[Math.floor(latencies.length * 0.99)]! };
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`shared provider budget benchmark on ${availableParallelism()} cores, load ${load()}`);
const providers = await startBenchProviders({ name: 'budget', zohoContacts: 10, hubspotContacts: CONTACTS, zohoApp: ZOHO_APP });
const { hubspot, providerEnv } = providers;
// The API process runs no jobs: the four workers below do, and they start after every connection exists.
const product = await startProduct(loadConfig({ ...providerEnv, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', CRM_SANDBOX: 'off', SYNC_WORKERS: 'off' }));
const workers: Array<ReturnType<typeof startBenchWorker>> = [];
try {
  const users = [];
  for (let index = 0; index < WORKERS; index += 1) {
    const user = await signUpBenchUser(product.url);
    await connectBenchCrm(product.url, user.token, 'hubspot');
    users.push(user);
  }
  const before = hubspot.admin.counters();
  for (let index = 0; index < WORKERS; index += 1) workers.push(startBenchWorker({ ...providerEnv, CRM_SANDBOX: 'off', SYNC_CONCURRENCY: '1' }));
  const runs = await waitForRuns(
    product,
    users.map((user) => user.id),
  );
  const after = hubspot.admin.counters();

  const started = Math.min(...runs.map((run) => run.started_at!.getTime()));
  const finished = Math.max(...runs.map((run) => run.finished_at!.getTime()));
  const overlap = Math.min(...runs.map((run) => run.finished_at!.getTime())) - Math.max(...runs.map((run) => run.started_at!.getTime()));
  const requests = apiRequests(after) - apiRequests(before);
  const elapsed = (finished - started) / 1000;
  const floor = requests / (LIMIT.requests / LIMIT.windowSeconds);
  console.log(`\n${WORKERS} worker processes syncing one HubSpot portal (${CONTACTS.toLocaleString('en')} contacts, once per user) under ${LIMIT.requests} requests / ${LIMIT.windowSeconds} s:`);
  console.log(`  contacts fetched: ${runs.reduce((sum, run) => sum + run.fetched, 0).toLocaleString('en')} in ${runs.reduce((sum, run) => sum + run.pages_done, 0)} pages; API requests: ${requests}`);
  console.log(`  all four syncs running together for ${(Math.max(0, overlap) / 1000).toFixed(1)} s of the ${elapsed.toFixed(1)} s`);
  console.log(`  elapsed ${elapsed.toFixed(1)} s; floor the limit allows ${floor.toFixed(1)} s; ratio ${(elapsed / floor).toFixed(2)} (aim ≤ 1.10)`);
  console.log(`  429s received: ${after.tooManyRequests - before.tooManyRequests}`);
  // When this is well above 4 × the budget's spacing (4 × 105 ms), the workers, not the budget, set the pace.
  const pageCycles = runs.map((run) => (run.finished_at!.getTime() - run.started_at!.getTime()) / Math.max(1, run.pages_done));
  console.log(`  each worker's time per page (request, mapping, upsert): ${pageCycles.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);
  for (const connections of [1, 4]) {
    const takes = await measureTakes(product, connections, 500);
    console.log(
      `  one take (a round trip to the hot bucket row), ${connections} connection${connections > 1 ? 's' : ''} at once: p50 ${takes.p50.toFixed(2)} ms, p99 ${takes.p99.toFixed(2)} ms, ${Math.round(takes.perSecond).toLocaleString('en')} takes/s`,
    );
  }
  console.log(`  load average at the end: ${load()}`);
} finally {
  await Promise.all(workers.map((worker) => worker.stop()));
  await product.stop();
  await providers.stop();
}

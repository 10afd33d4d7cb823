// GET /api/v1/analytics/{contacts,sync,campaigns,write-back} over a 90-day range for a user holding
// N contacts and N call results, beside 9 other users with as much (issue 19: N = 1,000,000;
// BENCH_SCALE=10 loads a tenth). One client and 10 concurrent clients, p50/p95, with the load
// average. Printed, never asserted.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@voiceagent/backend/config';
import { startEmbeddedPostgres } from '@voiceagent/backend/db/embedded-postgres';
import { startProduct } from '@voiceagent/backend/start';
import { measureHttp } from '../contacts-api/measure-http';
import { signUpBenchUser } from '../support/bench-user';
import { createOtherUsers, seedAnalyticsUser } from './seed-analytics';

const SCALE = readPositiveInt('BENCH_SCALE', 1);
const DURATION_SECONDS = readPositiveInt('BENCH_DURATION_SECONDS', 10);
const PER_USER = Math.floor(1_000_000 / SCALE);
const OTHER_USERS = 9;

function readPositiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-analytics-'));
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
const databaseUrl = process.env.DATABASE_URL ?? embedded!.connectionString;
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  CRM_SANDBOX: 'off',
  DATABASE_URL: databaseUrl,
  RATE_LIMIT_PER_MINUTE_USER: '0',
  RATE_LIMIT_PER_MINUTE_IP: '0',
});
const product = await startProduct(config);
try {
  const user = await signUpBenchUser(product.url);
  const seedStarted = performance.now();
  for (const id of [user.id, ...(await createOtherUsers(product.pool, OTHER_USERS))]) await seedAnalyticsUser(product.pool, id, PER_USER);
  await product.pool.query('analyze');
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const { rows: [sizes] } = await product.pool.query<{ contacts: string; results: string }>(
    `select (select count(*) from public.crm_contacts)::text as contacts, (select count(*) from public.campaign_call_results)::text as results`,
  );
  await fetch(`${product.url}/api/v1/me/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ timeZone: 'America/New_York' }),
  });
  console.log(
    `analytics: ${Number(sizes!.contacts).toLocaleString('en')} contacts and ${Number(sizes!.results).toLocaleString('en')} call results over ${OTHER_USERS + 1} users ` +
      `(${PER_USER.toLocaleString('en')} each; seeded in ${seedSeconds.toFixed(0)} s); 90 days, day buckets, America/New_York; ${DURATION_SECONDS} s per run; ` +
      `node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}\n`,
  );

  const to = new Date();
  const from = new Date(to.getTime() - 90 * 86_400_000);
  const range = `from=${from.toISOString()}&to=${to.toISOString()}&granularity=day`;
  const headers = { authorization: `Bearer ${user.token}` };
  const rows: string[] = [];
  for (const section of ['contacts', 'sync', 'campaigns', 'write-back']) {
    const paths = [`/api/v1/analytics/${section}?${range}`];
    const first = await fetch(`${product.url}${paths[0]}`, { headers });
    if (first.status !== 200) throw new Error(`${section}: ${first.status} ${await first.text()}`);
    await first.arrayBuffer();
    const one = await measureHttp({ baseUrl: product.url, paths, headers, connections: 1, durationSeconds: DURATION_SECONDS });
    const ten = await measureHttp({ baseUrl: product.url, paths, headers, connections: 10, durationSeconds: DURATION_SECONDS });
    rows.push(
      `${section.padEnd(11)} 1 client p50 ${one.latencies.p50.toFixed(0)} ms p95 ${one.latencies.p95.toFixed(0)} ms (${one.requests} req, ${one.errors + one.non2xx} errors) | ` +
        `10 clients p50 ${ten.latencies.p50.toFixed(0)} ms p95 ${ten.latencies.p95.toFixed(0)} ms (${ten.requests} req, ${ten.errors + ten.non2xx} errors) | load ${loadavg()[0]!.toFixed(1)}`,
    );
    console.log(rows.at(-1));
  }
  console.log('aims (issue 19): 1 client p95 ≤ 100 ms, 10 clients p95 ≤ 300 ms, at 1,000,000 contacts and call results per user');
} finally {
  await product.stop();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

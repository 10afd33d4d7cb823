// The API under a steady mixed load: 200 requests per second for 60 s on loopback (contact
// lists, searches, single contacts, GET /config and the CRM credentials), against the product
// started in this process with its rate limiter on (Postgres store) and set high enough never to
// trigger. Prints errors, p50/p99 per kind and overall, and this process's memory before and
// after (after a full GC). Printed, never asserted.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadConfig } from '@voiceagent/backend/config';
import { startProduct, type RunningProduct } from '@voiceagent/backend/start';
import { approveConsent } from '@voiceagent/backend/test-support/sandbox-consent';
import { createTestBrowser } from '@voiceagent/backend/test-support/test-browser';
import { summarizeLatencies } from '../contacts-api/latencies';
import { seedContacts } from '../contacts-api/seed-contacts';
import { readPositiveInt } from '../support/bench-env';

const DURATION_SECONDS = readPositiveInt('BENCH_LOAD_SECONDS', 60);
const RATE = readPositiveInt('BENCH_LOAD_RATE', 200);
const WARM_UP_SECONDS = 5;
const USER_CONTACTS = 20_000;

type Kind = { name: string; share: number; paths: string[] };
type KindResult = { name: string; responseTimes: number[]; statuses: Record<string, number>; errors: number; timeouts: number; seconds: number };

async function signUpAndConnect(product: RunningProduct): Promise<{ id: string; token: string }> {
  const { supabaseAnonKey } = (await (await fetch(`${product.url}/api/v1/config`)).json()) as { supabaseAnonKey: string };
  const res = await fetch(`${product.url}/auth/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', apikey: supabaseAnonKey },
    body: JSON.stringify({ email: `load-${Date.now()}@example.test`, password: 'bench password 1234' }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const session = (await res.json()) as { access_token: string; user: { id: string } };
  // The callback completes only in the browser that started the flow: keep its cookie.
  const browser = createTestBrowser();
  for (const platform of ['hubspot', 'zoho']) {
    const start = await browser.fetch(`${product.url}/api/v1/crm/${platform}/oauth`, { headers: { authorization: `Bearer ${session.access_token}` } });
    const callback = await approveConsent(((await start.json()) as { url: string }).url);
    const done = await browser.fetch(callback, { redirect: 'manual' });
    if (done.status !== 302) throw new Error(`connecting ${platform} failed: ${done.status}`);
  }
  return { id: session.user.id, token: session.access_token };
}

function buildKinds(contactIds: string[]): Kind[] {
  return [
    { name: 'list', share: 0.3, paths: ['/api/v1/crm/contacts', '/api/v1/crm/contacts?limit=100&sort=updated', '/api/v1/crm/contacts?platform=zoho&callable=true', '/api/v1/crm/contacts?view=separate'] },
    { name: 'search', share: 0.25, paths: ['/api/v1/crm/contacts?q=smith', '/api/v1/crm/contacts?q=zoe', '/api/v1/crm/contacts?q=example.test&platform=hubspot', '/api/v1/crm/contacts?q=555'] },
    { name: 'get', share: 0.25, paths: contactIds.map((id) => `/api/v1/crm/contacts/${id}`) },
    { name: 'config', share: 0.1, paths: ['/api/v1/config'] },
    { name: 'credentials', share: 0.1, paths: ['/api/v1/crm/credentials'] },
  ];
}

function runLoad(baseUrl: string, token: string, kinds: Kind[], rate: number, durationSeconds: number): Promise<KindResult[]> {
  const child = fork(path.join(import.meta.dirname, 'autocannon-child.mjs'), { stdio: 'inherit' });
  child.send({
    baseUrl,
    headers: { authorization: `Bearer ${token}` },
    durationSeconds,
    kinds: kinds.map((kind) => ({ name: kind.name, paths: kind.paths, rate: Math.round(rate * kind.share), connections: Math.max(2, Math.ceil((rate * kind.share) / 10)) })),
  });
  return new Promise((resolve, reject) => {
    child.once('message', (results) => resolve(results as KindResult[]));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load generator exited with ${code}`));
    });
  });
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// A full collection before each reading, so that before and after compare live memory rather than
// wherever the collector happened to be (run-all starts us without --expose-gc).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function memory() {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-load-'));
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  CRM_SANDBOX_CONTACTS: '10',
  // No background syncs: the memory measured is the API's.
  SYNC_WORKERS: 'off',
  RATE_LIMIT_PER_MINUTE_USER: '1000000',
  RATE_LIMIT_PER_MINUTE_IP: '1000000',
});
const product = await startProduct(config);
try {
  const user = await signUpAndConnect(product);
  await seedContacts(product.pool, { bigUserId: user.id, bigUserContacts: USER_CONTACTS, otherUsers: 99, otherContacts: 80_000 });
  const { rows } = await product.pool.query<{ id: string }>('select id from crm_contacts where user_id = $1 order by random() limit 50', [user.id]);
  const kinds = buildKinds(rows.map((row) => row.id));

  console.log(`Warming up: ${WARM_UP_SECONDS} s at ${RATE}/s`);
  await runLoad(product.url, user.token, kinds, RATE, WARM_UP_SECONDS);
  await sleep(1000);
  const before = memory();
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(process.memoryUsage().rss), 5000);

  console.log(`Measuring: ${DURATION_SECONDS} s at ${RATE}/s (30% lists, 25% searches, 25% single contacts, 10% /config, 10% /crm/credentials)`);
  const results = await runLoad(product.url, user.token, kinds, RATE, DURATION_SECONDS);
  clearInterval(sampler);
  await sleep(1000);
  const after = memory();

  const all = results.flatMap((result) => result.responseTimes);
  const total = all.length;
  const non2xx = results.reduce((sum, r) => sum + Object.entries(r.statuses).filter(([status]) => !status.startsWith('2')).reduce((s, [, n]) => s + n, 0), 0);
  const errors = results.reduce((sum, r) => sum + r.errors + r.timeouts, 0);
  console.log('\nkind         requests    rate/s   p50 ms   p99 ms   statuses');
  for (const result of [...results, { name: 'all', responseTimes: all, statuses: {}, errors, timeouts: 0, seconds: DURATION_SECONDS }]) {
    const { p50, p99 } = summarizeLatencies(result.responseTimes);
    const statuses = Object.entries(result.statuses).map(([status, n]) => `${status}×${n}`).join(' ');
    console.log(
      `${result.name.padEnd(12)} ${String(result.responseTimes.length).padStart(8)} ${(result.responseTimes.length / DURATION_SECONDS).toFixed(1).padStart(9)} ${p50.toFixed(1).padStart(8)} ${p99.toFixed(1).padStart(8)}   ${statuses}`,
    );
  }
  console.log(`\nrequests: ${total} in ${DURATION_SECONDS} s; non-2xx: ${non2xx}; connection errors and timeouts: ${errors}`);
  console.log(`RSS before: ${megabytes(before.rss)}, after: ${megabytes(after.rss)} (${after.rss >= before.rss ? '+' : ''}${megabytes(after.rss - before.rss)}); peak during: ${megabytes(Math.max(...samples, after.rss))}`);
  console.log(`heap used after a full GC, before: ${megabytes(before.heapUsed)}, after: ${megabytes(after.heapUsed)} (${after.heapUsed >= before.heapUsed ? '+' : ''}${megabytes(after.heapUsed - before.heapUsed)})`);
  console.log(`RSS every 5 s: ${samples.map((rss) => (rss / 1024 / 1024).toFixed(0)).join(' ')} MB`);
} finally {
  await product.stop();
  await rm(dataDir, { recursive: true, force: true });
}

// Issue 17, real-time sync in: (1) latency from a change made at the HubSpot sandbox — delivered
// by the sandbox's own signed webhooks — to the change visible in GET /api/v1/crm/contacts, p50
// and p95 over 1,000 changes made by a few concurrent editors; (2) ingest: 2,000 signed webhook
// events per second (20 requests of 100) for 30 s posted to the receiver, counted back as rows,
// with the answer times, the time the drain took to apply the backlog, and resident memory sampled
// every second. Deployed as production runs it: the API in this process, the drain and sync jobs
// in a `pnpm worker` process (whose memory is sampled too), and what stands for HubSpot (the
// sandbox, and the ingest's sender) on threads of their own, off the API's event loop. All share
// the machine's cores. BENCH_HOLD_DRAIN=1 holds the drain back during the ingest. Printed, never
// asserted.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { HUBSPOT_DEFAULT_APP, HUBSPOT_DEFAULT_PORTAL, type HubSpotDeliveryStats } from '@voiceagent/crm-sandbox';
import { loadConfig } from '@voiceagent/backend/config';
import { startEmbeddedPostgres } from '@voiceagent/backend/db/embedded-postgres';
import { startProduct } from '@voiceagent/backend/start';
import type { TContactListResponse } from '@voiceagent/shared';
import { connectBenchCrm, startBenchWorker } from '../support/bench-providers';
import { signUpBenchUser } from '../support/bench-user';
import { startTsThread } from '../support/ts-thread';
import type { IngestOutcome, IngestPlan } from './ingest-sender';
import type { StartHubSpotSandboxOptions } from '@voiceagent/crm-sandbox';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
const CHANGES = Math.round(1000 / SCALE);
const EDITORS = 5;
const POLL_MS = 25;
const CONTACTS = 2000;
const INGEST_SECONDS = Math.max(3, Math.round(30 / SCALE));
// BENCH_HOLD_DRAIN=1: no worker process during the ingest (one starts after the last answer), so the
// answer times are the receiver's own path, apart from the cores the drain takes beside it.
const HOLD_DRAIN = process.env.BENCH_HOLD_DRAIN === '1';
const INGEST_PER_SECOND = 2000;
const EVENTS_PER_REQUEST = 100;
const WEBHOOK_PATH = '/api/v1/crm/hubspot/webhooks';

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-realtime-'));
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
const hubspot = await startSandboxThread({ defaultApp: { ...HUBSPOT_DEFAULT_APP, redirectUris: [] }, defaultPortal: { ...HUBSPOT_DEFAULT_PORTAL, contactCount: CONTACTS } });
const env = {
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  CRM_SANDBOX: 'off',
  DATABASE_URL: process.env.DATABASE_URL ?? embedded!.connectionString,
  SYNC_INTERVAL_MINUTES: '0',
  HUBSPOT_CLIENT_ID: HUBSPOT_DEFAULT_APP.clientId!,
  HUBSPOT_CLIENT_SECRET: HUBSPOT_DEFAULT_APP.clientSecret!,
  HUBSPOT_API_URL: hubspot.url,
  HUBSPOT_AUTHORIZE_URL: `${hubspot.url}/oauth/authorize`,
  CRM_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};
const config = loadConfig({
  ...env,
  PORT: String(port),
  HOST: '127.0.0.1',
  BACKEND_URL: baseUrl,
  // HubSpot signs the URL it called: the sandbox calls this one.
  PUBLIC_WEBHOOK_BASE_URL: baseUrl,
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PER_MINUTE_USER: '0',
  RATE_LIMIT_PER_MINUTE_IP: '0',
  SYNC_WORKERS: 'off',
});
const product = await startProduct(config);
let worker = startBenchWorker(env);
try {
  const portalId = HUBSPOT_DEFAULT_PORTAL.id!;
  const appId = (await hubspot.admin<Array<{ appId: number }>>('GET', '/apps'))[0]!.appId;
  await hubspot.admin('PUT', `/apps/${appId}/webhooks`, { targetUrl: `${baseUrl}${WEBHOOK_PATH}` });
  const user = await signUpBenchUser(product.url);
  const headers = { authorization: `Bearer ${user.token}` };
  await connectBenchCrm(product.url, user.token, 'hubspot');
  await waitFor(async () => {
    const { rows } = await product.pool.query<{ status: string }>(`select status from public.sync_runs where user_id = $1 order by queued_at desc limit 1`, [user.id]);
    return rows[0]?.status === 'succeeded';
  }, 300_000, 'the first full sync');
  const { rows: connectionRows } = await product.pool.query<{ id: string }>(`select id from public.user_crm_credentials where user_id = $1 and platform = 'hubspot'`, [user.id]);
  const connectionId = connectionRows[0]!.id;

  // (1) Latency: each editor changes a contact of its own at the sandbox, then reads the list until it shows the change.
  const isVisible = async (token: string): Promise<boolean> => {
    const res = await fetch(`${product.url}/api/v1/crm/contacts?platform=hubspot&q=${token}&limit=5`, { headers });
    const body = (await res.json()) as TContactListResponse;
    return body.view === 'unified' && body.items.some((item) => item.firstName === token);
  };
  const latencies: number[] = [];
  let next = 0;
  const run = randomBytes(3).toString('hex');
  const editor = async (lane: number) => {
    for (let i = next++; i < CHANGES; i = next++) {
      const token = `Rt${run}x${String(i).padStart(5, '0')}`;
      const id = String(1 + ((i * EDITORS + lane) % CONTACTS));
      const started = performance.now();
      await hubspot.admin('POST', `/accounts/${portalId}/contacts/modify`, { ids: [id], properties: { firstname: token } });
      while (!(await isVisible(token))) {
        if (performance.now() - started > 60_000) throw new Error(`change ${i} not visible after 60 s`);
        await sleep(POLL_MS);
      }
      latencies.push(performance.now() - started);
    }
  };
  const latencyStarted = performance.now();
  await Promise.all(Array.from({ length: EDITORS }, (_, lane) => editor(lane)));
  const latencySeconds = (performance.now() - latencyStarted) / 1000;
  const deliveries = await hubspot.admin<HubSpotDeliveryStats>('GET', '/webhooks/deliveries');
  console.log(`realtime: HubSpot sandbox change → GET /api/v1/crm/contacts (${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  console.log(`  ${latencies.length} changes by ${EDITORS} editors in ${latencySeconds.toFixed(1)} s (read every ${POLL_MS} ms): p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms, max ${pct(latencies, 100)} ms`);
  console.log(`  sandbox deliveries: ${deliveries.eventsDelivered} events in ${deliveries.requestsSent} requests, ${deliveries.requestsFailed} failed, ${deliveries.eventsDropped} dropped`);

  // (2) Ingest: signed deliveries at a fixed rate, not waiting for answers (open loop).
  await hubspot.admin('DELETE', `/apps/${appId}/webhooks`);
  const before = await countEvents(connectionId);
  const rss: number[] = [];
  const workerRss: number[] = [];
  const sample = () => {
    rss.push(process.memoryUsage().rss);
    void worker.rssKb().then((kb) => workerRss.push(kb * 1024));
  };
  const sampler = setInterval(sample, 1000);
  sample();
  const requests = INGEST_SECONDS * (INGEST_PER_SECOND / EVENTS_PER_REQUEST);
  const plan: IngestPlan = {
    url: `${baseUrl}${WEBHOOK_PATH}`,
    secret: HUBSPOT_DEFAULT_APP.clientSecret!,
    portalId,
    appId,
    contacts: CONTACTS,
    requests,
    gapMs: 1000 / (INGEST_PER_SECOND / EVENTS_PER_REQUEST),
    eventsPerRequest: EVENTS_PER_REQUEST,
    firstEventId: 10_000_000 + Math.floor(Math.random() * 1_000_000_000),
  };
  if (HOLD_DRAIN) await worker.stop();
  const outcome = await sendFromAnotherThread(plan);
  if (HOLD_DRAIN) worker = startBenchWorker(env);
  const { answerMs } = outcome;
  const statuses = new Map(outcome.statuses);
  const ingestSeconds = outcome.seconds;
  const stored = (await countEvents(connectionId)) - before;
  const drainStarted = performance.now();
  await waitFor(async () => (await pendingEvents(connectionId)) === 0, 600_000, 'the drain');
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  clearInterval(sampler);
  sample();
  await sleep(100);
  const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
  const sent = requests * EVENTS_PER_REQUEST;
  console.log(`  ingest${HOLD_DRAIN ? ' (drain held until the last answer)' : ''}: ${sent.toLocaleString('en')} events in ${requests} signed requests over ${ingestSeconds.toFixed(1)} s (${Math.round(sent / ingestSeconds).toLocaleString('en')}/s); answers ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(`    answer time p50 ${pct(answerMs, 50)} ms, p95 ${pct(answerMs, 95)} ms, p99 ${pct(answerMs, 99)} ms, max ${pct(answerMs, 100)} ms`);
  console.log(`    rows stored ${stored.toLocaleString('en')} of ${sent.toLocaleString('en')} (lost ${sent - stored}); backlog applied ${drainSeconds.toFixed(1)} s after the last answer`);
  const memory = (samples: number[]) => `first ${mb(samples[0]!)}, last ${mb(samples.at(-1)!)}, max ${mb(Math.max(...samples))}`;
  console.log(`    RSS every second through ingest and drain (${rss.length} samples): API process ${memory(rss)}; worker ${memory(workerRss)}`);
  console.log(`    load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await worker.stop();
  await product.stop();
  await hubspot.close();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

async function countEvents(connectionId: string): Promise<number> {
  const { rows } = await product.pool.query<{ n: number }>('select count(*)::int as n from public.webhook_events where connection_id = $1', [connectionId]);
  return rows[0]!.n;
}

async function pendingEvents(connectionId: string): Promise<number> {
  const { rows } = await product.pool.query<{ n: number }>('select count(*)::int as n from public.webhook_events where connection_id = $1 and processed_at is null', [connectionId]);
  return rows[0]!.n;
}

function pct(values: number[], p: number): string {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!.toFixed(0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not finish within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The ingest sender on a thread of its own (ingest-sender.ts says why). */
function sendFromAnotherThread(plan: IngestPlan): Promise<IngestOutcome> {
  return new Promise((resolve, reject) => {
    const sender = startTsThread(new URL('./ingest-sender.ts', import.meta.url), plan);
    sender.once('message', (outcome: IngestOutcome) => resolve(outcome));
    sender.once('error', reject);
    sender.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the ingest sender exited with ${code}`))));
  });
}

/** The HubSpot sandbox on a thread of its own (hubspot-sandbox-thread.ts says why), driven through its admin API. */
async function startSandboxThread(options: StartHubSpotSandboxOptions) {
  const thread = startTsThread(new URL('./hubspot-sandbox-thread.ts', import.meta.url), options);
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    thread.once('message', resolve);
    thread.once('error', reject);
  });
  return {
    url,
    async admin<T = unknown>(method: string, adminPath: string, body?: unknown): Promise<T> {
      const res = await fetch(`${url}/__sandbox${adminPath}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`sandbox admin ${method} ${adminPath}: ${res.status} ${await res.text()}`);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
    async close(): Promise<void> {
      const exited = new Promise((resolve) => thread.once('exit', resolve));
      thread.postMessage('close');
      await exited;
    },
  };
}

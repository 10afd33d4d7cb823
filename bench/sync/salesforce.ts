// A full Salesforce sync of 200,000 records (Contacts and unconverted Leads) by Bulk API 2.0
// and by REST query pages, each run by a separate `pnpm worker` process as in production, the
// product connected through the sandbox's consent page. Beside each: the same read with a bare
// HTTP client (no mapping, no database), the sandbox's own speed. Issue 14 aims at ≥ 20,000
// records/s into our table and ≤ 200 MB peak worker RSS for Bulk. Printed, never asserted.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SALESFORCE_DEFAULT_APP, startSalesforceSandbox } from '@voiceagent/crm-sandbox';
import { loadConfig } from '@voiceagent/backend/config';
import { startEmbeddedPostgres } from '@voiceagent/backend/db/embedded-postgres';
import { startProduct, type RunningProduct } from '@voiceagent/backend/start';
import { connectBenchCrm, startBenchWorker } from '../support/bench-providers';
import { signUpBenchUser } from '../support/bench-user';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
const CONTACTS = 140_000 / SCALE;
const LEADS = 60_000 / SCALE;
const API = 'v62.0';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type Run = { status: string; pages_done: number; fetched: number; started_at: Date; finished_at: Date; error_message: string | null };

async function waitForRun(product: RunningProduct, userId: string, worker: { rssPeakKb: () => Promise<number> }): Promise<{ run: Run; rssPeakKb: number }> {
  let rssPeakKb = 0;
  for (;;) {
    rssPeakKb = Math.max(rssPeakKb, await worker.rssPeakKb());
    const { rows } = await product.pool.query<Run>(
      `select status, pages_done, fetched, started_at, finished_at, error_message from sync_runs where user_id = $1 and platform = 'salesforce' order by queued_at desc limit 1`,
      [userId],
    );
    const run = rows[0];
    if (run && run.status !== 'queued' && run.status !== 'running') {
      if (run.status !== 'succeeded') throw new Error(`the Salesforce sync ${run.status}: ${run.error_message}`);
      return { run, rssPeakKb };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-salesforce-'));
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
const port = await freePort();
const backendUrl = `http://127.0.0.1:${port}`;
const app = { ...SALESFORCE_DEFAULT_APP, redirectUris: [`${backendUrl}/api/v1/crm/salesforce/callback`] };
const salesforce = await startSalesforceSandbox({
  apps: [app],
  orgs: [{ name: 'Bench Corp', contactCount: CONTACTS, leadCount: LEADS, seed: 7, dailyApiLimit: 1_000_000 }],
  sharedSeed: 42,
  bulk: { inProgressAfterMs: 100, completeAfterMs: 300 },
});
const org = salesforce.orgs[0]!;
const env = {
  SALESFORCE_CLIENT_ID: app.clientId,
  SALESFORCE_CLIENT_SECRET: app.clientSecret,
  SALESFORCE_LOGIN_URL: salesforce.loginUrl,
  SALESFORCE_SANDBOX_LOGIN_URL: salesforce.testLoginUrl,
  CRM_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  DATABASE_URL: process.env.DATABASE_URL ?? embedded!.connectionString,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  CRM_SANDBOX: 'off',
};
const product = await startProduct(loadConfig({ ...env, PORT: String(port), HOST: '127.0.0.1', BACKEND_URL: backendUrl, LOG_LEVEL: 'silent', SYNC_WORKERS: 'off' }));

/** The sandbox alone: the same records read with fetch and dropped. */
async function bareRead(mode: 'bulk' | 'rest'): Promise<{ records: number; ms: number }> {
  const token = salesforce.admin.mintToken(org.id).access_token;
  const headers = { authorization: `Bearer ${token}` };
  const base = `${org.instanceUrl}/services/data/${API}`;
  const started = performance.now();
  let records = 0;
  for (const [object, where] of [['Contact', ''], ['Lead', ' WHERE IsConverted = false']] as const) {
    const query = `SELECT Id, FirstName, LastName, Email, Phone, MobilePhone FROM ${object}${where}`;
    if (mode === 'rest') {
      let next: string | null = `${base}/query?q=${encodeURIComponent(query)}`;
      while (next) {
        const body = (await (await fetch(next, { headers })).json()) as { records: unknown[]; nextRecordsUrl?: string };
        records += body.records.length;
        next = body.nextRecordsUrl ? `${org.instanceUrl}${body.nextRecordsUrl}` : null;
      }
    } else {
      const job = (await (await fetch(`${base}/jobs/query`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'query', query }) })).json()) as { id: string };
      while (((await (await fetch(`${base}/jobs/query/${job.id}`, { headers })).json()) as { state: string }).state !== 'JobComplete') await new Promise((r) => setTimeout(r, 100));
      let locator: string | null = null;
      do {
        const res: Response = await fetch(`${base}/jobs/query/${job.id}/results?maxRecords=10000${locator ? `&locator=${locator}` : ''}`, { headers });
        const csv = await res.text();
        records += Math.max(0, csv.split('\n').filter(Boolean).length - 1);
        const next = res.headers.get('sforce-locator');
        locator = next && next !== 'null' ? next : null;
      } while (locator);
    }
  }
  return { records, ms: performance.now() - started };
}

console.log(`Salesforce sync benchmark on ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}${SCALE > 1 ? `, BENCH_SCALE=${SCALE}` : ''}`);
console.log(`org: ${CONTACTS.toLocaleString('en')} contacts and ${LEADS.toLocaleString('en')} leads seeded (some converted or in the recycle bin)`);
try {
  await salesforce.admin.warmUp(org.id);
  for (const mode of ['bulk', 'rest'] as const) {
    const bare = await bareRead(mode);
    const worker = startBenchWorker({ ...env, SYNC_CONCURRENCY: '1', SALESFORCE_BULK_THRESHOLD: mode === 'bulk' ? '0' : '100000000' });
    try {
      const user = await signUpBenchUser(product.url);
      const before = salesforce.admin.counters();
      await connectBenchCrm(product.url, user.token, 'salesforce');
      const { run, rssPeakKb } = await waitForRun(product, user.id, worker);
      const after = salesforce.admin.counters();
      // Every API request counts against the org's daily allowance: its usage is the request count.
      const requests = (after.apiUsage[org.id]?.used ?? 0) - (before.apiUsage[org.id]?.used ?? 0);
      const seconds = (run.finished_at.getTime() - run.started_at.getTime()) / 1000;
      console.log(`\nfull sync by ${mode === 'bulk' ? 'Bulk API 2.0 (results pages of 10,000)' : 'REST query (pages of 2,000)'}: ${run.fetched.toLocaleString('en')} records, ${run.pages_done} pages, ${requests} API requests`);
      console.log(`  sync                ${seconds.toFixed(1).padStart(6)} s   ${Math.round(run.fetched / seconds).toLocaleString('en').padStart(7)} records/s   worker peak RSS ${(rssPeakKb / 1024).toFixed(0)} MB`);
      console.log(`  bare reads          ${(bare.ms / 1000).toFixed(1).padStart(6)} s   ${Math.round(bare.records / (bare.ms / 1000)).toLocaleString('en').padStart(7)} records/s   (reference: the sandbox alone)`);
      console.log(`  sync ÷ reference time: ${(seconds / (bare.ms / 1000)).toFixed(2)}`);
    } finally {
      await worker.stop();
    }
  }
} finally {
  await product.stop();
  await salesforce.close();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

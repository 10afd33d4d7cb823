// GET /api/v1/crm/contacts/export of 1,000,000 contacts (one user), through the real HTTP
// endpoint of an API server running as its own process, the body read as a stream: rows/s, MB,
// time to the first byte, and the server process's peak RSS (VmHWM), the figure the issue bounds
// (≤ 250 MB). Printed, never asserted. BENCH_SCALE=10 seeds a tenth for a quick look.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '@voiceagent/backend/db/embedded-postgres';
import { createPool } from '@voiceagent/backend/db/pool';
import { seedContacts } from '../contacts-api/seed-contacts';
import { signUpBenchUser } from '../support/bench-user';
import { readPositiveInt } from '../support/bench-env';

const SCALE = readPositiveInt('BENCH_SCALE', 1);
const CONTACTS = 1_000_000 / SCALE;
const BACKEND_DIR = fileURLToPath(new URL('../', import.meta.resolve('@voiceagent/backend/server')));

type Run = { label: string; query: string };
const RUNS: Run[] = [
  { label: 'default columns (11)', query: '' },
  { label: 'every standard column (27)', query: `?columns=${['name', 'firstName', 'lastName', 'email', 'phone', 'mobilePhone', 'phoneE164', 'mobilePhoneE164', 'company', 'jobTitle', 'platform', 'objectType', 'lifecycleStage', 'leadStatus', 'ownerId', 'isCallable', 'crmCreatedAt', 'crmUpdatedAt', 'externalId', 'id', 'deletedAt', 'timeZone', 'preferredLanguage', 'doNotCall', 'callConsent', 'preferredCallTime', 'accountOwner'].join(',')}` },
  { label: 'a filter tree (HubSpot, updated in the last 180 days)', query: `?where=${encodeURIComponent(JSON.stringify({ and: [{ field: 'platform', operator: 'eq', value: 'hubspot' }, { field: 'crmUpdatedAt', operator: 'in_last_days', value: 180 }] }))}` },
];

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The API server as production runs it (`pnpm start`'s entry), in its own process. */
async function startServerProcess(env: Record<string, string>) {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: BACKEND_DIR,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1', BACKEND_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('is running at')) resolve();
    });
  });
  child.stdout!.resume();
  const readStatus = async (field: 'VmHWM' | 'VmRSS') => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  };
  return {
    url,
    rss: () => readStatus('VmRSS'),
    /** VmHWM: the most resident memory the process has had (since the last resetPeakRss). */
    peakRss: () => readStatus('VmHWM'),
    /** Linux ≥ 4.0: writing 5 to clear_refs starts VmHWM again from the current RSS. */
    resetPeakRss: () => writeFile(`/proc/${child.pid}/clear_refs`, '5'),
    async stop(): Promise<void> {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-export-'));
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
const databaseUrl = process.env.DATABASE_URL ?? embedded!.connectionString;
const server = await startServerProcess({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_USER: '0', RATE_LIMIT_PER_MINUTE_IP: '0' });
const pool = createPool(databaseUrl, { max: 2, applicationName: 'voiceagent-bench-export' });
try {
  const user = await signUpBenchUser(server.url);
  const seeding = performance.now();
  await seedContacts(pool, { bigUserId: user.id, bigUserContacts: CONTACTS, otherUsers: 1, otherContacts: 1000 });
  const live = (await pool.query<{ n: number }>('select count(*)::int as n from public.crm_contacts where user_id = $1 and deleted_at is null', [user.id])).rows[0]!.n;
  console.log(`Seeded ${CONTACTS.toLocaleString('en')} contacts (${live.toLocaleString('en')} live) in ${((performance.now() - seeding) / 1000).toFixed(0)} s; load average ${loadavg()[0]!.toFixed(1)}`);

  // Start-up (migrations, the OpenAPI document) and signing up (the password hash) have their own
  // peaks; each export's peak is measured from its own start.
  console.log(`Server RSS before the exports: ${mb(await server.rss())}; peak so far (start-up, sign-up) ${mb(await server.peakRss())}\n`);
  for (const run of RUNS) {
    await server.resetPeakRss();
    const before = await server.rss();
    const started = performance.now();
    const res = await fetch(`${server.url}/api/v1/crm/contacts/export${run.query}`, { headers: { authorization: `Bearer ${user.token}` } });
    if (res.status !== 200 || !res.body) throw new Error(`${run.label}: ${res.status} ${await res.text()}`);
    let firstByteMs = 0;
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      if (bytes === 0) firstByteMs = performance.now() - started;
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    const rows = lines - 1;
    console.log(`${run.label}:`);
    console.log(`  ${rows.toLocaleString('en')} rows, ${mb(bytes)} in ${seconds.toFixed(1)} s: ${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${(bytes / 1024 / 1024 / seconds).toFixed(1)} MB/s; first byte after ${firstByteMs.toFixed(0)} ms`);
    console.log(`  server RSS ${mb(before)} before, peak during the export ${mb(await server.peakRss())} (VmHWM)\n`);
  }
} finally {
  await pool.end();
  await server.stop();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

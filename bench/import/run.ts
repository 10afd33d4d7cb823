// CSV import at full size, end to end: a file of N rows (default 100,000, BENCH_IMPORT_ROWS) with
// 1 % bad rows is uploaded to the product's API (multipart, streamed into Postgres), started, and
// created at HubSpot's sandbox by a separate `pnpm worker` process, as in production; then the
// same file is imported again (nothing is sent). HubSpot's sandbox enforces HubSpot's 100 requests
// per 10 s, so the run is bounded by the pacing: about 950 rows/s at 100 contacts a request.
// Not in run-all (it takes two minutes or more): `pnpm --filter @voiceagent/bench bench:import`.
// Printed, never asserted.
import { availableParallelism, loadavg } from 'node:os';
import { HUBSPOT_DEFAULT_PORTAL } from '@voiceagent/crm-sandbox';
import { loadConfig } from '@voiceagent/backend/config';
import { startProduct, type RunningProduct } from '@voiceagent/backend/start';
import { connectBenchCrm, startBenchProviders, startBenchWorker } from '../support/bench-providers';
import { signUpBenchUser } from '../support/bench-user';
import { readPositiveInt } from '../support/bench-env';

const ROWS = readPositiveInt('BENCH_IMPORT_ROWS', 100_000);
const ZOHO_APP = { clientId: '1000.IMPORTBENCHCLIENT00000000000000', clientSecret: 'import-bench-secret' };

type ImportState = { id: string; status: string; total: number; created: number; failed: number; skipped: number; pending: number; finishedAt: string | null };

async function api<T>(product: RunningProduct, token: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${product.url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every 100th row has neither a readable email nor a phone; every 10th only a phone. */
function csvOf(rows: number): string {
  const lines = ['First Name,Last Name,E-mail,Mobile,Company,Job Title'];
  for (let i = 1; i <= rows; i += 1) {
    if (i % 100 === 3) lines.push(`Bad,Row${i},not-an-email,,Acme,`);
    else if (i % 10 === 7) lines.push(`Phone,Only${i},,+44 7911 ${String(i).padStart(6, '0')},Acme,Buyer`);
    else lines.push(`Ada,Import${i},bench-import-${i}@example.test,,"Acme, Inc.",Engineer`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function connect(product: RunningProduct, user: { id: string; token: string }): Promise<void> {
  await connectBenchCrm(product.url, user.token, 'hubspot');
  for (;;) {
    const { rows } = await product.pool.query<{ status: string; error_message: string | null }>(
      `select status, error_message from sync_runs where user_id = $1 and platform = 'hubspot' order by queued_at desc limit 1`,
      [user.id],
    );
    const run = rows[0];
    if (run?.status === 'succeeded') return;
    if (run && run.status !== 'queued' && run.status !== 'running') throw new Error(`the hubspot sync ${run.status}: ${run.error_message}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Uploads and starts the file; the seconds the upload and the run took, and the import as it ended. */
async function importOnce(product: RunningProduct, token: string, csv: string): Promise<{ uploadSeconds: number; runSeconds: number; ended: ImportState }> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'bench.csv');
  const uploadStarted = Date.now();
  const uploaded = await fetch(`${product.url}/api/v1/crm/hubspot/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (uploaded.status !== 201) throw new Error(`upload → ${uploaded.status}: ${await uploaded.text()}`);
  const draft = ((await uploaded.json()) as { import: ImportState & { suggestedMapping: unknown[] } }).import;
  const uploadSeconds = (Date.now() - uploadStarted) / 1000;
  const runStarted = Date.now();
  await api(product, token, 'POST', `/imports/${draft.id}/start`, { mapping: draft.suggestedMapping });
  for (;;) {
    const { import: state } = await api<{ import: ImportState }>(product, token, 'GET', `/imports/${draft.id}`);
    if (state.finishedAt) return { uploadSeconds, runSeconds: (Date.now() - runStarted) / 1000, ended: state };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

console.log(`import benchmark on ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${ROWS.toLocaleString('en')} rows`);
const providers = await startBenchProviders({ name: 'import', zohoContacts: 0, hubspotContacts: 20, zohoApp: ZOHO_APP });
const { hubspot, providerEnv } = providers;
const product = await startProduct(loadConfig({ ...providerEnv, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_USER: '0', RATE_LIMIT_PER_MINUTE_IP: '0' }));
providers.registerZohoApp(product.url);
const worker = startBenchWorker({ ...providerEnv, CRM_SANDBOX: 'off' });
try {
  const user = await signUpBenchUser(product.url);
  await connect(product, user);
  const csv = csvOf(ROWS);
  const contactsBefore = hubspot.admin.getAccount(HUBSPOT_DEFAULT_PORTAL.id!).contactCount;
  const first = await importOnce(product, user.token, csv);
  const createdAtHubSpot = hubspot.admin.getAccount(HUBSPOT_DEFAULT_PORTAL.id!).contactCount - contactsBefore;
  console.log(`\n${ROWS.toLocaleString('en')} rows (${(csv.length / 1024 / 1024).toFixed(1)} MB) imported into HubSpot at 100 requests / 10 s:`);
  console.log(`  ${(ROWS / first.uploadSeconds).toFixed(0).padStart(8)} rows/s uploaded and stored (${first.uploadSeconds.toFixed(2)} s)`);
  console.log(`  ${(first.ended.created / first.runSeconds).toFixed(0).padStart(8)} rows/s created (${first.ended.created} in ${first.runSeconds.toFixed(2)} s; ${first.ended.failed} failed, ${first.ended.skipped} skipped; HubSpot gained ${createdAtHubSpot})`);
  const again = await importOnce(product, user.token, csv);
  console.log(`  the same file again: ${(ROWS / (again.uploadSeconds + again.runSeconds)).toFixed(0)} rows/s (upload ${again.uploadSeconds.toFixed(2)} s, run ${again.runSeconds.toFixed(2)} s; ${again.ended.created} created, ${again.ended.skipped} skipped)`);
  console.log(`\nworker peak RSS ${((await worker.rssPeakKb()) / 1024).toFixed(0)} MB; load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await worker.stop();
  await product.stop();
  await providers.stop();
}


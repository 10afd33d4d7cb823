// Contact sync, end to end: the product's API connects a user through the sandbox consent page,
// and a separate `pnpm worker` process runs the sync, as in production.
//  1. A full sync of 100,000 Zoho contacts from an unthrottled sandbox: contacts per second and
//     the worker's peak RSS, beside the reference of reading the same pages with a bare HTTP
//     client (no mapping, no database): the sandbox's own speed.
//  2. A full sync of 20,000 HubSpot contacts under the sandbox's HubSpot limits (100 requests per
//     10 s): elapsed ÷ the minimum those limits allow (pages ÷ 10 per second), and the 429s.
// Printed, never asserted.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { startZohoSandbox } from '@voiceagent/crm-sandbox';
import { loadConfig } from '@voiceagent/backend/config';
import { ZOHO_CONTACT_FIELDS } from '@voiceagent/backend/crm/providers/zoho/zoho-mapping';
import { connectBenchCrm, startBenchProviders, startBenchWorker } from '../support/bench-providers';
import { startProduct, type RunningProduct } from '@voiceagent/backend/start';
import { signUpBenchUser } from '../support/bench-user';
import { readPositiveInt } from '../support/bench-env';

// BENCH_SCALE=10 syncs a tenth, for a quick look; the figures to quote come from 1.
const SCALE = readPositiveInt('BENCH_SCALE', 1);
const ZOHO_CONTACTS = 100_000 / SCALE;
const HUBSPOT_CONTACTS = 20_000 / SCALE;
const HUBSPOT_LIMIT = { requests: 100, windowSeconds: 10 };
const ZOHO_APP = { clientId: '1000.SYNCBENCHCLIENT0000000000000000', clientSecret: 'sync-bench-secret' };

type Run = { id: string; status: string; pages_done: number; fetched: number; started_at: Date; finished_at: Date; error_message: string | null };


async function waitForRun(product: RunningProduct, userId: string, platform: string, worker: { rssPeakKb: () => Promise<number> }): Promise<{ run: Run; rssPeakKb: number }> {
  let rssPeakKb = 0;
  for (;;) {
    rssPeakKb = Math.max(rssPeakKb, await worker.rssPeakKb());
    const { rows } = await product.pool.query<Run>(
      `select id, status, pages_done, fetched, started_at, finished_at, error_message from sync_runs where user_id = $1 and platform = $2 order by queued_at desc limit 1`,
      [userId, platform],
    );
    const run = rows[0];
    if (run && run.status !== 'queued' && run.status !== 'running') {
      if (run.status !== 'succeeded') throw new Error(`the ${platform} sync ${run.status}: ${run.error_message}`);
      return { run, rssPeakKb };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The reference: the same pages the sync reads, fetched with a bare HTTP client and dropped. */
async function readZohoPagesBare(zoho: Awaited<ReturnType<typeof startZohoSandbox>>, orgId: string): Promise<{ records: number; ms: number }> {
  const minted = zoho.admin.mintToken(orgId);
  const started = performance.now();
  let records = 0;
  let pageToken: string | null = null;
  do {
    const url = new URL(`${minted.api_domain}/crm/v8/Contacts`);
    url.searchParams.set('fields', ZOHO_CONTACT_FIELDS.join(','));
    url.searchParams.set('per_page', '200');
    if (pageToken) url.searchParams.set('page_token', pageToken);
    const res = await fetch(url, { headers: { authorization: `Zoho-oauthtoken ${minted.access_token}` } });
    if (res.status !== 200) break;
    const body = (await res.json()) as { data: unknown[]; info: { more_records: boolean; next_page_token: string | null } };
    records += body.data.length;
    pageToken = body.info.more_records ? body.info.next_page_token : null;
  } while (pageToken);
  return { records, ms: performance.now() - started };
}


const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

console.log(`sync benchmark on ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}${SCALE > 1 ? `, BENCH_SCALE=${SCALE}` : ''}`);
const providers = await startBenchProviders({ name: 'sync', zohoContacts: ZOHO_CONTACTS, hubspotContacts: HUBSPOT_CONTACTS, zohoApp: ZOHO_APP });
const { zoho, hubspot, providerEnv } = providers;
const product = await startProduct(loadConfig({ ...providerEnv, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', CRM_SANDBOX: 'off', SYNC_WORKERS: 'off' }));
providers.registerZohoApp(product.url);
const worker = startBenchWorker({ ...providerEnv, CRM_SANDBOX: 'off', SYNC_CONCURRENCY: '1' });
try {
  const user = await signUpBenchUser(product.url);
  const orgId = zoho.admin.listAccounts()[0]!.id;
  // Warm the sandbox (its first read of a large org builds the seeded order) and measure the floor.
  await readZohoPagesBare(zoho, orgId);
  const bare = await readZohoPagesBare(zoho, orgId);

  await connectBenchCrm(product.url, user.token, 'zoho');
  const zohoSync = await waitForRun(product, user.id, 'zoho', worker);
  const zohoSeconds = seconds(zohoSync.run.started_at, zohoSync.run.finished_at);
  const syncRate = zohoSync.run.fetched / zohoSeconds;
  const bareRate = bare.records / (bare.ms / 1000);
  console.log(`\nfull sync of ${zohoSync.run.fetched.toLocaleString('en')} Zoho contacts, unthrottled sandbox (${zohoSync.run.pages_done} pages of 200):`);
  console.log(`  sync                ${zohoSeconds.toFixed(1).padStart(6)} s   ${Math.round(syncRate).toLocaleString('en').padStart(7)} contacts/s`);
  console.log(`  bare page reads     ${(bare.ms / 1000).toFixed(1).padStart(6)} s   ${Math.round(bareRate).toLocaleString('en').padStart(7)} contacts/s   (reference: the sandbox alone)`);
  console.log(`  sync ÷ reference time: ${(zohoSeconds / (bare.ms / 1000)).toFixed(2)}`);
  console.log(`  worker peak RSS: ${(zohoSync.rssPeakKb / 1024).toFixed(0)} MB`);

  const before = hubspot.admin.counters();
  await connectBenchCrm(product.url, user.token, 'hubspot');
  const hubspotSync = await waitForRun(product, user.id, 'hubspot', worker);
  const after = hubspot.admin.counters();
  const hubspotSeconds = seconds(hubspotSync.run.started_at, hubspotSync.run.finished_at);
  const minimum = hubspotSync.run.pages_done / (HUBSPOT_LIMIT.requests / HUBSPOT_LIMIT.windowSeconds);
  console.log(`\nfull sync of ${hubspotSync.run.fetched.toLocaleString('en')} HubSpot contacts under ${HUBSPOT_LIMIT.requests} requests / ${HUBSPOT_LIMIT.windowSeconds} s (${hubspotSync.run.pages_done} pages of 100):`);
  console.log(`  elapsed ${hubspotSeconds.toFixed(1)} s; minimum the limits allow ${minimum.toFixed(1)} s; ratio ${(hubspotSeconds / minimum).toFixed(2)}`);
  console.log(`  429s received: ${after.tooManyRequests - before.tooManyRequests}`);
  console.log(`  worker peak RSS so far: ${(hubspotSync.rssPeakKb / 1024).toFixed(0)} MB`);
} finally {
  await worker.stop();
  await product.stop();
  await providers.stop();
}

// Call write-back, end to end: the product's API takes the results of a campaign, and a separate
// `pnpm worker` process writes them back to the CRM, as in production (so a job starts when the
// worker's poll finds it, not through an in-process wake-up).
//  For each CRM in turn, N results (default 2,000, BENCH_WRITEBACK_RESULTS) are posted for a
//  campaign of that CRM's contacts, 500 per request; measured until every one is written back:
//  results written back per second for the portal, the time to the first one, the create
//  requests, and the 429s. HubSpot's sandbox enforces HubSpot's 100 requests per 10 s.
// Printed, never asserted.
import { availableParallelism, loadavg } from 'node:os';
import { loadConfig } from '@voiceagent/backend/config';
import { connectBenchCrm, startBenchProviders, startBenchWorker } from '../support/bench-providers';
import { startProduct, type RunningProduct } from '@voiceagent/backend/start';
import { signUpBenchUser } from '../support/bench-user';
import { readPositiveInt } from '../support/bench-env';

const RESULTS = readPositiveInt('BENCH_WRITEBACK_RESULTS', 2000);
/** Seeded people without a callable number are left out of a campaign: seed enough to pick N callable ones. */
const CONTACTS = Math.ceil(RESULTS * 1.4);
const RESULTS_PER_POST = 500;
const HUBSPOT_LIMIT = { requests: 100, windowSeconds: 10 };
const ZOHO_APP = { clientId: '1000.WRITEBACKBENCHCLIENT000000000000', clientSecret: 'writeback-bench-secret' };

type Platform = 'hubspot' | 'zoho';
type Counters = { requests: Record<string, number>; tooManyRequests: number };

async function api<T>(product: RunningProduct, token: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${product.url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}


/** Connects through the consent page and waits for the first full sync (the worker runs it). */
async function connect(product: RunningProduct, user: { id: string; token: string }, platform: Platform): Promise<void> {
  await connectBenchCrm(product.url, user.token, platform);
  for (;;) {
    const { rows } = await product.pool.query<{ status: string; error_message: string | null }>(
      'select status, error_message from sync_runs where user_id = $1 and platform = $2 order by queued_at desc limit 1',
      [user.id, platform],
    );
    const run = rows[0];
    if (run?.status === 'succeeded') return;
    if (run && run.status !== 'queued' && run.status !== 'running') throw new Error(`the ${platform} sync ${run.status}: ${run.error_message}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A campaign of one CRM's callable contacts; the first N of them. */
async function campaignOf(product: RunningProduct, token: string, agentId: string, platform: Platform): Promise<{ id: string; contactIds: string[] }> {
  const { campaign } = await api<{ campaign: { id: string } }>(product, token, 'POST', '/campaigns', { agentId, name: `Write-back bench ${platform}`, filter: { platform: [platform], callable: true } });
  const contactIds: string[] = [];
  let cursor: string | null = null;
  while (contactIds.length < RESULTS) {
    const query: string = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { contacts: { items: Array<{ id: string }>; nextCursor: string | null } } = await api(product, token, 'GET', `/campaigns/${campaign.id}?${query}`);
    contactIds.push(...page.contacts.items.map((item) => item.id));
    cursor = page.contacts.nextCursor;
    if (!cursor) break;
  }
  if (contactIds.length < RESULTS) throw new Error(`only ${contactIds.length} callable ${platform} contacts; raise CONTACTS`);
  return { id: campaign.id, contactIds: contactIds.slice(0, RESULTS) };
}


type Progress = { succeeded: number; failed: number; first: Date | null; last: Date | null };

async function progressOf(product: RunningProduct, campaignId: string): Promise<Progress> {
  const { rows } = await product.pool.query<Progress>(
    `select count(*) filter (where writeback_status = 'succeeded')::int as succeeded, count(*) filter (where writeback_status = 'failed')::int as failed,
            min(written_back_at) as first, max(written_back_at) as last
     from campaign_call_results where campaign_id = $1`,
    [campaignId],
  );
  return rows[0]!;
}

/** Posts the results and waits until each is written back or failed; the figures for one portal. */
async function measure(product: RunningProduct, token: string, campaign: { id: string; contactIds: string[] }, counters: () => Counters, createEndpoint: RegExp) {
  const before = counters();
  const startedAt = Date.now();
  const results = campaign.contactIds.map((campaignContactId, i) => ({
    campaignContactId,
    callId: `bench-${campaign.id}-${i}`,
    status: 'completed',
    outcome: 'interested',
    startedAt: new Date(startedAt - 60_000).toISOString(),
    durationSec: 60,
    summary: 'Wants a quote for next quarter.',
  }));
  for (let i = 0; i < results.length; i += RESULTS_PER_POST) await api(product, token, 'POST', `/campaigns/${campaign.id}/results`, { results: results.slice(i, i + RESULTS_PER_POST) });
  const postedMs = Date.now() - startedAt;
  // The old path wrote about 1.3 results per second: allow it to finish a small run.
  const deadline = startedAt + 120_000 + RESULTS * 1000;
  let progress = await progressOf(product, campaign.id);
  while (progress.succeeded + progress.failed < RESULTS) {
    if (Date.now() > deadline) throw new Error(`write-back unfinished: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    progress = await progressOf(product, campaign.id);
  }
  const after = counters();
  const requestsTo = (c: Counters) => Object.entries(c.requests).filter(([key]) => createEndpoint.test(key)).reduce((sum, [, n]) => sum + n, 0);
  const seconds = ((progress.last?.getTime() ?? Date.now()) - startedAt) / 1000;
  const firstAfterSeconds = ((progress.first?.getTime() ?? startedAt) - startedAt) / 1000;
  return {
    seconds,
    perSecond: progress.succeeded / seconds,
    // From the first result written back to the last: how fast the jobs drain, whatever the posting.
    drainPerSecond: progress.succeeded / Math.max(0.001, seconds - firstAfterSeconds),
    firstAfterSeconds,
    postedSeconds: postedMs / 1000,
    failed: progress.failed,
    creates: requestsTo(after) - requestsTo(before),
    tooManyRequests: after.tooManyRequests - before.tooManyRequests,
  };
}

console.log(`write-back benchmark on ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${RESULTS.toLocaleString('en')} results per CRM`);
const providers = await startBenchProviders({ name: 'writeback', zohoContacts: CONTACTS, hubspotContacts: CONTACTS, zohoApp: ZOHO_APP });
const { zoho, hubspot, providerEnv } = providers;
const product = await startProduct(loadConfig({ ...providerEnv, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_USER: '0', RATE_LIMIT_PER_MINUTE_IP: '0' }));
providers.registerZohoApp(product.url);
const worker = startBenchWorker({ ...providerEnv, CRM_SANDBOX: 'off' });
try {
  const user = await signUpBenchUser(product.url);
  await connect(product, user, 'hubspot');
  await connect(product, user, 'zoho');
  const { agent } = await api<{ agent: { id: string } }>(product, user.token, 'POST', '/agents', {
    name: 'Bench caller',
    voice: 'sage',
    greeting: 'Hi!',
    instructions: 'Ask about renewal.',
    contacts: { filter: { callable: true } },
  });
  const targets = [
    { platform: 'hubspot' as const, counters: () => hubspot.admin.counters(), creates: /^POST \/crm\/v3\/objects\/calls(\/batch\/create)?$/ },
    { platform: 'zoho' as const, counters: () => zoho.admin.counters(), creates: /^POST \/crm\/v8\/Calls$/ },
  ];
  for (const target of targets) {
    const campaign = await campaignOf(product, user.token, agent.id, target.platform);
    const figures = await measure(product, user.token, campaign, target.counters, target.creates);
    const label =
      target.platform === 'hubspot'
        ? `HubSpot, ${HUBSPOT_LIMIT.requests} requests / ${HUBSPOT_LIMIT.windowSeconds} s`
        : 'Zoho, unthrottled';
    console.log(`\n${RESULTS.toLocaleString('en')} results written back to ${label}:`);
    console.log(`  ${figures.perSecond.toFixed(1).padStart(8)} results/s from the first post to the last write-back: all in ${figures.seconds.toFixed(2)} s (posting them took ${figures.postedSeconds.toFixed(2)} s)`);
    // First to last spans one request interval fewer than there were requests: a little above what the pacing allows.
    console.log(`  ${figures.drainPerSecond.toFixed(1).padStart(8)} results/s from the first write-back to the last (the first came ${figures.firstAfterSeconds.toFixed(2)} s after the first post)`);
    console.log(`  ${figures.creates} create requests (${(RESULTS / Math.max(1, figures.creates)).toFixed(1)} calls each), ${figures.tooManyRequests} × 429, ${figures.failed} failed`);
  }
  console.log(`\nload after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await worker.stop();
  await product.stop();
  await providers.stop();
}

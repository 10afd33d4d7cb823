// The Campaigns page's data (issue 19): GET /api/v1/campaigns?limit=25 over 25 campaigns with
// results on two CRMs, and what the page asked before the list carried figures: that list plus
// GET /campaigns/:id/stats for each row, six at a time as a browser sends them. Sequential
// rounds, p50/p95, with the load average. Printed, never asserted.
// BENCH_CAMPAIGN_CONTACTS: contacts per campaign (default 400); BENCH_ROUNDS: rounds per measure (default 40).
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { summarizeLatencies } from '../contacts-api/latencies';
import { startBenchProduct } from '../support/bench-product';
import { signUpBenchUser } from '../support/bench-user';
import { readPositiveInt } from '../support/bench-env';

const CAMPAIGNS = 25;
const PER_CAMPAIGN = readPositiveInt('BENCH_CAMPAIGN_CONTACTS', 400);
const ROUNDS = readPositiveInt('BENCH_ROUNDS', 40);
const BROWSER_CONNECTIONS = 6;

const bench = await startBenchProduct({
  name: 'campaigns-list',
  // Always a database of its own, even with DATABASE_URL set, as this bench has always run.
  ownDatabase: true,
  // No write-back jobs: the bench has no CRM to write to, and they would compete with the figures.
  env: { SYNC_WORKERS: 'off' },
});
const { product } = bench;
try {
  const user = await signUpBenchUser(product.url);
  const headers = { authorization: `Bearer ${user.token}` };
  const campaignIds = await seedCampaigns(product.pool, user.id);
  await postResults(product.url, headers, product.pool, campaignIds);
  await product.pool.query('analyze');

  const listPath = `/api/v1/campaigns?limit=${CAMPAIGNS}`;
  const first = (await (await fetch(`${product.url}${listPath}`, { headers })).json()) as { items: Array<{ id: string; figures?: unknown }> };
  const hasFigures = first.items.every((item) => item.figures !== undefined);
  console.log(
    `campaigns list: ${CAMPAIGNS} campaigns × ${PER_CAMPAIGN} contacts (HubSpot and Zoho), results for 70% (a second call for 10%); ` +
      `list carries figures: ${hasFigures ? 'yes' : 'no'}; ${ROUNDS} rounds; node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}`,
  );

  const get = async (p: string) => {
    const res = await fetch(`${product.url}${p}`, { headers });
    if (res.status !== 200) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ items: Array<{ id: string }> }>;
  };
  const listOnly = await measure(async () => void (await get(listPath)));
  const listAndStats = await measure(async () => {
    const page = await get(listPath);
    const queue = page.items.map((item) => `/api/v1/campaigns/${item.id}/stats`);
    await Promise.all(Array.from({ length: BROWSER_CONNECTIONS }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await get(next);
    }));
  });
  const line = (label: string, requests: number, l: ReturnType<typeof summarizeLatencies>) =>
    `${label.padEnd(34)} ${String(requests).padStart(2)} requests  p50 ${l.p50.toFixed(1)} ms  p95 ${l.p95.toFixed(1)} ms`;
  console.log(line('GET /campaigns?limit=25', 1, listOnly));
  console.log(line('list + 25 × /stats (6 at a time)', 1 + CAMPAIGNS, listAndStats));
  console.log(`load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
} finally {
  await bench.stop();
}

async function measure(round: () => Promise<void>) {
  for (let i = 0; i < 3; i += 1) await round();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const started = performance.now();
    await round();
    samples.push(performance.now() - started);
  }
  return summarizeLatencies(samples);
}

/** 25 running campaigns of one agent, each holding PER_CAMPAIGN contacts, half HubSpot and half Zoho. */
async function seedCampaigns(pool: typeof product.pool, userId: string): Promise<string[]> {
  const { rows: [agent] } = await pool.query<{ id: string }>(`insert into public.agents (user_id, name) values ($1, 'Bench caller') returning id`, [userId]);
  const { rows } = await pool.query<{ id: string }>(
    `insert into public.campaigns (user_id, agent_id, name, status, contact_count, started_at)
     select $1, $2, 'Campaign ' || g, 'running', $3, now() from generate_series(1, $4::int) g returning id`,
    [userId, agent!.id, PER_CAMPAIGN, CAMPAIGNS],
  );
  const ids = rows.map((row) => row.id);
  await pool.query(
    `insert into public.campaign_contacts (user_id, campaign_id, platform, external_id, name, phone_e164)
     select $1, c, case when n % 2 = 0 then 'hubspot' else 'zoho' end, 'c-' || n, 'Person ' || n, '+1' || (2002000000 + n)
     from unnest($2::uuid[]) c cross join generate_series(1, $3::int) n`,
    [userId, ids, PER_CAMPAIGN],
  );
  return ids;
}

/** Results through the API, as the calling service reports them: 70% of each campaign's contacts called, 10% twice. */
async function postResults(url: string, headers: Record<string, string>, pool: typeof product.pool, campaignIds: string[]): Promise<void> {
  const statuses = ['completed', 'voicemail', 'no_answer', 'busy', 'failed'] as const;
  for (const campaignId of campaignIds) {
    const { rows } = await pool.query<{ id: string; n: number }>(
      `select id, substr(external_id, 3)::int as n from public.campaign_contacts where campaign_id = $1 order by 2`,
      [campaignId],
    );
    const results = rows.filter((row) => row.n % 10 < 7).flatMap((row) => {
      const call = (k: number) => ({
        campaignContactId: row.id,
        callId: `${campaignId}-${row.n}-${k}`,
        status: statuses[(row.n + k) % statuses.length],
        startedAt: new Date(Date.now() - (3 - k) * 3_600_000).toISOString(),
        durationSec: (row.n + k) % statuses.length === 0 ? 30 + (row.n % 200) : 0,
      });
      return row.n % 10 === 0 ? [call(1), call(2)] : [call(1)];
    });
    for (let i = 0; i < results.length; i += 500) {
      const res = await fetch(`${url}/api/v1/campaigns/${campaignId}/results`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ results: results.slice(i, i + 500) }),
      });
      if (res.status !== 200) throw new Error(`results: ${res.status} ${await res.text()}`);
    }
  }
}

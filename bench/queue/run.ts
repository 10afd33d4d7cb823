// The call queue (issue 18): 10 callers leasing from one campaign of 100,000 contacts in batches
// of 50 over HTTP until the queue is empty — leases per second, request latencies, and a count of
// contacts handed out twice (must be 0). Contacts are synced-like rows (zones from their numbers,
// a few suppressed or do-not-call) seeded through SQL. Printed, never asserted.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { TCreateAgentResponse, TCreateCampaignResponse, TLeaseResponse } from '@voiceagent/shared';
import { leaseContacts } from '@voiceagent/backend/campaigns/call-queue-repository';
import { startBenchProduct } from '../support/bench-product';
import { signUpBenchUser } from '../support/bench-user';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONTACTS = Math.round(100_000 / SCALE);
const CALLERS = 10;
const BATCH = 50;

const bench = await startBenchProduct({
  name: 'queue',
  // The product's own default for the background workers (this bench has always run with them).
  env: { SYNC_WORKERS: undefined },
  // A Monday at 15:00 UTC: 10:00 in New York, 16:00 in London, inside every seeded zone's whole-day window.
  start: { clock: () => Date.parse('2026-03-09T15:00:00Z') },
});
const { product } = bench;
try {
  const user = await signUpBenchUser(product.url);
  const headers = { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' };
  const post = async <T>(urlPath: string, body: unknown): Promise<T> => {
    const res = await fetch(`${product.url}/api/v1${urlPath}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`POST ${urlPath} → ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };

  const seedStarted = performance.now();
  // Zones as the sync derives them; every 200th number suppressed, every 250th contact do-not-call.
  await product.pool.query(
    `insert into public.crm_contacts (user_id, platform, object_type, external_id, first_name, last_name, phone_e164, number_time_zone, number_time_zone_state, do_not_call)
     select $1, 'hubspot', 'contact', 'q-' || g, 'First' || g, 'Last' || g, '+1212' || lpad(g::text, 7, '0'),
            (array['America/New_York', 'Europe/London', 'America/Chicago', 'Europe/Berlin'])[1 + g % 4], 'derived', g % 250 = 0
     from generate_series(1, $2::int) g`,
    [user.id, CONTACTS],
  );
  await product.pool.query(
    `insert into public.suppressions (user_id, phone_e164, source) select $1, '+1212' || lpad(g::text, 7, '0'), 'api' from generate_series(200, $2::int, 200) g`,
    [user.id, CONTACTS],
  );
  const agentBody = { name: 'Bench caller', voice: 'sage', greeting: 'Hi {{contact.first_name}}!', instructions: 'Be brief.', contacts: { filter: { q: 'nobody-matches-this' } } };
  const agent = await post<TCreateAgentResponse>('/agents', agentBody);
  const { campaign } = await post<TCreateCampaignResponse>('/campaigns', {
    agentId: agent.agent.id,
    name: 'Bench queue',
    filter: { q: 'nobody-matches-this' },
    callingWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' },
  });
  // The snapshot as POST /campaigns takes it, without its size limit.
  await product.pool.query(
    `insert into public.campaign_contacts (user_id, campaign_id, crm_contact_id, platform, external_id, name, phone_e164)
     select c.user_id, $2, c.id, c.platform, c.external_id, c.first_name || ' ' || c.last_name, c.phone_e164
     from public.crm_contacts c where c.user_id = $1`,
    [user.id, campaign.id],
  );
  await product.pool.query('analyze public.crm_contacts, public.campaign_contacts, public.suppressions');
  const seedMs = performance.now() - seedStarted;

  if (process.env.BENCH_EXPLAIN) {
    // The lease statement's plan, in a transaction as the service runs it (its planner settings are transaction-local).
    const client = await product.pool.connect();
    try {
      await client.query('begin');
      const target = { userId: user.id, campaignId: campaign.id };
      const explaining = {
        query: (sql: string, values?: unknown[]) => client.query(sql.startsWith('set ') ? sql : `explain (analyze, buffers) ${sql}`, values),
      };
      const plan = (await leaseContacts(explaining as never, target, { now: new Date('2026-03-09T15:00:00Z'), limit: BATCH, leaseSeconds: 600, holder: null })) as unknown as Array<Record<string, string>>;
      console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
    } finally {
      await client.query('rollback');
      client.release();
    }
  }
  const seen = new Map<string, number>();
  const latencies: number[] = [];
  const caller = async () => {
    for (;;) {
      const t0 = performance.now();
      const { leases } = await post<TLeaseResponse>(`/campaigns/${campaign.id}/leases`, { limit: BATCH, leaseSeconds: 600 });
      latencies.push(performance.now() - t0);
      if (leases.length === 0) return;
      for (const lease of leases) seen.set(lease.campaignContactId, (seen.get(lease.campaignContactId) ?? 0) + 1);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CALLERS }, caller));
  const seconds = (performance.now() - started) / 1000;
  const doubles = [...seen.values()].filter((count) => count > 1).length;
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!.toFixed(1);

  console.log(`queue: ${CONTACTS.toLocaleString('en')} contacts seeded in ${(seedMs / 1000).toFixed(1)} s (${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)})`);
  console.log(`  ${CALLERS} callers × batches of ${BATCH}: ${seen.size.toLocaleString('en')} contacts leased in ${seconds.toFixed(1)} s = ${Math.round(seen.size / seconds).toLocaleString('en')} leases/s`);
  console.log(`  requests ${latencies.length}: p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`);
  console.log(`  contacts leased twice: ${doubles}; left out as suppressed or do-not-call: ${(CONTACTS - seen.size).toLocaleString('en')}`);
} finally {
  await bench.stop();
}

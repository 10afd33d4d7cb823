// GET /api/v1/analytics/{contacts,sync,campaigns,write-back} over a 90-day range for a user holding
// N contacts and N call results, beside 9 other users with as much (issue 19: N = 1,000,000;
// BENCH_SCALE=10 loads a tenth). One client and 10 concurrent clients, p50/p95, with the load
// average. The campaigns and write-back sections twice: from the rollups (a range of whole hours,
// as the dashboard sends) and from the raw queries (the same range a second later, which the
// rollups cannot answer). Then results ingestion with and without the rollups' triggers.
// BENCH_ANALYTICS_USER (with DATABASE_URL): the measured user of an earlier run on that database
// (its e-mail), signed in again and its data reused, so that a run costs no seeding. Users an
// earlier run seeded in full are kept, so a full-size seed (about an hour) cut short carries on.
// BENCH_SECTIONS: a comma-separated subset of the runs' labels (e.g. "contacts,contacts raw"), and
// "ingestion" for the results ingestion, so that a change to one section is measured without the rest.
// Printed, never asserted.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { measureHttp } from '../contacts-api/measure-http';
import { startBenchProduct } from '../support/bench-product';
import { signInBenchUser, signUpBenchUser } from '../support/bench-user';
import { measureIngestion } from './ingest-results';
import { ensureAnalyticsUserSeeded, findOrCreateOtherUsers } from './seed-analytics';
import { readPositiveInt } from '../support/bench-env';

const SCALE = readPositiveInt('BENCH_SCALE', 1);
const DURATION_SECONDS = readPositiveInt('BENCH_DURATION_SECONDS', 10);
const INGEST_SECONDS = readPositiveInt('BENCH_INGEST_SECONDS', 10);
const INGEST_ROUNDS = readPositiveInt('BENCH_INGEST_ROUNDS', 3);
const PER_USER = Math.floor(1_000_000 / SCALE);
const SECTIONS = process.env.BENCH_SECTIONS ? new Set(process.env.BENCH_SECTIONS.split(',').map((label) => label.trim())) : null;
const isMeasured = (label: string) => SECTIONS === null || SECTIONS.has(label);
const OTHER_USERS = 9;
// BENCH_SEED=off: measures what the database holds, seeding no one (a full-size seed under way can
// be measured before its last users; the first line counts the contacts and results there).
const SEED = process.env.BENCH_SEED !== 'off';

const bench = await startBenchProduct({
  name: 'analytics',
  // No write-back jobs in-process: they would compete with the figures (the bench has no CRM to write to).
  env: { SYNC_WORKERS: 'off' },
});
const { product } = bench;
// With a reused database this includes new migrations (0237 backfills the rollups).
const startSeconds = bench.productStartSeconds;
try {
  const reusedEmail = process.env.DATABASE_URL ? process.env.BENCH_ANALYTICS_USER : undefined;
  const user = reusedEmail ? await signInBenchUser(product.url, reusedEmail) : await signUpBenchUser(product.url);
  const seedStarted = performance.now();
  let seeded = 0;
  if (SEED) {
    for (const id of [user.id, ...(await findOrCreateOtherUsers(product.pool, OTHER_USERS))]) {
      if (await ensureAnalyticsUserSeeded(product.pool, id, PER_USER)) seeded += 1;
    }
  }
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
      `(${PER_USER.toLocaleString('en')} each; ${SEED ? `${seeded} of ${OTHER_USERS + 1} users seeded in ${seedSeconds.toFixed(0)} s, the rest reused` : 'seeding off'}; product started in ${startSeconds.toFixed(0)} s); 90 days, day buckets, America/New_York; ${DURATION_SECONDS} s per run; ` +
      `node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}\n`,
  );

  // Whole hours, as the dashboard's ranges (local midnights in a whole-hour zone) are.
  const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const from = new Date(to.getTime() - 90 * 86_400_000);
  const range = `from=${from.toISOString()}&to=${to.toISOString()}&granularity=day`;
  const rawRange = `from=${new Date(from.getTime() + 1000).toISOString()}&to=${to.toISOString()}&granularity=day`;
  const headers = { authorization: `Bearer ${user.token}` };
  const rows: string[] = [];
  const runs = [
    { label: 'contacts', section: 'contacts', query: range },
    { label: 'sync', section: 'sync', query: range },
    { label: 'campaigns raw', section: 'campaigns', query: rawRange },
    { label: 'campaigns rollup', section: 'campaigns', query: range },
    { label: 'write-back raw', section: 'write-back', query: rawRange },
    { label: 'write-back rollup', section: 'write-back', query: range },
  ];
  for (const { label, section, query } of runs.filter((run) => isMeasured(run.label))) {
    const paths = [`/api/v1/analytics/${section}?${query}`];
    const first = await fetch(`${product.url}${paths[0]}`, { headers });
    if (first.status !== 200) throw new Error(`${section}: ${first.status} ${await first.text()}`);
    await first.arrayBuffer();
    const one = await measureHttp({ baseUrl: product.url, paths, headers, connections: 1, durationSeconds: DURATION_SECONDS });
    const ten = await measureHttp({ baseUrl: product.url, paths, headers, connections: 10, durationSeconds: DURATION_SECONDS });
    rows.push(
      `${label.padEnd(17)} 1 client p50 ${one.latencies.p50.toFixed(0)} ms p95 ${one.latencies.p95.toFixed(0)} ms (${one.requests} req, ${one.errors + one.non2xx} errors) | ` +
        `10 clients p50 ${ten.latencies.p50.toFixed(0)} ms p95 ${ten.latencies.p95.toFixed(0)} ms (${ten.requests} req, ${ten.errors + ten.non2xx} errors) | load ${loadavg()[0]!.toFixed(1)}`,
    );
    console.log(rows.at(-1));
  }
  console.log('aims (issue 19): 1 client p95 ≤ 100 ms, 10 clients p95 ≤ 300 ms, at 1,000,000 contacts and call results per user');

  if (isMeasured('ingestion')) {
    const ingestion = await measureIngestion(product, user, INGEST_SECONDS, INGEST_ROUNDS);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const format = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
    const cost = 1 - median(ingestion.withRollups) / median(ingestion.withoutRollups);
    console.log(
      `\nresults ingestion (POST 500 a request, 1 client, ${INGEST_SECONDS} s rounds): without rollup triggers ${format(ingestion.withoutRollups)} results/s, ` +
        `with ${format(ingestion.withRollups)} results/s; median cost ${(cost * 100).toFixed(1)}% (aim ≤ 10%) | load ${loadavg()[0]!.toFixed(1)}`,
    );
  }
} finally {
  await bench.stop();
}

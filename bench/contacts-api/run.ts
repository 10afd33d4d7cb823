// GET /api/v1/crm/contacts for a user holding 200,000 of 1,000,000 contacts: latency and
// throughput at 50 concurrent connections (autocannon) for a plain list, a search and a
// filtered list, next to the same service calls made straight on a pg pool with 50 clients
// (without HTTP, Express or JSON), and the raw floor: one plain keyset query for the same page
// (no transaction, role, claims or RLS), with 50 clients and with one. Printed, never asserted.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { decodeContactCursor, encodeContactCursor } from '@voiceagent/backend/crm/contacts/contact-cursor';
import { createContactsService } from '@voiceagent/backend/crm/contacts/contacts-service';
import { createPool } from '@voiceagent/backend/db/pool';
import type { RunningProduct } from '@voiceagent/backend/start';
import { ZContactListQuery, type TFilterNode } from '@voiceagent/shared';
import { readFilterFields } from '@voiceagent/backend/crm/fields/filter-fields';
import { measureHttp, type HttpResult } from './measure-http';
import { measureSql, type SqlResult } from './measure-sql';
import { rawPageQuery } from './raw-page-query';
import { seedContacts, seedCustomMappings } from './seed-contacts';
import { startBenchProduct } from '../support/bench-product';
import { signInBenchUser, signUpBenchUser } from '../support/bench-user';
import { readPositiveInt } from '../support/bench-env';

const CONNECTIONS = readPositiveInt('BENCH_CONNECTIONS', 50);
const DURATION_SECONDS = readPositiveInt('BENCH_DURATION_SECONDS', 10);
const WARM_UP_SECONDS = 2;
// BENCH_SCALE=10 loads a tenth, for a quick look; the figures to quote come from 1.
const SCALE = readPositiveInt('BENCH_SCALE', 1);
// BENCH_SCENARIOS=tree,list runs only those (all by default).
const ONLY = process.env.BENCH_SCENARIOS ? new Set(process.env.BENCH_SCENARIOS.split(',')) : null;
const BIG_USER_CONTACTS = 200_000 / SCALE;
const OTHER_USERS = 999;
const OTHER_CONTACTS = 800_000 / SCALE;

type Scenario = { label: string; queries: string[] };

/** Filter trees of the kinds a user builds: a stage, stages and a date, a custom picklist, a domain or a prefix, a negation. */
const FILTER_TREES: TFilterNode[] = [
  { field: 'lifecycleStage', operator: 'eq', value: 'customer' },
  { and: [{ field: 'lifecycleStage', operator: 'in', value: ['opportunity', 'customer'] }, { field: 'crmCreatedAt', operator: 'in_last_days', value: 600 }] },
  { and: [{ field: 'custom.plan', operator: 'eq', value: 'enterprise' }, { field: 'isCallable', operator: 'eq', value: true }] },
  { or: [{ field: 'emailDomain', operator: 'eq', value: 'corp.example' }, { field: 'company', operator: 'starts_with', value: 'Acme' }] },
  { and: [{ not: { field: 'leadStatus', operator: 'eq', value: 'NEW' } }, { field: 'custom.seats', operator: 'gte', value: 150 }] },
];


/** Cursors at a few depths of a list (found with OFFSET here, once, so the load pages deep at once). */
async function findNameCursors(product: RunningProduct, userId: string, where: string, offsets: number[]): Promise<string[]> {
  const cursors: string[] = [];
  for (const offset of offsets) {
    const { rows } = await product.pool.query<{ id: string; sort_last_name: string; sort_first_name: string }>(
      `select id, sort_last_name, sort_first_name from public.crm_contacts where user_id = $1 and deleted_at is null and ${where}
       order by sort_last_name, sort_first_name, id offset $2 limit 1`,
      [userId, offset],
    );
    const row = rows[0];
    if (row) cursors.push(encodeContactCursor({ sort: 'name', lastName: row.sort_last_name, firstName: row.sort_first_name, id: row.id, scope: 'unified' }));
  }
  return cursors;
}

function formatRow(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
}

// BENCH_RATE_LIMITS=counted: the limits stay on, as in production, but far above what the load
// reaches, so every request pays the limiter's round trips without ever being refused. Off by
// default: 50 connections from one user and address are the point here, not abuse.
const COUNTED_LIMITS = process.env.BENCH_RATE_LIMITS === 'counted';
const NEVER_REACHED_PER_MINUTE = '1000000'; // the most the config takes

// Our own embedded Postgres (unless DATABASE_URL is set), so the floor's pool can reach it too.
const bench = await startBenchProduct({
  name: 'contacts',
  env: {
    // USER_STATUS_CACHE_MS=0 reads the user's banned-or-deleted status on every request (the product's default remembers it for a second).
    USER_STATUS_CACHE_MS: process.env.USER_STATUS_CACHE_MS,
    ...(COUNTED_LIMITS ? { RATE_LIMIT_PER_MINUTE_USER: NEVER_REACHED_PER_MINUTE, RATE_LIMIT_PER_MINUTE_IP: NEVER_REACHED_PER_MINUTE } : {}),
    // No background work: a worker would derive a million contacts' time zones meanwhile, and each
    // updated row waits in the trigram indexes' pending lists, which every search then reads.
    SYNC_WORKERS: 'off',
  },
});
const { product, databaseUrl } = bench;
const floorPool = createPool(databaseUrl, { max: CONNECTIONS, applicationName: 'voiceagent-bench-floor' });
// Statements sent per service call (BEGIN, claims, queries, COMMIT): on a loaded machine each
// round trip waits for the scheduler twice, and unlike the latencies this count is exact.
let roundTrips = 0;
floorPool.on('connect', (client) => {
  const query = client.query.bind(client);
  client.query = ((...args: Parameters<typeof query>) => {
    roundTrips += 1;
    return query(...args);
  }) as typeof client.query;
});
try {
  // BENCH_CONTACTS_USER (with DATABASE_URL): the measured user of an earlier run on that database,
  // signed in again and its contacts reused, so that a before/after pair costs no second seeding.
  const reusedEmail = process.env.DATABASE_URL ? process.env.BENCH_CONTACTS_USER : undefined;
  const user = reusedEmail ? await signInBenchUser(product.url, reusedEmail) : await signUpBenchUser(product.url);
  const seedStarted = performance.now();
  if (!reusedEmail) {
    await seedContacts(product.pool, { bigUserId: user.id, bigUserContacts: BIG_USER_CONTACTS, otherUsers: OTHER_USERS, otherContacts: OTHER_CONTACTS });
    await seedCustomMappings(product.pool, user.id);
  }
  const { rows: sizes } = await product.pool.query<{ contacts: string; users: string }>(
    'select count(*)::text as contacts, count(distinct user_id)::text as users from public.crm_contacts',
  );
  const loadSeconds = (performance.now() - seedStarted) / 1000;

  const depths = [10_000, 60_000, 120_000, 180_000].map((d) => d / SCALE);
  const listCursors = await findNameCursors(product, user.id, 'true', depths);
  const filteredCursors = await findNameCursors(product, user.id, `platform = 'hubspot' and (phone_e164 is not null or mobile_phone_e164 is not null)`, depths.map((d) => d / 2));
  const scenarios: Scenario[] = [
    { label: 'list', queries: ['limit=50', ...listCursors.map((c) => `limit=50&cursor=${c}`)] },
    { label: 'search', queries: ['garcia', 'kowalski', 'zoë', 'hooli', '555-01'].map((q) => `limit=50&q=${encodeURIComponent(q)}`) },
    { label: 'filtered', queries: ['limit=50&platform=hubspot&callable=true', ...filteredCursors.map((c) => `limit=50&platform=hubspot&callable=true&cursor=${c}`)] },
    { label: 'tree', queries: FILTER_TREES.map((tree) => `limit=50&where=${encodeURIComponent(JSON.stringify(tree))}`) },
  ];
  // What the service compiles a tree against: the user's custom keys, read once as the routes read them.
  const client = await product.pool.connect();
  const treeContext = { customKinds: (await readFilterFields(client, user.id).finally(() => client.release())).customKinds, now: new Date() };

  console.log(
    `contacts-api: ${Number(sizes[0]!.contacts).toLocaleString('en')} contacts over ${sizes[0]!.users} users (loaded in ${loadSeconds.toFixed(0)} s), ` +
      `the measured user holding ${BIG_USER_CONTACTS.toLocaleString('en')}; ${CONNECTIONS} connections / pool clients, ${DURATION_SECONDS} s each; ` +
      `rate limits ${COUNTED_LIMITS ? 'counted (never reached)' : 'off'}; USER_STATUS_CACHE_MS ${process.env.USER_STATUS_CACHE_MS ?? 'unset (the product default)'}; measured user ${user.email}; node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}\n`,
  );

  const headers = { authorization: `Bearer ${user.token}` };
  const service = createContactsService({ pool: floorPool });
  const authUser = { id: user.id, email: user.email, claims: { sub: user.id, role: 'authenticated' as const, aud: 'authenticated', email: user.email } };
  const header = ['scenario', 'via', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'];
  const rows: string[][] = [];
  const ratios: string[] = [];
  for (const scenario of scenarios.filter((candidate) => !ONLY || ONLY.has(candidate.label))) {
    const paths = scenario.queries.map((query) => `/api/v1/crm/contacts?${query}`);
    for (const p of paths) {
      const res = await fetch(`${product.url}${p}`, { headers });
      if (res.status !== 200) throw new Error(`${scenario.label}: GET ${p} answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
    // The floor calls the service the routes call, with the same parsed queries.
    const parsed = scenario.queries.map((query) => {
      const q = ZContactListQuery.parse(Object.fromEntries(new URLSearchParams(query)));
      return { q, cursor: q.cursor ? decodeContactCursor(q.cursor) : null };
    });
    const callService = (i: number) => {
      const { q, cursor } = parsed[i % parsed.length]!;
      return service.listContacts(authUser, q, cursor);
    };
    const callRaw = (i: number) => {
      const { q, cursor } = parsed[i % parsed.length]!;
      return rawPageQuery(floorPool, user.id, q, cursor?.sort === 'name' ? cursor : null, treeContext);
    };

    const before = roundTrips;
    for (let i = 0; i < parsed.length; i++) await callService(i);
    const tripsPerCall = (roundTrips - before) / parsed.length;

    const load = { baseUrl: product.url, paths, headers, connections: CONNECTIONS };
    await measureHttp({ ...load, durationSeconds: WARM_UP_SECONDS });
    const api = await measureHttp({ ...load, durationSeconds: DURATION_SECONDS });
    const singleApi = await measureHttp({ ...load, connections: 1, durationSeconds: DURATION_SECONDS / 2 });
    await measureSql(callService, CONNECTIONS, WARM_UP_SECONDS);
    const sql = await measureSql(callService, CONNECTIONS, DURATION_SECONDS);
    await measureSql(callRaw, CONNECTIONS, WARM_UP_SECONDS);
    const raw = await measureSql(callRaw, CONNECTIONS, DURATION_SECONDS);
    // One client, one request at a time: the latency a single caller sees, without queueing.
    const single = await measureSql(callRaw, 1, DURATION_SECONDS / 2);
    const singleService = await measureSql(callService, 1, DURATION_SECONDS / 2);

    const fmt = (n: number) => n.toFixed(1);
    rows.push([scenario.label, 'API', (api.requests / api.seconds).toFixed(0), fmt(api.latencies.p50), fmt(api.latencies.p95), fmt(api.latencies.p99), String(api.errors + api.non2xx)]);
    rows.push([scenario.label, 'service', (sql.requests / sql.seconds).toFixed(0), fmt(sql.latencies.p50), fmt(sql.latencies.p95), fmt(sql.latencies.p99), '0']);
    rows.push([scenario.label, 'raw SQL', (raw.requests / raw.seconds).toFixed(0), fmt(raw.latencies.p50), fmt(raw.latencies.p95), fmt(raw.latencies.p99), '0']);
    rows.push([scenario.label, 'API, 1 client', (singleApi.requests / singleApi.seconds).toFixed(0), fmt(singleApi.latencies.p50), fmt(singleApi.latencies.p95), fmt(singleApi.latencies.p99), String(singleApi.errors + singleApi.non2xx)]);
    rows.push([scenario.label, 'service, 1 client', (singleService.requests / singleService.seconds).toFixed(0), fmt(singleService.latencies.p50), fmt(singleService.latencies.p95), fmt(singleService.latencies.p99), '0']);
    rows.push([scenario.label, 'raw SQL, 1 client', (single.requests / single.seconds).toFixed(0), fmt(single.latencies.p50), fmt(single.latencies.p95), fmt(single.latencies.p99), '0']);
    // API ÷ service ÷ raw at p50 and p95, under load and for one caller: each layer's share over its floor.
    const chain = (a: SqlResult | HttpResult, b: SqlResult, c: SqlResult, key: 'p50' | 'p95') =>
      `${key} ${(a.latencies[key] / b.latencies[key]).toFixed(2)} ÷ ${(b.latencies[key] / c.latencies[key]).toFixed(2)}`;
    ratios.push(
      `${scenario.label}: API ÷ service, service ÷ raw — ${CONNECTIONS} connections ${chain(api, sql, raw, 'p50')}, ${chain(api, sql, raw, 'p95')}; ` +
        `1 client ${chain(singleApi, singleService, single, 'p50')}, ${chain(singleApi, singleService, single, 'p95')}; ` +
        `throughput API ÷ raw ${(api.requests / api.seconds / (raw.requests / raw.seconds)).toFixed(2)}; ` +
        `round trips per service call ${tripsPerCall.toFixed(1)} (raw: 1)`,
    );
  }
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  console.log([formatRow(header, widths), ...rows.map((row) => formatRow(row, widths))].join('\n'));
  console.log(`\n${ratios.join('\n')}`);
  console.log('aim (issue 16): tree, API 1 client p95 ≤ 50 ms');
  console.log('aims (issue 20): list 1 client p95 ≤ 5 ms, search 1 client p95 ≤ 15 ms, list ≥ 1,000 req/s at 50 connections, API ÷ service 1 client p50 ≤ 1.3');
} finally {
  await floorPool.end();
  await bench.stop();
}

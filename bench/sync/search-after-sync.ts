// A search right after a large sync (issue 20): the sync's upserts leave the GIN indexes' pending
// lists full (fastupdate), and every trigram search reads all of it until something merges it.
// 1. Runs of 100 … 3,000 new contacts, each left unmerged: the pending pages a run leaves and what
//    a search reads then, beside the merge's own time: where the runner's threshold pays.
// 2. A user synced with 20,000 contacts by the real runner (in-memory provider), beside 100,000
//    contacts of other users loaded and vacuumed before: EXPLAIN (ANALYZE, BUFFERS) of the user's
//    search before and after the merge the runner makes (private.clean_crm_contacts_pending_lists).
// Printed, never asserted. Autovacuum is off for the table so that nothing merges behind our back;
// each run is followed by a manual ANALYZE, the statistics autoanalyze would take.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '@voiceagent/backend/runtime/logger';
import { createSyncRunner } from '@voiceagent/backend/crm/sync/sync-runner';
import { startEmbeddedPostgres } from '@voiceagent/backend/db/embedded-postgres';
import { migrate } from '@voiceagent/backend/db/migrator';
import { createPool } from '@voiceagent/backend/db/pool';
import { seedContacts } from '../contacts-api/seed-contacts';
import { generateRecords, inMemoryProvider, toPages } from './in-memory-provider';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
const SYNCED = 20_000 / SCALE;
const OTHERS = 100_000 / SCALE;
const PAGE = 200;

const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-search-after-sync-'));
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
const pool = createPool(process.env.DATABASE_URL ?? embedded!.connectionString, { max: 4, applicationName: 'bench-search-after-sync' });
try {
  await migrate(pool);
  await pool.query('create extension if not exists pgstattuple');
  await pool.query('alter table public.crm_contacts set (autovacuum_enabled = false)');
  const records = generateRecords(Math.max(SYNCED, 3_000));
  const newUser = async () => {
    const { rows } = await pool.query<{ id: string }>(`insert into auth.users (aud, role, email) values ('authenticated', 'authenticated', $1) returning id`, [`bench-${randomUUID()}@example.test`]);
    await pool.query(`insert into user_crm_credentials (user_id, platform) values ($1, 'zoho')`, [rows[0]!.id]);
    return rows[0]!.id;
  };
  const someone = await newUser();
  await seedContacts(pool, { bigUserId: someone, bigUserContacts: OTHERS / 2, otherUsers: 99, otherContacts: OTHERS / 2 });

  /** A full run of `count` new contacts through the real runner; `merge` false never merges (the runner before this change). */
  const sync = async (count: number, merge: boolean) => {
    const userId = await newUser();
    const { registry, session } = inMemoryProvider(toPages(records.slice(0, count), PAGE));
    const runner = createSyncRunner({
      pool,
      registry,
      credentials: { getSession: async () => session },
      logger: createLogger({ level: 'silent' }),
      defaultPhoneRegion: 'US',
      ...(merge ? {} : { pendingListCleanRows: Number.POSITIVE_INFINITY }),
    });
    const { rows } = await pool.query<{ id: string }>(`insert into sync_runs (user_id, platform, kind) values ($1, 'zoho', 'full') returning id`, [userId]);
    const started = performance.now();
    await runner.runSlice(rows[0]!.id, { deadline: Number.MAX_SAFE_INTEGER });
    const ms = performance.now() - started;
    // The statistics autoanalyze would have taken (a manual ANALYZE, unlike autovacuum's, leaves pending lists as they are).
    await pool.query('analyze public.crm_contacts');
    const { rows: run } = await pool.query<{ status: string; created: number }>('select status, created from sync_runs where id = $1', [rows[0]!.id]);
    if (run[0]?.status !== 'succeeded' || run[0].created !== count) throw new Error(`run ended ${run[0]?.status} with ${run[0]?.created} created`);
    return { userId, ms };
  };
  const pendingPages = async () => {
    const { rows } = await pool.query<{ name: string; pages: number }>(
      `select c.relname as name, (pgstatginindex(i.indexrelid)).pending_pages::int as pages
       from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
       where i.indrelid = 'public.crm_contacts'::regclass and am.amname = 'gin' order by 1`,
    );
    return rows.map((row) => `${row.name.replace(/^crm_contacts_|_idx$/g, '')} ${row.pages}`).join(', ');
  };
  const merge = async () => {
    const started = performance.now();
    await pool.query('select private.clean_crm_contacts_pending_lists()');
    return performance.now() - started;
  };
  // The search's own statement (private.search_crm_contacts' body, as the user), a surname of the
  // synced people: hot cache (the second of two runs), so that buffers are what it reads, not what it loads.
  // The most common one-word surname among the first 100 synced people: found in every run below.
  const surnames = new Map<string, number>();
  for (const record of records.slice(0, 100)) {
    const name = record.lastName?.toLowerCase();
    if (name && /^[a-z]+$/.test(name)) surnames.set(name, (surnames.get(name) ?? 0) + 1);
  }
  const term = [...surnames].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'smith';
  const searchSql = (userId: string) => `select c.id from public.crm_contacts c
    where c.user_id = '${userId}' and (c.search_text like (select private.contains_pattern('${term.replace(/'/g, "''")}'))
      or c.phone_digits like (select '%' || null::text || '%'))`;
  const explain = async (userId: string) => {
    await pool.query(`explain (analyze, buffers) ${searchSql(userId)}`);
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${searchSql(userId)}`);
    return rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n');
  };
  const searchReads = async (userId: string) => {
    await pool.query(`explain (analyze, buffers) ${searchSql(userId)}`);
    const { rows } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number }; 'Execution Time': number }> }>(
      `explain (analyze, buffers, format json) ${searchSql(userId)}`,
    );
    const top = rows[0]!['QUERY PLAN'][0]!;
    return { buffers: top.Plan['Shared Hit Blocks'] + top.Plan['Shared Read Blocks'], ms: top['Execution Time'] };
  };

  console.log(`search after sync on ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}: ${OTHERS.toLocaleString('en')} other contacts; term "${term}"`);
  await merge();

  console.log('\n1. one run of N new contacts, unmerged: pending pages it leaves, the search then, and the merge');
  for (const count of [100, 300, 1_000, 3_000]) {
    const { userId } = await sync(count, false);
    const pending = await pendingPages();
    const before = await searchReads(userId);
    const mergeMs = await merge();
    const after = await searchReads(userId);
    console.log(
      `  ${String(count).padStart(5)} contacts: pending pages ${pending}; search ${before.buffers} buffers ${before.ms.toFixed(2)} ms, ` +
        `merged ${after.buffers} buffers ${after.ms.toFixed(2)} ms; the merge ${mergeMs.toFixed(0)} ms`,
    );
  }

  console.log(`\n2. a user synced with ${SYNCED.toLocaleString('en')} contacts, then searched`);
  const { userId, ms } = await sync(SYNCED, false);
  console.log(`  sync ${(ms / 1000).toFixed(1)} s; pending pages ${await pendingPages()}`);
  console.log(`  before the merge:\n${await explain(userId)}`);
  const mergeMs = await merge();
  console.log(`  the merge: ${mergeMs.toFixed(0)} ms; pending pages ${await pendingPages()}`);
  console.log(`  after the merge:\n${await explain(userId)}`);
  const merged = await sync(SYNCED, true);
  console.log(`  the runner as it is (merging at its end): sync ${(merged.ms / 1000).toFixed(1)} s; pending pages ${await pendingPages()}`);
} finally {
  await pool.end();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

// EXPLAIN (ANALYZE, BUFFERS) of the statement a contacts page sends (issue 20: the duplicate-key
// probes), on contacts-api/run.ts's data (BENCH_SCALE=10 for a tenth), as the user under RLS:
// the first page of the unified list (duplicate groups on), and of a search. Hot cache (the
// last of 25 runs, with the fastest and median time of all). Printed, never asserted.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { listContactRowsCounted, searchContactRows, type ContactPage } from '@voiceagent/backend/crm/contacts/contacts-repository';
import { startEmbeddedPostgres } from '@voiceagent/backend/db/embedded-postgres';
import { migrate } from '@voiceagent/backend/db/migrator';
import { createPool } from '@voiceagent/backend/db/pool';
import { withUser } from '@voiceagent/backend/db/transactions';
import { seedContacts } from './seed-contacts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;

const RUNS = 25;

/**
 * A client whose queries are explained instead of run, RUNS times each: the plans of the last run
 * are collected in `plans`, with the fastest and the median execution time of all (a loaded
 * machine makes any one run's time noise).
 */
function explaining(db: PoolClient, plans: string[]): PoolClient {
  const query = async (config: { text: string; values?: unknown[] }) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { rows } = await db.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(`explain (analyze, buffers, format json) ${config.text}`, config.values);
      times.push(rows[0]!['QUERY PLAN'][0]!['Execution Time']);
    }
    times.sort((a, b) => a - b);
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${config.text}`, config.values);
    plans.push(`execution time over ${RUNS} runs: fastest ${times[0]!.toFixed(2)} ms, median ${times[RUNS >> 1]!.toFixed(2)} ms\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`);
    return { rows: [] };
  };
  return { query } as unknown as PoolClient;
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-explain-page-'));
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
const pool = createPool(process.env.DATABASE_URL ?? embedded!.connectionString, { max: 2, applicationName: 'bench-explain-page' });
try {
  await migrate(pool);
  const { rows } = await pool.query<{ id: string }>(`insert into auth.users (aud, role, email) values ('authenticated', 'authenticated', 'explain@example.test') returning id`);
  const userId = rows[0]!.id;
  await seedContacts(pool, { bigUserId: userId, bigUserContacts: 200_000 / SCALE, otherUsers: 999, otherContacts: 800_000 / SCALE });
  const claims = { sub: userId, role: 'authenticated' as const, aud: 'authenticated' };
  const page = (search: ContactPage['filters']['search']): ContactPage => ({
    filters: { kind: 'list', userId, includeDeleted: false, platforms: null, search, tree: null },
    sort: 'name',
    after: null,
    limit: 50,
    withDuplicates: true,
  });
  console.log(`contacts page statements on ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}: the user holds ${(200_000 / SCALE).toLocaleString('en')} contacts`);
  const statements: Array<[string, (db: PoolClient) => Promise<unknown>]> = [
    ['list, limit=50, unified', (db) => listContactRowsCounted(db, page(null))],
    ['search "garcia", limit=50, unified', (db) => searchContactRows(db, page({ text: 'garcia', digits: null }), 10_000)],
  ];
  for (const [label, read] of statements) {
    const plans: string[] = [];
    await withUser(pool, claims, (db) => read(explaining(db, plans)));
    console.log(`\n${label}:\n${plans.join('\n\n')}`);
  }
} finally {
  await pool.end();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

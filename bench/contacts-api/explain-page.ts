// EXPLAIN (ANALYZE, BUFFERS) of the statement a contacts page sends (issue 20: the duplicate-key
// probes), on contacts-api/run.ts's data (BENCH_SCALE=10 for a tenth), as the user under RLS:
// the first page of the unified list (duplicate groups on), and of a search, each as a prepared
// statement with the plan it settles on. Hot cache (the last of 25 runs, with the fastest and
// median time of all). Printed, never asserted.
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

/** A parameter as an SQL literal, for EXECUTE (the statements here take uuids, texts and integers). */
function toLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

let statementCount = 0;

/**
 * A client whose queries are explained instead of run, as the service runs them: a prepared
 * statement (runPrepared) executed often enough that Postgres settles on its plan for the
 * connection (the generic one, when it is no worse than the custom plans of the first five
 * executions), then explained RUNS times: the plan of the last run is collected in `plans`, with
 * the fastest and the median execution time of all (a loaded machine makes any one run's time noise).
 */
function explaining(db: PoolClient, plans: string[]): PoolClient {
  const query = async (config: { text: string; values?: unknown[] }) => {
    const name = `explained_${++statementCount}`;
    const execute = `execute ${name}(${(config.values ?? []).map(toLiteral).join(', ')})`;
    await db.query(`prepare ${name} as ${config.text}`);
    for (let i = 0; i < 6; i++) await db.query(execute);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { rows } = await db.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(`explain (analyze, buffers, format json) ${execute}`);
      times.push(rows[0]!['QUERY PLAN'][0]!['Execution Time']);
    }
    times.sort((a, b) => a - b);
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${execute}`);
    const { rows: kinds } = await db.query<{ generic_plans: string; custom_plans: string }>('select generic_plans, custom_plans from pg_prepared_statements where name = $1', [name]);
    plans.push(
      `execution time over ${RUNS} runs: fastest ${times[0]!.toFixed(2)} ms, median ${times[RUNS >> 1]!.toFixed(2)} ms ` +
        `(plans: ${kinds[0]?.generic_plans} generic, ${kinds[0]?.custom_plans} custom)\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`,
    );
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

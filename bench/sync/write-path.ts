// The sync's write path alone (issue 20, item 5): 100,000 contacts handed to the real sync runner
// by an in-memory provider, in pages of 200 as Zoho serves them — mapping, phone parsing, the
// page upsert, the seen-set, progress and one transaction per page — beside COPY of the same
// mapped rows into the same table (its indexes and triggers included): the floor any write path
// has; and COPY into the table without them, to show what they cost. No HTTP and no provider: what is left is ours. Printed, never asserted.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createLogger } from '@voiceagent/backend/runtime/logger';
import { from as copyFrom } from 'pg-copy-streams';
import { mapContacts } from '@voiceagent/backend/crm/sync/map-contact';
import { withNumberTimeZones } from '@voiceagent/backend/crm/sync/number-time-zone';
import { toJsonParameter } from '@voiceagent/backend/db/json-parameter';
import { createSyncRunner } from '@voiceagent/backend/crm/sync/sync-runner';
import { startEmbeddedPostgres } from '@voiceagent/backend/db/embedded-postgres';
import { migrate } from '@voiceagent/backend/db/migrator';
import { createPool } from '@voiceagent/backend/db/pool';
import { generateRecords, inMemoryProvider, toPages } from './in-memory-provider';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
const CONTACTS = 100_000 / SCALE;
const PAGE = 200;
const REGIONS = [null, 'US'];

const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-write-path-'));
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
const pool = createPool(process.env.DATABASE_URL ?? embedded!.connectionString, { max: 4, applicationName: 'bench-write-path' });
try {
  await migrate(pool);
  const pages = toPages(generateRecords(CONTACTS), PAGE);
  const newUser = async () => {
    const { rows } = await pool.query<{ id: string }>(
      `insert into auth.users (aud, role, email) values ('authenticated', 'authenticated', $1) returning id`,
      [`bench-${randomUUID()}@example.test`],
    );
    await pool.query(`insert into user_crm_credentials (user_id, platform) values ($1, 'zoho')`, [rows[0]!.id]);
    return rows[0]!.id;
  };

  console.log(`sync write path on ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}: ${CONTACTS.toLocaleString('en')} contacts in pages of ${PAGE}`);

  // 1. Mapping and phone parsing alone (no database).
  let started = performance.now();
  const mappedPages = pages.map((page) => mapContacts(page.contacts, REGIONS).rows);
  const mapMs = performance.now() - started;
  // 1b. What upsertContactPage does in node before its statement: each number's time zone, and the page as one JSON parameter.
  started = performance.now();
  for (const rows of mappedPages) toJsonParameter(withNumberTimeZones(rows));
  const shapeMs = performance.now() - started;

  // 2. The runner: what a full sync does after each page arrives.
  const { registry, session } = inMemoryProvider(pages);
  const runner = createSyncRunner({ pool, registry, credentials: { getSession: async () => session }, logger: createLogger({ level: 'silent' }), defaultPhoneRegion: 'US' });
  const runnerUser = await newUser();
  const { rows: run } = await pool.query<{ id: string }>(`insert into sync_runs (user_id, platform, kind) values ($1, 'zoho', 'full') returning id`, [runnerUser]);
  started = performance.now();
  const outcome = await runner.runSlice(run[0]!.id, { deadline: Number.MAX_SAFE_INTEGER });
  const runnerMs = performance.now() - started;
  const { rows: runRow } = await pool.query<{ status: string; created: number }>('select status, created from sync_runs where id = $1', [run[0]!.id]);
  if (outcome !== 'finished' || runRow[0]?.status !== 'succeeded' || runRow[0].created !== CONTACTS) throw new Error(`the run ended ${outcome}/${runRow[0]?.status} with ${runRow[0]?.created} created`);

  // 3. The floor: COPY of the same mapped rows (mapping done beforehand) into the same table.
  const copyUser = await newUser();
  const columns = ['user_id', 'platform', 'external_id', 'first_name', 'last_name', 'email', 'phone', 'phone_e164', 'mobile_phone', 'mobile_phone_e164', 'company', 'job_title', 'lifecycle_stage', 'lead_status', 'owner_id', 'raw_properties', 'crm_created_at', 'crm_updated_at'] as const;
  const mapped = pages.flatMap((page) => mapContacts(page.contacts, REGIONS).rows);
  const escape = (value: unknown) => (value === null || value === undefined ? '\\N' : String(typeof value === 'object' ? JSON.stringify(value) : value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));
  const lines = mapped.map((row) => [copyUser, 'zoho', ...columns.slice(2).map((column) => (row as Record<string, unknown>)[column])].map(escape).join('\t') + '\n');
  const copyInto = async (table: string) => {
    const client = await pool.connect();
    try {
      const at = performance.now();
      await pipeline(Readable.from(lines), client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
      return performance.now() - at;
    } finally {
      client.release();
    }
  };
  const copyMs = await copyInto('public.crm_contacts');
  // 4. Where the floor's time goes: the same COPY into a bare copy of the table (its columns,
  // defaults and generated search text, none of its indexes, constraints or triggers).
  await pool.query('create table public.bench_contacts_bare (like public.crm_contacts including defaults including generated)');
  const bareMs = await copyInto('public.bench_contacts_bare');
  // 5. Each index of crm_contacts alone on the bare table: which of them the floor pays for.
  const { rows: indexes } = await pool.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'crm_contacts' order by indexname`,
  );
  const perIndex: Array<{ name: string; ms: number }> = [];
  // BENCH_WRITE_PATH_INDEXES=off skips this part (a COPY per index) for a quick before/after.
  for (const index of process.env.BENCH_WRITE_PATH_INDEXES === 'off' ? [] : indexes) {
    await pool.query('truncate public.bench_contacts_bare');
    const definition = index.indexdef.replace(/ INDEX \S+ ON public\.crm_contacts /, ' INDEX bench_index ON public.bench_contacts_bare ');
    await pool.query(definition);
    perIndex.push({ name: index.indexname, ms: (await copyInto('public.bench_contacts_bare')) - bareMs });
    await pool.query('drop index public.bench_index');
  }

  const rate = (ms: number) => Math.round(CONTACTS / (ms / 1000)).toLocaleString('en').padStart(8);
  console.log(`  mapping + phone parsing   ${(mapMs / 1000).toFixed(2).padStart(6)} s  ${rate(mapMs)} contacts/s`);
  console.log(`  time zones + JSON parameter ${(shapeMs / 1000).toFixed(2).padStart(4)} s  ${rate(shapeMs)} contacts/s   (in the runner, inside the upsert)`);
  console.log(`  sync runner (write path)  ${(runnerMs / 1000).toFixed(2).padStart(6)} s  ${rate(runnerMs)} contacts/s`);
  console.log(`  COPY of the mapped rows   ${(copyMs / 1000).toFixed(2).padStart(6)} s  ${rate(copyMs)} contacts/s   (floor)`);
  console.log(`  COPY, table without indexes/triggers ${(bareMs / 1000).toFixed(2).padStart(6)} s  ${rate(bareMs)} contacts/s   (what the indexes and triggers cost: ${((copyMs - bareMs) / copyMs * 100).toFixed(0)} % of the floor)`);
  console.log('  what each index adds to a bare COPY (alone; the sum need not equal the whole):');
  for (const { name, ms } of perIndex.sort((a, b) => b.ms - a.ms)) console.log(`    ${name.padEnd(48)} ${(ms / 1000).toFixed(2).padStart(6)} s`);
  console.log(`  write path ÷ COPY time: ${(runnerMs / copyMs).toFixed(2)}; aim ≥ 20,000 contacts/s for the write path`);
} finally {
  await pool.end();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

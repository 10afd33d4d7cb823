// Issue 17: what the live-event triggers (migration 0205) cost a sync's write path. The real sync
// runner writes the same contacts, from an in-memory provider (no HTTP), into fresh users with the
// announcing triggers on and off (ALTER TABLE … DISABLE TRIGGER), alternating, twice each; the
// better of each pair is quoted. Then the same with every page changing contacts already held
// (an incremental sync's updates). Printed, never asserted.
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
import { generateRecords, inMemoryProvider, toPages } from './in-memory-provider';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
const CONTACTS = 50_000 / SCALE;
const PAGE = 200;
const TRIGGERS: Array<[table: string, trigger: string]> = [
  ['crm_contacts', 'crm_contacts_announce_inserts'],
  ['crm_contacts', 'crm_contacts_announce_updates'],
  ['crm_contacts', 'crm_contacts_announce_deletes'],
  ['sync_runs', 'sync_runs_announce'],
];

const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-live-events-'));
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
const pool = createPool(process.env.DATABASE_URL ?? embedded!.connectionString, { max: 4, applicationName: 'bench-live-events' });
try {
  await migrate(pool);
  const records = generateRecords(CONTACTS);
  const pages = toPages(records, PAGE);
  // The same people with a changed job title: every row of every page is an update.
  const changedPages = toPages(records.map((record) => ({ ...record, jobTitle: `${record.jobTitle ?? ''} (changed)` })), PAGE);
  const setTriggers = async (isOn: boolean) => {
    for (const [table, trigger] of TRIGGERS) await pool.query(`alter table public.${table} ${isOn ? 'enable' : 'disable'} trigger ${trigger}`);
  };
  const newUser = async () => {
    const { rows } = await pool.query<{ id: string }>(
      `insert into auth.users (aud, role, email) values ('authenticated', 'authenticated', $1) returning id`,
      [`bench-${randomUUID()}@example.test`],
    );
    await pool.query(`insert into user_crm_credentials (user_id, platform) values ($1, 'zoho')`, [rows[0]!.id]);
    return rows[0]!.id;
  };
  const runOnce = async (userId: string, source: typeof pages, kind: 'full' | 'incremental') => {
    const { registry, session } = inMemoryProvider(source);
    const runner = createSyncRunner({ pool, registry, credentials: { getSession: async () => session }, logger: createLogger({ level: 'silent' }), defaultPhoneRegion: 'US' });
    const { rows } = await pool.query<{ id: string }>(`insert into sync_runs (user_id, platform, kind, since) values ($1, 'zoho', $2, $3) returning id`, [userId, kind, kind === 'incremental' ? new Date(0) : null]);
    const started = performance.now();
    const outcome = await runner.runSlice(rows[0]!.id, { deadline: Number.MAX_SAFE_INTEGER });
    const ms = performance.now() - started;
    if (outcome !== 'finished') throw new Error(`the run ended ${outcome}`);
    return ms;
  };

  console.log(`live-event triggers on the sync write path, ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}: ${CONTACTS.toLocaleString('en')} contacts in pages of ${PAGE}`);
  const best = { on: { full: Infinity, update: Infinity }, off: { full: Infinity, update: Infinity } };
  for (const round of [1, 2]) {
    for (const variant of round === 1 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      await setTriggers(variant === 'on');
      const userId = await newUser();
      best[variant].full = Math.min(best[variant].full, await runOnce(userId, pages, 'full'));
      best[variant].update = Math.min(best[variant].update, await runOnce(userId, changedPages, 'incremental'));
    }
  }
  await setTriggers(true);
  const { rows: events } = await pool.query<{ n: number }>(`select count(*)::int as n from live_events`);
  const rate = (ms: number) => Math.round(CONTACTS / (ms / 1000)).toLocaleString('en').padStart(8);
  for (const phase of ['full', 'update'] as const) {
    const { on, off } = { on: best.on[phase], off: best.off[phase] };
    console.log(`  ${phase === 'full' ? 'full sync (inserts)   ' : 'every contact changed '}  triggers off ${(off / 1000).toFixed(2).padStart(6)} s ${rate(off)}/s   on ${(on / 1000).toFixed(2).padStart(6)} s ${rate(on)}/s   on ÷ off ${(on / off).toFixed(2)}`);
  }
  console.log(`  live events written by the runs with triggers on: ${events[0]!.n.toLocaleString('en')} (pages × 2 runs × 2 rounds, plus run progress)`);
} finally {
  await pool.end();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

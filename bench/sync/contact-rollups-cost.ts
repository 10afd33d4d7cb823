// Issue 19: what the contact analytics rollups' triggers (migrations 0238, 0241) cost the sync's write path
// (aim: at most 10% of its throughput). The real sync runner writes the same contacts, from an
// in-memory provider (no HTTP), into fresh users with the rollup triggers on and off (ALTER TABLE
// … DISABLE TRIGGER), alternating, BENCH_ROUNDS times each: a full sync (every row an insert), an
// incremental one where every contact's lifecycle stage changed (every row moves the rollups), and
// one where every job title changed (updates the rollups ignore). Best and median of each quoted,
// and the median of each round's on against its off; then the triggers' own time per statement
// (rollup-trigger-time.ts), the steadier figure, as a share of a sync page's time.
// Printed, never asserted.
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
import { measureRollupTriggerTime } from './rollup-trigger-time';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3) || 3;
const CONTACTS = 50_000 / SCALE;
const PAGE = 200;
const TRIGGERS = ['crm_contacts_roll_up_inserts', 'crm_contacts_roll_up_updates', 'crm_contacts_roll_up_deletes'];
const PHASES = ['inserts', 'stage changed', 'title changed'] as const;
type Phase = (typeof PHASES)[number];

const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-contact-rollups-'));
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
const pool = createPool(process.env.DATABASE_URL ?? embedded!.connectionString, { max: 4, applicationName: 'bench-contact-rollups' });
try {
  await migrate(pool);
  const records = generateRecords(CONTACTS);
  const changedStages = records.map((record, i) => ({ ...record, lifecycleStage: ['customer', 'opportunity', 'subscriber'][i % 3]! }));
  const sources: Record<Phase, ReturnType<typeof toPages>> = {
    inserts: toPages(records, PAGE),
    'stage changed': toPages(changedStages, PAGE),
    // The stages as the run before left them: only the title differs.
    'title changed': toPages(changedStages.map((record) => ({ ...record, jobTitle: `${record.jobTitle ?? ''} (changed)` })), PAGE),
  };
  const setTriggers = async (isOn: boolean) => {
    await pool.query(`alter table public.crm_contacts ${TRIGGERS.map((name) => `${isOn ? 'enable' : 'disable'} trigger ${name}`).join(', ')}`);
  };
  const newUser = async () => {
    const { rows } = await pool.query<{ id: string }>(
      `insert into auth.users (aud, role, email) values ('authenticated', 'authenticated', $1) returning id`,
      [`bench-${randomUUID()}@example.test`],
    );
    await pool.query(`insert into user_crm_credentials (user_id, platform) values ($1, 'zoho')`, [rows[0]!.id]);
    return rows[0]!.id;
  };
  const runOnce = async (userId: string, phase: Phase) => {
    const { registry, session } = inMemoryProvider(sources[phase]);
    const runner = createSyncRunner({ pool, registry, credentials: { getSession: async () => session }, logger: createLogger({ level: 'silent' }), defaultPhoneRegion: 'US' });
    const kind = phase === 'inserts' ? 'full' : 'incremental';
    const { rows } = await pool.query<{ id: string }>(`insert into sync_runs (user_id, platform, kind, since) values ($1, 'zoho', $2, $3) returning id`, [userId, kind, kind === 'incremental' ? new Date(0) : null]);
    const started = performance.now();
    const outcome = await runner.runSlice(rows[0]!.id, { deadline: Number.MAX_SAFE_INTEGER });
    const ms = performance.now() - started;
    if (outcome !== 'finished') throw new Error(`the run ended ${outcome}`);
    return ms;
  };

  console.log(
    `contact rollup triggers (0238, 0241) on the sync write path, ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}: ` +
      `${CONTACTS.toLocaleString('en')} contacts in pages of ${PAGE}, ${ROUNDS} rounds each way`,
  );
  const times: Record<'on' | 'off', Record<Phase, number[]>> = {
    on: { inserts: [], 'stage changed': [], 'title changed': [] },
    off: { inserts: [], 'stage changed': [], 'title changed': [] },
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate which goes first, so that the machine's drift falls on both.
    for (const variant of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      await setTriggers(variant === 'on');
      // Autovacuum of the rows the last runs left, starting inside one variant's run or the
      // other's at random, was the larger part of the spread between rounds: done here, untimed.
      await pool.query('vacuum (analyze) public.crm_contacts');
      const userId = await newUser();
      for (const phase of PHASES) times[variant][phase].push(await runOnce(userId, phase));
    }
  }
  await setTriggers(true);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rate = (ms: number) => Math.round(CONTACTS / (ms / 1000)).toLocaleString('en').padStart(7);
  for (const phase of PHASES) {
    const [off, on] = [times.off[phase], times.on[phase]];
    const percent = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
    const cost = (pick: (values: number[]) => number) => percent(1 - pick(off) / pick(on));
    // Each round's on and off ran back to back: their ratio leaves out the drift between rounds
    // (autovacuum, the table growing), which the medians of each side apart keep.
    const paired = median(on.map((ms, round) => 1 - off[round]! / ms));
    console.log(
      `  ${phase.padEnd(14)} off: best ${rate(Math.min(...off))}/s median ${rate(median(off))}/s | on: best ${rate(Math.min(...on))}/s median ${rate(median(on))}/s | ` +
        `throughput lost: best ${cost((values) => Math.min(...values))}, median ${cost(median)}, median of rounds paired ${percent(paired)}`,
    );
  }
  // The triggers' own time, set against a sync page's time with them off (its median rate).
  for (const { statement, triggerMs, statementMs } of await measureRollupTriggerTime(pool, await newUser(), PAGE)) {
    const pageMs = PAGE / (CONTACTS / median(times.off[statement]));
    console.log(
      `  trigger time (EXPLAIN ANALYZE, median of 40), ${statement.padEnd(13)}: ${triggerMs.toFixed(2)} ms a statement of ${PAGE} (the statement ${statementMs.toFixed(1)} ms); ` +
        `${((triggerMs / pageMs) * 100).toFixed(1)}% of a sync page's ${pageMs.toFixed(0)} ms without them`,
    );
  }
  console.log(`  aim (issue 19): at most 10% of the sync's throughput | load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await pool.end();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

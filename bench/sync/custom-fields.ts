// Issue 15: what 20 mapped custom fields cost a sync's write path. The real sync runner writes
// the same contacts twice over, as a full sync does, from an in-memory provider (no HTTP): once as
// today (no mapping), once with 20 custom fields of every type mapped, their values typed into
// `custom_fields` (and its GIN index). Each variant runs twice, alternating, into a fresh user;
// the better of each pair is quoted, and the mapped run once more without the GIN index. Aim: within 20% of today's throughput. Printed, never asserted.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TCrmFieldType } from '@voiceagent/shared';
import { createLogger } from '@voiceagent/backend/runtime/logger';
import { createSyncRunner } from '@voiceagent/backend/crm/sync/sync-runner';
import { startEmbeddedPostgres } from '@voiceagent/backend/db/embedded-postgres';
import { migrate } from '@voiceagent/backend/db/migrator';
import { createPool } from '@voiceagent/backend/db/pool';
import { generateRecords, inMemoryProvider, toPages } from './in-memory-provider';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
const CONTACTS = 50_000 / SCALE;
const PAGE = 200;
const OPTIONS = ['starter', 'pro', 'enterprise'];

// 20 fields, four of each kind of value, as HubSpot sends them (strings: the costlier reading).
const FIELDS: Array<{ name: string; type: TCrmFieldType; value: (i: number) => string }> = [];
for (let n = 0; n < 4; n += 1) {
  FIELDS.push(
    { name: `text_${n}`, type: 'string', value: (i) => `Note ${n} for contact ${i}: renewal talk pending` },
    { name: `number_${n}`, type: 'number', value: (i) => String((i * (n + 3)) % 997) },
    { name: `date_${n}`, type: 'date', value: (i) => `2027-0${(i % 9) + 1}-1${n}` },
    { name: `plan_${n}`, type: 'enumeration', value: (i) => OPTIONS[(i + n) % 3]! },
    n % 2 === 0
      ? { name: `flag_${n}`, type: 'boolean', value: (i) => (i % 3 === 0 ? 'true' : 'false') }
      : { name: `tags_${n}`, type: 'multi_select', value: (i) => ['golf', 'tennis', 'chess'].slice(0, (i % 3) + 1).join(';') },
  );
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-bench-custom-fields-'));
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
const pool = createPool(process.env.DATABASE_URL ?? embedded!.connectionString, { max: 4, applicationName: 'bench-custom-fields' });
try {
  await migrate(pool);
  const plain = toPages(generateRecords(CONTACTS), PAGE);
  const withFields = toPages(generateRecords(CONTACTS, (i) => Object.fromEntries(FIELDS.map((field) => [field.name, field.value(i)]))), PAGE);

  const newUser = async (mapped: boolean) => {
    const { rows } = await pool.query<{ id: string }>(
      `insert into auth.users (aud, role, email) values ('authenticated', 'authenticated', $1) returning id`,
      [`bench-${randomUUID()}@example.test`],
    );
    const userId = rows[0]!.id;
    await pool.query(`insert into user_crm_credentials (user_id, platform) values ($1, 'zoho')`, [userId]);
    if (mapped) {
      const mappings = FIELDS.map((field) => ({
        field_name: field.name,
        target_key: field.name,
        field_type: field.type,
        options: field.type === 'enumeration' ? OPTIONS.map((value) => ({ value, label: value })) : [],
      }));
      await pool.query(
        `insert into crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type, options)
         select $1, 'zoho', 'contact', m.field_name, 'custom', m.target_key, m.field_name, m.field_type, m.options
         from jsonb_to_recordset($2::jsonb) as m(field_name text, target_key text, field_type text, options jsonb)`,
        [userId, JSON.stringify(mappings)],
      );
    }
    return userId;
  };

  const runOnce = async (mapped: boolean): Promise<number> => {
    const { registry, session } = inMemoryProvider(mapped ? withFields : plain);
    const runner = createSyncRunner({ pool, registry, credentials: { getSession: async () => session }, logger: createLogger({ level: 'silent' }), defaultPhoneRegion: 'US' });
    const userId = await newUser(mapped);
    const { rows: run } = await pool.query<{ id: string }>(`insert into sync_runs (user_id, platform, kind) values ($1, 'zoho', 'full') returning id`, [userId]);
    const started = performance.now();
    const outcome = await runner.runSlice(run[0]!.id, { deadline: Number.MAX_SAFE_INTEGER });
    const ms = performance.now() - started;
    const { rows } = await pool.query<{ status: string; created: number; typed: number }>(
      `select r.status, r.created, (select count(*)::int from crm_contacts c where c.user_id = r.user_id and c.custom_fields <> '{}') as typed
       from sync_runs r where r.id = $1`,
      [run[0]!.id],
    );
    const result = rows[0];
    if (outcome !== 'finished' || result?.status !== 'succeeded' || result.created !== CONTACTS) throw new Error(`the run ended ${outcome}/${result?.status} with ${result?.created} created`);
    if (result.typed !== (mapped ? CONTACTS : 0)) throw new Error(`${result.typed} contacts carry custom fields; expected ${mapped ? CONTACTS : 0}`);
    return ms;
  };

  console.log(`custom fields on the sync write path, ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}: ${CONTACTS.toLocaleString('en')} contacts in pages of ${PAGE}, ${FIELDS.length} mapped fields`);
  const today: number[] = [];
  const mapped: number[] = [];
  for (let round = 0; round < 2; round += 1) {
    today.push(await runOnce(false));
    mapped.push(await runOnce(true));
  }
  // What the GIN index on custom_fields (filters) costs of that: the mapped run once more without it.
  const { rows: gin } = await pool.query<{ indexdef: string }>(`select indexdef from pg_indexes where indexname = 'crm_contacts_custom_fields_idx'`);
  await pool.query('drop index public.crm_contacts_custom_fields_idx');
  const withoutGin = await runOnce(true);
  await pool.query(gin[0]!.indexdef);
  const best = (values: number[]) => Math.min(...values);
  const rate = (ms: number) => Math.round(CONTACTS / (ms / 1000)).toLocaleString('en').padStart(8);
  console.log(`  today (no mapped fields)   ${(best(today) / 1000).toFixed(2).padStart(6)} s  ${rate(best(today))} contacts/s   (runs: ${today.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s)`);
  console.log(`  20 mapped custom fields    ${(best(mapped) / 1000).toFixed(2).padStart(6)} s  ${rate(best(mapped))} contacts/s   (runs: ${mapped.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s)`);
  console.log(`  20 fields, no GIN index     ${(withoutGin / 1000).toFixed(2).padStart(6)} s  ${rate(withoutGin)} contacts/s   (the index's share: ${(((best(mapped) - withoutGin) / best(mapped)) * 100).toFixed(0)} % of the mapped run)`);
  const slower = (best(mapped) / best(today) - 1) * 100;
  console.log(`  throughput with 20 fields ÷ today: ${(best(today) / best(mapped)).toFixed(2)} (${slower.toFixed(0)} % more time); aim: within 20 %`);
} finally {
  await pool.end();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

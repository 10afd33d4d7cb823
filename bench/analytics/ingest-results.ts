import { performance } from 'node:perf_hooks';
import type { RunningProduct } from '@voiceagent/backend/start';

type Pool = RunningProduct['pool'];

const RESULTS_PER_POST = 500;
/** The call ids this section posts start so: its results are found by it, to be deleted at the end. */
const CALL_ID_PREFIX = 'bench-ingest-';
const STATUSES = ['completed', 'voicemail', 'no_answer', 'busy', 'failed'] as const;
/** The triggers migration 0237 adds; "without" disables them, the rest of the schema as it is. */
const ROLLUP_TRIGGERS = ['campaign_call_results_note_contact', 'campaign_call_results_roll_up_inserts', 'campaign_call_results_roll_up_updates', 'campaign_call_results_roll_up_deletes'];
/** The contact facts the results insert joins for the rollups (0239); "without" makes them a lookup of nothing. */
const FACTS_FUNCTION = 'private.call_result_contact_facts(uuid, uuid, timestamptz)';
const NO_FACTS = `create or replace function ${FACTS_FUNCTION.replace('(uuid, uuid, timestamptz)', '(p_user_id uuid, p_crm_contact_id uuid, p_started_at timestamptz)')}
  returns table (lifecycle_stage text, local_weekday smallint, local_hour smallint) language sql stable
  as $$ select null::text, null::smallint, null::smallint where false $$`;

export type IngestionFigures = { withRollups: number[]; withoutRollups: number[] };

/**
 * Turns the rollups' upkeep on or off on the bench's own database: their triggers and the insert's
 * facts lookup. Turning it on counts the results of `uncounted` (call ids posted while it was off)
 * in the rollups as they stand now, in the transaction whose ALTER TABLE locks the results out of
 * every other writer: a write-back job that updated one of them meanwhile was not counted either.
 * Without this, those results' later updates took counts the rollups never had (the bench's
 * database ended with a negative number of pending write-backs).
 */
async function rollupUpkeep(pool: Pool, userId: string): Promise<(enabled: boolean, uncounted?: string[]) => Promise<void>> {
  const { rows: [facts] } = await pool.query<{ definition: string }>(`select pg_get_functiondef($1::regprocedure) as definition`, [FACTS_FUNCTION]);
  return async (enabled, uncounted = []) => {
    const verb = enabled ? 'enable' : 'disable';
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`alter table public.campaign_call_results ${ROLLUP_TRIGGERS.map((name) => `${verb} trigger ${name}`).join(', ')}`);
      await client.query(enabled ? facts!.definition : NO_FACTS);
      if (enabled && uncounted.length > 0) {
        await client.query(
          `select private.apply_call_result_rollup_rows(null, (select array_agg(private.to_call_result_rollup_row(r)) from public.campaign_call_results r where r.user_id = $1 and r.call_id = any($2::text[])))`,
          [userId, uncounted],
        );
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  };
}

/**
 * Results ingestion as the calling service drives it: POST /campaigns/:id/results, 500 calls of
 * the last hour a request, one client, for `seconds` a round; rounds alternate without and with the rollups'
 * upkeep (so the machine's drift falls on both). Results per second of each round. At the end the
 * results posted are deleted again, the rollups following, so that the measured user holds the
 * million results the sections are measured at, however often the bench runs on one database.
 */
export async function measureIngestion(product: RunningProduct, user: { id: string; token: string }, seconds: number, rounds: number): Promise<IngestionFigures> {
  const { rows: [campaign] } = await product.pool.query<{ id: string }>(`select id from public.campaigns where user_id = $1 order by created_at limit 1`, [user.id]);
  const { rows: members } = await product.pool.query<{ id: string }>(
    `select id from public.campaign_contacts where campaign_id = $1 and user_id = $2 limit $3`,
    [campaign!.id, user.id, RESULTS_PER_POST],
  );
  const setRollupUpkeep = await rollupUpkeep(product.pool, user.id);
  const figures: IngestionFigures = { withRollups: [], withoutRollups: [] };
  let sequence = 0;
  let uncounted: string[] = [];
  const post = async (counted: boolean): Promise<number> => {
    const results = members.map((member, i) => {
      sequence += 1;
      return {
        campaignContactId: member.id,
        callId: `${CALL_ID_PREFIX}${Date.now()}-${sequence}`,
        status: STATUSES[sequence % STATUSES.length],
        // Calls of the last hour, as the calling service reports the calls it has just made.
        startedAt: new Date(Date.now() - 60_000 - ((sequence * 7919) % 3600) * 1000).toISOString(),
        durationSec: i % 5 === 0 ? 20 + (sequence % 300) : 0,
      };
    });
    if (!counted) uncounted.push(...results.map((result) => result.callId));
    const res = await fetch(`${product.url}/api/v1/campaigns/${campaign!.id}/results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ results }),
    });
    if (res.status !== 200) throw new Error(`POST results: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return results.length;
  };
  try {
    // Warm-up, not counted: the first requests plan their statements and fill the caches.
    for (let i = 0; i < 2; i += 1) await post(true);
    for (let round = 0; round < rounds * 2; round += 1) {
      const enabled = round % 2 === 1;
      await setRollupUpkeep(enabled, uncounted);
      if (enabled) uncounted = [];
      let posted = 0;
      const started = performance.now();
      while (performance.now() - started < seconds * 1000) posted += await post(enabled);
      (enabled ? figures.withRollups : figures.withoutRollups).push(posted / ((performance.now() - started) / 1000));
    }
  } finally {
    await setRollupUpkeep(true, uncounted);
    await product.pool.query(`delete from public.campaign_call_results where user_id = $1 and starts_with(call_id, $2)`, [user.id, CALL_ID_PREFIX]);
  }
  return figures;
}

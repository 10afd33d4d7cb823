import type { Pool } from 'pg';

/** Named as contact-rollups-cost.ts names its sync phases, so each is set against its own. */
export type TriggerTime = { statement: 'inserts' | 'stage changed' | 'title changed'; triggerMs: number; statementMs: number };

const SAMPLES = 40;

/**
 * The contact rollup triggers' own time per statement of `page` rows, as EXPLAIN ANALYZE reports
 * it (the triggers' line, apart from the statement's): a steadier figure than whole sync runs on
 * and off, whose spread (GIN pending-list flushes, autovacuum) is larger than the triggers' cost.
 * Inserts of new contacts, then updates of each one's stage (the rollups move), then of each one's
 * job title (they do not); the median of SAMPLES statements each. Statement shapes, not the sync
 * runner's own (EXPLAIN needs the SQL): the triggers see the same transition tables either way.
 */
export async function measureRollupTriggerTime(pool: Pool, userId: string, page: number): Promise<TriggerTime[]> {
  const prefix = `trigger-time-${Date.now()}-`;
  const insert = (from: number) =>
    `insert into public.crm_contacts (user_id, platform, external_id, email, phone, phone_e164, lifecycle_stage, lead_status, crm_created_at, created_at, synced_at, raw_properties)
     select '${userId}', case when n % 5 < 3 then 'hubspot' else 'zoho' end, '${prefix}' || n, 'p' || n || '@example.test', '+1' || (2002000000 + n), '+1' || (2002000000 + n),
            'lead', 'NEW', now() - n * interval '1 minute', now(), now(), jsonb_build_object('firstname', 'Name ' || n, 'notes', repeat('x', 300))
     from generate_series(${from}, ${from + page - 1}) n`;
  const update = (from: number, set: string) =>
    `update public.crm_contacts set ${set}, updated_at = now()
     where user_id = '${userId}' and platform = any(array['hubspot', 'zoho'])
       and external_id = any(array(select '${prefix}' || g from generate_series(${from}, ${from + page - 1}) g))`;
  const shapes: Array<[TriggerTime['statement'], (sample: number) => string]> = [
    ['inserts', (sample) => insert(sample * page)],
    ['stage changed', (sample) => update(sample * page, `lifecycle_stage = 'customer'`)],
    ['title changed', (sample) => update(sample * page, `job_title = 'Title ${sample}'`)],
  ];
  const results: TriggerTime[] = [];
  for (const [statement, sql] of shapes) {
    const trigger: number[] = [];
    const total: number[] = [];
    for (let sample = 0; sample < SAMPLES; sample += 1) {
      const { rows } = await pool.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number; Triggers?: Array<{ 'Trigger Name': string; Time: number }> }> }>(
        `explain (analyze, format json) ${sql(sample)}`,
      );
      const plan = rows[0]!['QUERY PLAN'][0]!;
      trigger.push((plan.Triggers ?? []).filter((t) => t['Trigger Name'].startsWith('crm_contacts_roll_up')).reduce((sum, t) => sum + t.Time, 0));
      total.push(plan['Execution Time']);
    }
    results.push({ statement, triggerMs: median(trigger), statementMs: median(total) });
  }
  return results;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

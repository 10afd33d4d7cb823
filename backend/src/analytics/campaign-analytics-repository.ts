import type { PoolClient } from 'pg';
import { createSqlParams, type SqlParams } from '../db/sql-params';
import type { BucketRow } from './analytics-charts';
import { bucketSql, contactFilterSql, rangeSql, type AnalyticsWindow } from './analytics-window';

/**
 * The calls of the window (by their start); the platform filter is the call's CRM, the segment the
 * contact's. `withContact` joins each call's campaign contact `cc` and, where it is still synced,
 * the contact `c`, for the queries that read the contact's columns; the others leave both out (a
 * result always has its campaign contact, by its foreign key), so they read the results alone and
 * test a segment with one probe per call.
 */
function callsFrom(window: AnalyticsWindow, params: SqlParams, withContact = false): string {
  const user = params.add(window.userId);
  const conditions = [`r.user_id = ${user}`, rangeSql(window, 'r.started_at', params)];
  if (window.platform) conditions.push(`r.platform = ${params.add(window.platform)}`);
  if (!withContact) {
    if (window.segment) {
      conditions.push(`exists (select 1 from public.campaign_contacts cc join public.crm_contacts c on c.id = cc.crm_contact_id and c.user_id = cc.user_id
                               where cc.id = r.campaign_contact_id and cc.user_id = r.user_id and ${contactFilterSql({ ...window, platform: null }, params)})`);
    }
    return `public.campaign_call_results r where ${conditions.join(' and ')}`;
  }
  if (window.segment) conditions.push(contactFilterSql({ ...window, platform: null }, params));
  // The join names every column of the results' foreign key to their campaign contact, so that
  // Postgres knows each call has one (with the id alone it expected a tenth of the rows, and
  // probed the contacts' key once per call instead of hashing them).
  return `public.campaign_call_results r
     join public.campaign_contacts cc on cc.id = r.campaign_contact_id and cc.campaign_id = r.campaign_id and cc.user_id = r.user_id
     left join public.crm_contacts c on c.id = cc.crm_contact_id and c.user_id = cc.user_id
     where ${conditions.join(' and ')}`;
}

/**
 * Lets this transaction's sorts and hashes hold a section's groups in memory: at the default
 * (4 MB) grouping a 90-day window's calls (75,000 at a tenth of the bench) spilled to disk.
 * Local to the transaction, so other requests keep the server's setting.
 */
export async function allowAggregationMemory(db: PoolClient): Promise<void> {
  await db.query(`select set_config('work_mem', '64MB', true)`);
}

export type HeatCellRow = { weekday: number; hour: number; calls: number; answered: number };
export type RateRow = { platform: string; value: string | null; calls: number; answered: number };
export type CampaignRow = {
  id: string;
  name: string;
  status: string;
  contacts: number;
  calls: number;
  answered: number;
  mean_answered_seconds: number | null;
  written_back: number;
};

export type CallFigures = {
  /** Calls per bucket, platform and status: key "hubspot:completed". */
  outcomes: BucketRow[];
  /** Mean duration (seconds) of answered calls per bucket and platform. */
  durations: BucketRow[];
  /** The campaigns with calls in the window, side by side, most calls first (at most 100). */
  campaigns: CampaignRow[];
};

/**
 * The figures that need the calls alone, in one pass over the window's calls (grouping sets: by
 * bucket, platform and status; by campaign) rather than one pass each.
 */
export async function countCalls(db: PoolClient, window: AnalyticsWindow): Promise<CallFigures> {
  const params = createSqlParams();
  const { rows } = await db.query<{ outcomes: BucketRow[] | null; durations: BucketRow[] | null; campaigns: CampaignRow[] | null }>(
    `with g as (
       select x.bucket, x.platform, x.status, x.campaign_id, grouping(x.campaign_id) as by_time,
              count(*)::int as calls, (count(*) filter (where x.status = 'completed'))::int as answered,
              round(avg(x.duration_sec) filter (where x.status = 'completed'), 3)::float8 as mean_answered_seconds,
              (count(*) filter (where x.writeback_status = 'succeeded'))::int as written_back
       from (
         select ${bucketSql(window, 'r.started_at', params)} as bucket, r.platform, r.status, r.campaign_id, r.duration_sec, r.writeback_status
         from ${callsFrom(window, params)}
       ) x
       group by grouping sets ((x.bucket, x.platform, x.status), (x.campaign_id))
     )
     select (select json_agg(json_build_object('bucket', g.bucket, 'key', g.platform || ':' || g.status, 'value', g.calls)) from g where g.by_time = 1) as outcomes,
            (select json_agg(json_build_object('bucket', g.bucket, 'key', g.platform, 'value', g.mean_answered_seconds)) from g where g.by_time = 1 and g.status = 'completed') as durations,
            (select json_agg(t order by t.calls desc, t.name, t.id) from (
               select k.id, k.name, k.status, k.contact_count as contacts, g.calls, g.answered, g.mean_answered_seconds, g.written_back
               from g join public.campaigns k on k.id = g.campaign_id
               where g.by_time = 0
               order by g.calls desc, k.name, k.id
               limit 100
             ) t) as campaigns`,
    params.values,
  );
  const row = rows[0]!;
  return { outcomes: row.outcomes ?? [], durations: row.durations ?? [], campaigns: row.campaigns ?? [] };
}

export type ContactFigures = {
  /** Calls and answered calls by the contact's local ISO weekday and hour (its number's zone, else the user's). */
  cells: HeatCellRow[];
  /** Calls and answered calls by the contact's lifecycle stage. */
  stages: RateRow[];
  /** By a custom field's value, when one is asked for. */
  field: RateRow[] | null;
};

/**
 * The figures by the call's contact, in one pass (grouping sets) rather than one each. The contact's
 * local weekday and hour and its lifecycle stage are those it had when the call was reported
 * (noted on the result, migration 0237, as the rollups count them); the contact row is joined only
 * for a custom field. Calls of contacts without a zone are counted per quarter hour and only those
 * groups converted to the user's zone: exact, since every zone's offset and every change of it
 * falls on a quarter hour.
 */
export async function countCallsByContact(db: PoolClient, window: AnalyticsWindow, customKey: string | null): Promise<ContactFigures> {
  const params = createSqlParams();
  const withField = customKey !== null;
  const rates = (column: 'stage' | 'field') => `(select json_agg(t order by t.platform, t.calls desc, t.value nulls last) from (
               select g.platform, g.${column} as value, g.calls, g.answered from g where g.by_${column} = 0
               order by 1, 3 desc, 2 nulls last limit 500
             ) t)`;
  const { rows } = await db.query<{ cells: HeatCellRow[] | null; stages: RateRow[] | null; field: RateRow[] | null }>(
    `with g as (
       select x.quarter, x.weekday, x.hour, x.platform, x.stage, grouping(x.quarter) as by_quarter, grouping(x.stage) as by_stage,
              ${withField ? 'x.field, grouping(x.field) as by_field,' : ''}
              count(*)::int as calls, (count(*) filter (where x.status = 'completed'))::int as answered
       from (
         select case when r.contact_local_weekday is null then date_bin(interval '15 minutes', r.started_at, timestamptz '2000-01-01 00:00:00+00') end as quarter,
                r.contact_local_weekday as weekday, r.contact_local_hour as hour,
                r.platform, r.contact_lifecycle_stage as stage, ${customKey !== null ? `c.custom_fields ->> ${params.add(customKey)}` : 'null::text'} as field, r.status
         from ${callsFrom(window, params, withField)}
       ) x
       group by grouping sets ((x.quarter, x.weekday, x.hour), (x.platform, x.stage)${withField ? ', (x.platform, x.field)' : ''})
     )
     select (select json_agg(h) from (
               select coalesce(q.weekday, extract(isodow from q.quarter)::int) as weekday, coalesce(q.hour, extract(hour from q.quarter)::int) as hour,
                      sum(q.calls)::int as calls, sum(q.answered)::int as answered
               from (select g.quarter, g.weekday::int as weekday, g.hour::int as hour, g.calls, g.answered from g where g.by_quarter = 0) q
               group by 1, 2
             ) h) as cells,
            ${rates('stage')} as stages,
            ${withField ? rates('field') : 'null::json'} as field`,
    params.values,
  );
  const row = rows[0]!;
  return { cells: row.cells ?? [], stages: row.stages ?? [], field: withField ? (row.field ?? []) : null };
}

/** Whether the user has a custom field of this key (mapped from any CRM). */
export async function hasCustomField(db: PoolClient, userId: string, key: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from public.crm_field_mappings where user_id = $1 and target_kind = 'custom' and target_key = $2 limit 1`,
    [userId, key],
  );
  return rows.length > 0;
}

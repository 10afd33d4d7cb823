import type { PoolClient } from 'pg';
import { createSqlParams } from '../db/sql-params';
import type { AnalyticsWindow } from './analytics-window';
import type { CallFigures, ContactFigures } from './campaign-analytics-repository';
import { rollupPiecesSql, type LayeredRollup } from './rollup-hours';

const CALLS: LayeredRollup = { day: 'analytics_call_days', quarter: 'analytics_call_quarters', hour: 'analytics_call_hours' };
const CAMPAIGNS: LayeredRollup = { day: 'analytics_campaign_days', quarter: 'analytics_campaign_quarters', hour: 'analytics_campaign_hours' };

/**
 * The campaigns section from the hour, quarter and day rollups (migrations 0237, 0244), for a window they answer exactly
 * (rollup-eligibility.ts): the same figures as the raw queries of campaign-analytics-repository,
 * from a few rows an hour instead of every call. Rows a removal brought to zero are skipped, as
 * the raw queries have no group for them.
 */
/** Outcomes per bucket, the mean answered duration, and the campaigns side by side. */
export async function countCallsFromRollup(db: PoolClient, window: AnalyticsWindow): Promise<CallFigures> {
  const params = createSqlParams();
  const { rows } = await db.query<{ outcomes: CallFigures['outcomes'] | null; durations: CallFigures['durations'] | null; campaigns: CallFigures['campaigns'] | null }>(
    `with o as (
       select r.bucket, r.platform, r.status, sum(r.sign * r.calls)::int as calls, sum(r.sign * r.duration_sum) as duration_sum
       from ${rollupPiecesSql(CALLS, ['platform', 'status', 'calls', 'duration_sum'], window, params, { perBucket: true, subtract: true })} r
       group by 1, 2, 3
       having sum(r.sign * r.calls) > 0
     ),
     k as (
       select r.campaign_id, sum(r.sign * r.calls)::int as calls, sum(r.sign * r.answered)::int as answered,
              sum(r.sign * r.answered_duration_sum) as answered_duration_sum, sum(r.sign * r.written_back)::int as written_back
       from ${rollupPiecesSql(CAMPAIGNS, ['campaign_id', 'calls', 'answered', 'answered_duration_sum', 'written_back'], window, params, {
         perBucket: false,
         subtract: true,
       })} r
       group by 1
       having sum(r.sign * r.calls) > 0
     )
     select (select json_agg(json_build_object('bucket', o.bucket, 'key', o.platform || ':' || o.status, 'value', o.calls)) from o) as outcomes,
            (select json_agg(json_build_object('bucket', o.bucket, 'key', o.platform, 'value', round(o.duration_sum::numeric / o.calls, 3)::float8))
             from o where o.status = 'completed') as durations,
            (select json_agg(t order by t.calls desc, t.name, t.id) from (
               select c.id, c.name, c.status, c.contact_count as contacts, k.calls, k.answered,
                      round(k.answered_duration_sum::numeric / nullif(k.answered, 0), 3)::float8 as mean_answered_seconds, k.written_back
               from k join public.campaigns c on c.id = k.campaign_id
               order by k.calls desc, c.name, c.id
               limit 100
             ) t) as campaigns`,
    params.values,
  );
  const row = rows[0]!;
  return { outcomes: row.outcomes ?? [], durations: row.durations ?? [], campaigns: row.campaigns ?? [] };
}

const DAY_MS = 86_400_000;

/**
 * The heat map (calls of contacts without a zone at the user's local hour of their UTC hour: exact,
 * the zone being whole hours) and the answer rate by the contact's lifecycle stage when called.
 * Both sum over the whole range: its whole UTC days come from the tables by day (migration 0246),
 * a cell table and a stage table, and the hours before the first and after the last from the hourly
 * rows, which hold both. At the full size a 90-day range is then ~11,000 day rows and at most 46
 * hours' rows, not 25,900 hourly rows.
 */
export async function countCallsByContactFromRollup(db: PoolClient, window: AnalyticsWindow): Promise<Omit<ContactFigures, 'field'>> {
  const params = createSqlParams();
  const from = window.from.getTime();
  const to = window.to.getTime();
  // [from, to) = [from, firstDay) + whole days [firstDay, lastDay) + [lastDay, to); no whole day: all hours.
  const firstDay = Math.ceil(from / DAY_MS) * DAY_MS;
  const lastDay = Math.floor(to / DAY_MS) * DAY_MS;
  const [daysFrom, daysTo] = firstDay < lastDay ? [firstDay, lastDay] : [to, to];
  const user = params.add(window.userId);
  const [start, end, dayStart, dayEnd] = [from, to, daysFrom, daysTo].map((ms) => `${params.add(new Date(ms))}::timestamptz`);
  const platform = (alias: string) => (window.platform ? ` and ${alias}.platform = ${params.add(window.platform)}` : '');
  // A contact without a known zone counts at the user's local weekday and hour of its UTC hour.
  const localOf = (weekday: string, hour: string, at: string) =>
    `coalesce(${weekday}::int, extract(isodow from ${at})::int) as weekday, coalesce(${hour}::int, extract(hour from ${at})::int) as local_hour`;
  const { rows } = await db.query<{ cells: ContactFigures['cells'] | null; stages: ContactFigures['stages'] | null }>(
    `with edges as materialized (
       select h.platform, h.lifecycle_stage, ${localOf('h.local_weekday', 'h.local_hour', 'h.hour')}, h.calls, h.answered
       from public.analytics_call_contact_hours h
       where h.user_id = ${user} and ((h.hour >= ${start} and h.hour < ${dayStart}) or (h.hour >= ${dayEnd} and h.hour < ${end}))${platform('h')}
     ),
     cells as (
       select x.weekday, x.local_hour, sum(x.calls)::int as calls, sum(x.answered)::int as answered
       from (
         select e.weekday, e.local_hour, e.calls, e.answered from edges e
         union all
         select ${localOf('d.local_weekday', 'd.local_hour', 'd.day + pg_catalog.make_interval(hours => d.utc_hour)')}, d.calls, d.answered
         from public.analytics_call_cell_days d
         where d.user_id = ${user} and d.day >= ${dayStart} and d.day < ${dayEnd}${platform('d')}
       ) x
       group by 1, 2
       having sum(x.calls) > 0
     ),
     stages as (
       select x.platform, x.lifecycle_stage, sum(x.calls)::int as calls, sum(x.answered)::int as answered
       from (
         select e.platform, e.lifecycle_stage, e.calls, e.answered from edges e
         union all
         select d.platform, d.lifecycle_stage, d.calls, d.answered
         from public.analytics_call_stage_days d
         where d.user_id = ${user} and d.day >= ${dayStart} and d.day < ${dayEnd}${platform('d')}
       ) x
       group by 1, 2
       having sum(x.calls) > 0
     )
     select (select json_agg(json_build_object('weekday', c.weekday, 'hour', c.local_hour, 'calls', c.calls, 'answered', c.answered)) from cells c) as cells,
            (select json_agg(s order by s.platform, s.calls desc, s.value nulls last) from (
               select st.platform, st.lifecycle_stage as value, st.calls, st.answered from stages st
               order by 1, 3 desc, 2 nulls last limit 500
             ) s) as stages`,
    params.values,
  );
  const row = rows[0]!;
  return { cells: row.cells ?? [], stages: row.stages ?? [] };
}

import type { PoolClient } from 'pg';
import { createSqlParams, type SqlParams } from '../db/sql-params';
import type { BucketRow } from './analytics-charts';
import { bucketSql, contactFilterSql, rangeSql, type AnalyticsWindow } from './analytics-window';

/**
 * The calls of the window (by their start), each with its campaign contact `cc` and, where it is
 * still synced, the contact `c`; the platform filter is the call's CRM, the segment the contact's.
 */
function callsFrom(window: AnalyticsWindow, params: SqlParams): string {
  const conditions = [`r.user_id = ${params.add(window.userId)}`, rangeSql(window, 'r.started_at', params)];
  if (window.platform) conditions.push(`r.platform = ${params.add(window.platform)}`);
  if (window.segment) conditions.push(contactFilterSql({ ...window, platform: null }, params));
  return `public.campaign_call_results r
     join public.campaign_contacts cc on cc.id = r.campaign_contact_id and cc.user_id = r.user_id
     left join public.crm_contacts c on c.id = cc.crm_contact_id and c.user_id = r.user_id
     where ${conditions.join(' and ')}`;
}

/** Calls per bucket, platform and status: key "hubspot:completed". */
export async function countOutcomesOverTime(db: PoolClient, window: AnalyticsWindow): Promise<BucketRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<BucketRow>(
    `select ${bucketSql(window, 'r.started_at', params)} as bucket, r.platform || ':' || r.status as key, count(*)::int as value
     from ${callsFrom(window, params)}
     group by 1, 2`,
    params.values,
  );
  return rows;
}

/** Mean duration (seconds) of answered calls per bucket and platform. */
export async function averageAnsweredDuration(db: PoolClient, window: AnalyticsWindow): Promise<BucketRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<BucketRow>(
    `select ${bucketSql(window, 'r.started_at', params)} as bucket, r.platform as key, round(avg(r.duration_sec), 3)::float8 as value
     from ${callsFrom(window, params)} and r.status = 'completed'
     group by 1, 2`,
    params.values,
  );
  return rows;
}

export type HeatCellRow = { weekday: number; hour: number; calls: number; answered: number };

/** Calls and answered calls by the contact's local ISO weekday and hour (its number's zone, else the user's). */
export async function countByLocalHour(db: PoolClient, window: AnalyticsWindow): Promise<HeatCellRow[]> {
  const params = createSqlParams();
  const local = `(r.started_at at time zone coalesce(c.number_time_zone, current_setting('timezone')))`;
  const { rows } = await db.query<HeatCellRow>(
    `select extract(isodow from ${local})::int as weekday, extract(hour from ${local})::int as hour,
            count(*)::int as calls, (count(*) filter (where r.status = 'completed'))::int as answered
     from ${callsFrom(window, params)}
     group by 1, 2`,
    params.values,
  );
  return rows;
}

export type RateRow = { platform: string; value: string | null; calls: number; answered: number };

/** Calls and answered calls by the contact's lifecycle stage, or by a custom field's value. */
export async function countAnswersBy(db: PoolClient, window: AnalyticsWindow, by: { column: 'lifecycle_stage' } | { customKey: string }): Promise<RateRow[]> {
  const params = createSqlParams();
  const value = 'column' in by ? `c.${by.column}` : `c.custom_fields ->> ${params.add(by.customKey)}`;
  const { rows } = await db.query<RateRow>(
    `select r.platform, ${value} as value, count(*)::int as calls, (count(*) filter (where r.status = 'completed'))::int as answered
     from ${callsFrom(window, params)}
     group by 1, 2 order by 1, 3 desc, 2 nulls last
     limit 500`,
    params.values,
  );
  return rows;
}

/** Whether the user has a custom field of this key (mapped from any CRM). */
export async function hasCustomField(db: PoolClient, userId: string, key: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from public.crm_field_mappings where user_id = $1 and target_kind = 'custom' and target_key = $2 limit 1`,
    [userId, key],
  );
  return rows.length > 0;
}

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

/** The campaigns with calls in the window, side by side, most calls first (at most 100). */
export async function compareCampaigns(db: PoolClient, window: AnalyticsWindow): Promise<CampaignRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<CampaignRow>(
    `with calls as (
       select r.campaign_id, count(*)::int as calls, (count(*) filter (where r.status = 'completed'))::int as answered,
              round(avg(r.duration_sec) filter (where r.status = 'completed'), 3)::float8 as mean_answered_seconds,
              (count(*) filter (where r.writeback_status = 'succeeded'))::int as written_back
       from ${callsFrom(window, params)}
       group by 1
     )
     select k.id, k.name, k.status, k.contact_count as contacts, calls.calls, calls.answered, calls.mean_answered_seconds, calls.written_back
     from calls join public.campaigns k on k.id = calls.campaign_id
     order by calls.calls desc, k.name, k.id
     limit 100`,
    params.values,
  );
  return rows;
}

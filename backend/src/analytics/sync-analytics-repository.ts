import type { PoolClient } from 'pg';
import { createSqlParams, type SqlParams } from '../db/sql-params';
import type { BucketRow } from './analytics-charts';
import { bucketSql, rangeSql, type AnalyticsWindow } from './analytics-window';

/** Runs that finished in the window (their end decides the bucket). */
function finishedRuns(window: AnalyticsWindow, params: SqlParams): string {
  const conditions = [`s.user_id = ${params.add(window.userId)}`, rangeSql(window, 's.finished_at', params)];
  if (window.platform) conditions.push(`s.platform = ${params.add(window.platform)}`);
  return `public.sync_runs s where ${conditions.join(' and ')}`;
}

/** Finished runs per bucket, platform and result: key "hubspot:succeeded". */
export async function countRunsByResult(db: PoolClient, window: AnalyticsWindow): Promise<BucketRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<BucketRow>(
    `select ${bucketSql(window, 's.finished_at', params)} as bucket, s.platform || ':' || s.status as key, count(*)::int as value
     from ${finishedRuns(window, params)}
     group by 1, 2`,
    params.values,
  );
  return rows;
}

export type RunSpeedRow = { bucket: string; platform: string; mean_seconds: number | null; per_second: number | null };

/** Mean duration of succeeded runs and their contacts fetched per second of running, per bucket and platform. */
export async function measureRunSpeed(db: PoolClient, window: AnalyticsWindow): Promise<RunSpeedRow[]> {
  const params = createSqlParams();
  const seconds = 'extract(epoch from (s.finished_at - s.started_at))';
  const { rows } = await db.query<RunSpeedRow>(
    `select ${bucketSql(window, 's.finished_at', params)} as bucket, s.platform,
            round(avg(${seconds}), 3)::float8 as mean_seconds,
            case when sum(${seconds}) > 0 then round(sum(s.fetched) / sum(${seconds}), 3)::float8 end as per_second
     from ${finishedRuns(window, params)} and s.status = 'succeeded' and s.started_at is not null
     group by 1, 2`,
    params.values,
  );
  return rows;
}

/**
 * p50 and p95 seconds from a CRM's change to its application here, of the webhook events that
 * arrived in the window: key "hubspot:p50". Events are the server's table (no user grant): the
 * caller runs this as the service, and it names the user.
 */
export async function measureWebhookLag(db: PoolClient, window: AnalyticsWindow): Promise<BucketRow[]> {
  const params = createSqlParams();
  const conditions = [`e.user_id = ${params.add(window.userId)}`, rangeSql(window, 'e.received_at', params), 'e.processed_at is not null'];
  if (window.platform) conditions.push(`e.platform = ${params.add(window.platform)}`);
  const lag = 'extract(epoch from (e.processed_at - e.occurred_at))';
  const { rows } = await db.query<BucketRow>(
    `select bucket, platform || ':' || quantile as key, value from (
       select ${bucketSql(window, 'e.received_at', params)} as bucket, e.platform,
              round(percentile_cont(0.5) within group (order by ${lag})::numeric, 3)::float8 as p50,
              round(percentile_cont(0.95) within group (order by ${lag})::numeric, 3)::float8 as p95
       from public.webhook_events e where ${conditions.join(' and ')}
       group by 1, 2
     ) q cross join lateral (values ('p50', q.p50), ('p95', q.p95)) v(quantile, value)`,
    params.values,
  );
  return rows;
}

export type BudgetRow = { platform: string; limiter: string; capacity: number; available: number; per_second: number };

/**
 * The provider request budgets of the user's connected accounts now (budgets are per CRM account,
 * shared by every user of that account; server-only table: run as the service, naming the user).
 */
export async function readProviderBudgets(db: PoolClient, window: AnalyticsWindow): Promise<BudgetRow[]> {
  const params = createSqlParams();
  const conditions = [`k.user_id = ${params.add(window.userId)}`];
  if (window.platform) conditions.push(`k.platform = ${params.add(window.platform)}`);
  const { rows } = await db.query<BudgetRow>(
    `select b.platform, b.limiter, b.capacity,
            least(b.capacity, b.tokens + b.per_second * greatest(0, extract(epoch from (now() - b.updated_at))))::float8 as available,
            b.per_second
     from public.user_crm_credentials k
     join public.provider_rate_budgets b on b.platform = k.platform and b.account_key = k.external_account_id
     where ${conditions.join(' and ')}
     order by 1, 2`,
    params.values,
  );
  return rows;
}

export type ConnectionProblemRow = {
  platform: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  since: Date;
  last_run_status: string | null;
  last_run_error_code: string | null;
  last_run_error_message: string | null;
  last_run_finished_at: Date | null;
};

/** Each connection with its state and its latest finished run; the service keeps those with a problem. */
export async function readConnectionStates(db: PoolClient, window: AnalyticsWindow): Promise<ConnectionProblemRow[]> {
  const params = createSqlParams();
  const conditions = [`k.user_id = ${params.add(window.userId)}`];
  if (window.platform) conditions.push(`k.platform = ${params.add(window.platform)}`);
  const { rows } = await db.query<ConnectionProblemRow>(
    `select k.platform, k.status, k.last_error_code as error_code, k.last_error_message as error_message, k.updated_at as since,
            r.status as last_run_status, r.error_code as last_run_error_code, r.error_message as last_run_error_message,
            r.finished_at as last_run_finished_at
     from public.user_crm_credentials k
     left join lateral (
       select s.status, s.error_code, s.error_message, s.finished_at from public.sync_runs s
       where s.user_id = k.user_id and s.platform = k.platform and s.finished_at is not null
       order by s.finished_at desc limit 1
     ) r on true
     where ${conditions.join(' and ')}
     order by 1`,
    params.values,
  );
  return rows;
}

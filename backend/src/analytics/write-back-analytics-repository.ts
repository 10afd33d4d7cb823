import type { PoolClient } from 'pg';
import { createSqlParams, type SqlParams } from '../db/sql-params';
import type { BucketRow } from './analytics-charts';
import { bucketSql, contactFilterSql, rangeSql, type AnalyticsWindow } from './analytics-window';

/** The calls of the window (by their start) whose results are written back; platform: the CRM written to. */
function resultsFrom(window: AnalyticsWindow, params: SqlParams): string {
  const conditions = [`r.user_id = ${params.add(window.userId)}`, rangeSql(window, 'r.started_at', params)];
  if (window.platform) conditions.push(`r.platform = ${params.add(window.platform)}`);
  if (window.segment) {
    conditions.push(`exists (select 1 from public.campaign_contacts cc join public.crm_contacts c on c.id = cc.crm_contact_id and c.user_id = cc.user_id
                             where cc.id = r.campaign_contact_id and cc.user_id = r.user_id and ${contactFilterSql({ ...window, platform: null }, params)})`);
  }
  return `public.campaign_call_results r where ${conditions.join(' and ')}`;
}

export type WriteBackTotalsRow = { succeeded: number; failed: number; pending: number };

export type WriteBackFigures = {
  /** succeeded / (succeeded + failed) per bucket and platform; buckets with neither are absent. */
  rates: BucketRow[];
  /** p50 and p95 seconds from the call's end to the CRM's acknowledgement: key "hubspot:p50". */
  latency: BucketRow[];
  totals: WriteBackTotalsRow;
};

/**
 * The success rate, the latency and the totals in one pass over the window's calls (one group
 * per bucket and platform, each figure an aggregate filtered to its rows) rather than one each.
 */
export async function measureWriteBacks(db: PoolClient, window: AnalyticsWindow): Promise<WriteBackFigures> {
  const params = createSqlParams();
  // From the call's end, or from when we received its result if that came first: the calling
  // service's clock may put the end after its report, and a write-back never precedes the report.
  const latency = `extract(epoch from (r.written_back_at - least(r.started_at + make_interval(secs => r.duration_sec), r.created_at)))`;
  const acknowledged = `r.writeback_status = 'succeeded' and r.written_back_at is not null`;
  const { rows } = await db.query<{ bucket: string; platform: string; succeeded: number; failed: number; pending: number; rate: number | null; p50: number | null; p95: number | null }>(
    `select ${bucketSql(window, 'r.started_at', params)} as bucket, r.platform,
            (count(*) filter (where r.writeback_status = 'succeeded'))::int as succeeded,
            (count(*) filter (where r.writeback_status = 'failed'))::int as failed,
            (count(*) filter (where r.writeback_status in ('pending', 'retrying')))::int as pending,
            round((count(*) filter (where r.writeback_status = 'succeeded'))::numeric
                  / nullif(count(*) filter (where r.writeback_status in ('succeeded', 'failed')), 0), 6)::float8 as rate,
            round((percentile_cont(0.5) within group (order by ${latency}) filter (where ${acknowledged}))::numeric, 3)::float8 as p50,
            round((percentile_cont(0.95) within group (order by ${latency}) filter (where ${acknowledged}))::numeric, 3)::float8 as p95
     from ${resultsFrom(window, params)}
     group by 1, 2`,
    params.values,
  );
  const figures: WriteBackFigures = { rates: [], latency: [], totals: { succeeded: 0, failed: 0, pending: 0 } };
  for (const row of rows) {
    figures.totals.succeeded += row.succeeded;
    figures.totals.failed += row.failed;
    figures.totals.pending += row.pending;
    if (row.rate !== null) figures.rates.push({ bucket: row.bucket, key: row.platform, value: row.rate });
    if (row.p50 !== null) {
      figures.latency.push({ bucket: row.bucket, key: `${row.platform}:p50`, value: row.p50 });
      figures.latency.push({ bucket: row.bucket, key: `${row.platform}:p95`, value: row.p95 });
    }
  }
  return figures;
}

export type FailureRow = { platform: string; code: string | null; failures: number; last_message: string | null; last_at: Date };

/** Failed write-backs by CRM and error code, with the latest message. */
export async function countFailuresByReason(db: PoolClient, window: AnalyticsWindow): Promise<FailureRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<FailureRow>(
    `select r.platform, r.writeback_error_code as code, count(*)::int as failures,
            (array_agg(r.writeback_error order by r.updated_at desc))[1] as last_message, max(r.updated_at) as last_at
     from ${resultsFrom(window, params)} and r.writeback_status = 'failed'
     group by 1, 2 order by 3 desc, 1, 2`,
    params.values,
  );
  return rows;
}

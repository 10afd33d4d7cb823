import type { PoolClient } from 'pg';
import { createSqlParams } from '../db/sql-params';
import type { AnalyticsWindow } from './analytics-window';
import { readPercentile, type HistogramBucket } from './latency-histogram';
import { rollupPiecesSql, type LayeredRollup } from './rollup-hours';
import type { FailureRow, WriteBackFigures } from './write-back-analytics-repository';

const WRITE_BACKS: LayeredRollup = { day: 'analytics_write_back_days', quarter: 'analytics_write_back_quarters', hour: 'analytics_write_back_hours' };

/**
 * The write-back section from the hour, quarter and day rollups (migrations 0237, 0244), for a
 * window they answer exactly (rollup-eligibility.ts); the failures' latest message from whole units
 * inside the range only (a max is not taken off). Counts and rates equal the raw queries'; the
 * latency percentiles come from the log-scale histogram, within one bucket (under 19%, migration 0245) of the raw figure.
 */
type StatusRow = { bucket: string | number; platform: string; succeeded: number; failed: number; pending: number; rate: number | null };
/** [bucket, platform, histogram buckets, their latencies, their sums] */
type HistogramRow = [string | number, string, number[], number[], number[]];

export async function measureWriteBacksFromRollup(db: PoolClient, window: AnalyticsWindow): Promise<WriteBackFigures> {
  const params = createSqlParams();
  const { rows } = await db.query<{ statuses: StatusRow[] | null; histogram: HistogramRow[] | null }>(
    `with h as (
       select r.bucket, r.platform, r.writeback_status, r.latency_bucket,
              sum(r.sign * r.results)::int as results, sum(r.sign * r.latency_sum) as latency_sum
       from ${rollupPiecesSql(WRITE_BACKS, ['platform', 'writeback_status', 'latency_bucket', 'results', 'latency_sum'], window, params, { perBucket: true, subtract: true })} r
       group by 1, 2, 3, 4
       having sum(r.sign * r.results) > 0
     ),
     s as (
       select h.bucket, h.platform,
              coalesce(sum(h.results) filter (where h.writeback_status = 'succeeded'), 0)::int as succeeded,
              coalesce(sum(h.results) filter (where h.writeback_status = 'failed'), 0)::int as failed,
              coalesce(sum(h.results) filter (where h.writeback_status in ('pending', 'retrying')), 0)::int as pending
       from h group by 1, 2
     )
     select (select json_agg(json_build_object('bucket', s.bucket, 'platform', s.platform, 'succeeded', s.succeeded, 'failed', s.failed, 'pending', s.pending,
                                               'rate', round(s.succeeded::numeric / nullif(s.succeeded + s.failed, 0), 6)::float8)) from s) as statuses,
            -- One array per chart bucket and CRM: a row per histogram bucket cost 4 of the 27 ms.
            (select json_agg(json_build_array(g.bucket, g.platform, g.indexes, g.counts, g.sums))
             from (select h.bucket, h.platform, array_agg(h.latency_bucket) as indexes, array_agg(h.results) as counts, array_agg(h.latency_sum) as sums
                   from h where h.writeback_status = 'succeeded' and h.latency_bucket is not null
                   group by 1, 2) g) as histogram`,
    params.values,
  );
  const row = rows[0]!;
  const figures: WriteBackFigures = { rates: [], latency: [], totals: { succeeded: 0, failed: 0, pending: 0 } };
  for (const status of row.statuses ?? []) {
    figures.totals.succeeded += status.succeeded;
    figures.totals.failed += status.failed;
    figures.totals.pending += status.pending;
    if (status.rate !== null) figures.rates.push({ bucket: status.bucket, key: status.platform, value: status.rate });
  }
  for (const [bucket, platform, indexes, counts, sums] of row.histogram ?? []) {
    const buckets: HistogramBucket[] = indexes.map((index, i) => ({ index, count: counts[i]!, sum: sums[i]! }));
    const p50 = readPercentile(buckets, 0.5);
    if (p50 === null) continue;
    figures.latency.push({ bucket, key: `${platform}:p50`, value: roundMillis(p50) });
    figures.latency.push({ bucket, key: `${platform}:p95`, value: roundMillis(readPercentile(buckets, 0.95)!) });
  }
  return figures;
}

/** Seconds to three places, as the raw query rounds them. */
function roundMillis(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** Failed write-backs by CRM and error code, with the latest message. */
export async function countFailuresByReasonFromRollup(db: PoolClient, window: AnalyticsWindow): Promise<FailureRow[]> {
  const params = createSqlParams();
  const { rows } = await db.query<FailureRow>(
    `select r.platform, r.error_code as code, sum(r.sign * r.results)::int as failures,
            (array_agg(r.last_error order by r.last_error_at desc nulls last))[1] as last_message, max(r.last_error_at) as last_at
     from ${rollupPiecesSql(WRITE_BACKS, ['platform', 'writeback_status', 'error_code', 'results', 'last_error', 'last_error_at'], window, params, {
       perBucket: false,
       subtract: false,
     })} r
     where r.writeback_status = 'failed'
     group by 1, 2 having sum(r.sign * r.results) > 0 order by 3 desc, 1, 2`,
    params.values,
  );
  return rows;
}

import type { SqlParams } from '../db/sql-params';
import { bucketSql, rangeSql, type AnalyticsWindow } from './analytics-window';

/**
 * A rollup's rows of the window: `public.<table> h … where …` (the user, the range, the platform),
 * with `b.bucket`, each row's bucket, when asked. The caller may append conditions with `and`.
 */
export function rollupRowsSql(table: string, window: AnalyticsWindow, params: SqlParams, options: { withBuckets?: boolean } = {}): string {
  const conditions = [`h.user_id = ${params.add(window.userId)}`, rangeSql(window, 'h.hour', params)];
  if (window.platform) conditions.push(`h.platform = ${params.add(window.platform)}`);
  const buckets = options.withBuckets ? ` join ${hourBucketsSql(window, params)} b on b.hour = h.hour` : '';
  return `public.${table} h${buckets} where ${conditions.join(' and ')}`;
}

/**
 * `(hour, bucket)` for every UTC hour of the window, as a subquery to join rollup rows to: the
 * zone's bucket of each hour is computed once an hour (2,160 for 90 days) rather than once a row,
 * which at the bench's size cost most of a rollup query's time (date_trunc in a zone, epoch maths).
 */
function hourBucketsSql(window: AnalyticsWindow, params: SqlParams): string {
  return `(select g.hour, ${bucketSql(window, 'g.hour', params)} as bucket
           from generate_series(${params.add(window.from)}::timestamptz, ${params.add(window.to)}::timestamptz - interval '1 hour', interval '1 hour') g(hour))`;
}

import type { SqlParams } from '../db/sql-params';
import { rangeSql, type AnalyticsWindow } from './analytics-window';
import { composeBuckets, type RollupUnit } from './rollup-pieces';

/**
 * A rollup's rows of the window: `public.<table> h where …` (the user, the range, the platform).
 * The caller may append conditions with `and`, and name each row's bucket with rollupBucketSql.
 */
export function rollupRowsSql(table: string, window: AnalyticsWindow, params: SqlParams): string {
  const conditions = [`h.user_id = ${params.add(window.userId)}`, rangeSql(window, 'h.hour', params)];
  if (window.platform) conditions.push(`h.platform = ${params.add(window.platform)}`);
  return `public.${table} h where ${conditions.join(' and ')}`;
}

/**
 * The bucket of a rollup row `h` (its UTC hour), as the bucket's start in epoch ms: a binary search
 * of the window's bucket starts (`width_bucket`), which the zone's calendar made once for the
 * window. At the bench's full size (63,000 write-back rows in 90 days) grouping by it took 21 ms,
 * where joining each row to its hour's bucket took 40 and the zone's date_trunc on each row more:
 * the grouping of rollup rows is most of a section's time.
 */
export function rollupBucketSql(window: AnalyticsWindow, params: SqlParams): string {
  const starts = params.add(window.starts.map((ms) => new Date(ms)));
  const startsMs = params.add(window.starts.map(String));
  return `(${startsMs}::bigint[])[pg_catalog.width_bucket(h.hour, ${starts}::timestamptz[])]`;
}

/** A rollup's tables by unit (migrations 0237, 0244), each keyed by a column named as its unit. */
export type LayeredRollup = Record<RollupUnit, string>;

/**
 * The rows of a layered rollup that make up the window (rollup-pieces.ts), as a subquery of
 * `bucket` (the chart's bucket start, epoch ms; the window's start when `perBucket` is off), `sign`
 * (1, or -1 for a part taken off a larger unit) and the `columns` asked for. Readers sum
 * `sign * <count>`. `subtract: false` for a max (the latest failure), which a part taken off would not undo.
 */
export function rollupPiecesSql(
  rollup: LayeredRollup,
  columns: string[],
  window: AnalyticsWindow,
  params: SqlParams,
  options: { perBucket: boolean; subtract: boolean },
): string {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const pieces = composeBuckets(options.perBucket ? window.starts : [from], from, to, { subtract: options.subtract });
  const user = params.add(window.userId);
  const platform = window.platform ? ` and r.platform = ${params.add(window.platform)}` : '';
  const branch = (unit: RollupUnit) => {
    const chosen = pieces.filter((piece) => piece.unit === unit);
    const starts = params.add(chosen.map((piece) => new Date(piece.start)));
    const buckets = params.add(chosen.map((piece) => String(piece.bucket)));
    const signs = params.add(chosen.map((piece) => piece.sign));
    // `= any(…)` on the key's (user, unit) prefix: one index probe per piece. A join on the
    // pieces alone let the planner hash every row of the user's hourly table instead (33 of 66 ms).
    return `select p.bucket, p.sign, ${columns.map((column) => `r.${column}`).join(', ')}
            from public.${rollup[unit]} r
            join unnest(${starts}::timestamptz[], ${buckets}::bigint[], ${signs}::int[]) p(at, bucket, sign) on p.at = r.${unit}
            where r.user_id = ${user} and r.${unit} = any(${starts}::timestamptz[])${platform}`;
  };
  return `(${(['day', 'quarter', 'hour'] as const).map(branch).join(' union all ')})`;
}

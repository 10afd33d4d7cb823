import type { PoolClient } from 'pg';
import type { TAnalyticsGranularity, TAnalyticsMeta, TPlatform } from '@voiceagent/shared';
import type { SqlParams } from '../db/sql-params';
import { AppError } from '../http/app-error';
import { findUserTimeZone } from '../me/user-settings-repository';
import { readSegmentSelection } from '../segments/segment-filter';
import { findSegmentRow } from '../segments/segments-repository';
import { compileContactSelection } from '../crm/contacts/selection/contact-selection-sql';
import type { ContactSelection } from '../crm/contacts/selection/contact-selection-sql';

/** What every section's query shares, parsed. */
export type AnalyticsQuery = {
  from: string;
  to: string;
  granularity: TAnalyticsGranularity;
  platform?: TPlatform | undefined;
  segment?: string | undefined;
  timeZone?: string | undefined;
};

/** A request's range resolved inside its transaction: the zone, every bucket, the segment's selection. */
export type AnalyticsWindow = {
  userId: string;
  from: Date;
  to: Date;
  granularity: TAnalyticsGranularity;
  timeZone: string;
  platform: TPlatform | null;
  segment: ContactSelection | null;
  /** Bucket starts as epoch ms, in order; `labels[i]` is bucket i as ISO with the zone's offset then. */
  starts: number[];
  labels: string[];
  meta: TAnalyticsMeta;
};

/** What every section's window shares: the clock, and how long one of its statements may run. */
export type AnalyticsWindowSettings = {
  now: () => Date;
  /**
   * ANALYTICS_STATEMENT_TIMEOUT_MS. The raw queries (a segment, a range the rollups cannot answer)
   * read every row of the range; at a million they take seconds, and a client that gave up does
   * not stop them. The timeout does, and the request is answered 503 with Retry-After.
   */
  statementTimeoutMs: number;
};

/**
 * Sets the transaction's statement timeout, and its time zone to the user's (so date_trunc, intervals and generate_series
 * follow that zone's calendar and DST: a day is 23 or 25 hours when it changes), and lists the
 * buckets of the range, empty ones included.
 */
export async function openAnalyticsWindow(db: PoolClient, userId: string, query: AnalyticsQuery, settings: AnalyticsWindowSettings): Promise<AnalyticsWindow> {
  const now = settings.now();
  const timeZone = query.timeZone ?? (await findUserTimeZone(db, userId)) ?? 'UTC';
  await db.query('savepoint analytics_zone');
  try {
    await db.query(`select set_config('timezone', $1, true), set_config('statement_timeout', $2, true)`, [timeZone, `${settings.statementTimeoutMs}ms`]);
  } catch {
    // A name the runtime knows but this Postgres does not (older tzdata): the caller's to fix.
    await db.query('rollback to savepoint analytics_zone');
    throw new AppError('validation_failed', `Unknown time zone "${timeZone}"`, { issues: [{ field: 'timeZone', message: 'a time zone this server knows' }] });
  }
  const from = new Date(query.from);
  const to = new Date(query.to);
  const { rows } = await db.query<{ ms: string; offset_sec: number }>(
    `select (extract(epoch from b) * 1000)::bigint::text as ms, extract(timezone from b)::int as offset_sec
     from generate_series(date_trunc($1, $2::timestamptz), $3::timestamptz - interval '1 microsecond', ('1 ' || $1)::interval) b`,
    [query.granularity, from, to],
  );
  const segment = query.segment ? await readSegment(db, userId, query.segment) : null;
  return {
    userId,
    from,
    to,
    granularity: query.granularity,
    timeZone,
    platform: query.platform ?? null,
    segment,
    starts: rows.map((row) => Number(row.ms)),
    labels: rows.map((row) => formatLocalInstant(Number(row.ms), row.offset_sec)),
    meta: {
      from: from.toISOString(),
      to: to.toISOString(),
      granularity: query.granularity,
      timeZone,
      platform: query.platform ?? null,
      segment: query.segment ?? null,
      generatedAt: now.toISOString(),
    },
  };
}

async function readSegment(db: PoolClient, userId: string, segmentId: string): Promise<ContactSelection> {
  // Someone else's segment is as unknown as a made-up id.
  if (!(await findSegmentRow(db, userId, segmentId))) throw new AppError('not_found', `No segment ${segmentId}`);
  return readSegmentSelection(db, userId, segmentId, 'segment');
}

/**
 * The SQL expression of the bucket a time column falls in, as epoch ms. Days and weeks are the
 * zone's calendar (date_trunc in the transaction's zone); hours are fixed 60-minute steps from the
 * first bucket (date_bin), so the two 01:00 hours of a DST fall-back stay two buckets.
 */
export function bucketSql(window: AnalyticsWindow, column: string, params: SqlParams): string {
  if (window.granularity === 'hour') {
    const origin = params.add(new Date(window.starts[0] ?? window.from.getTime()));
    return `(extract(epoch from date_bin(interval '1 hour', ${column}, ${origin}::timestamptz)) * 1000)::bigint`;
  }
  return `(extract(epoch from date_trunc(${params.add(window.granularity)}, ${column})) * 1000)::bigint`;
}

/** `column` within [from, to). */
export function rangeSql(window: AnalyticsWindow, column: string, params: SqlParams): string {
  return `${column} >= ${params.add(window.from)} and ${column} < ${params.add(window.to)}`;
}

/** Conditions on a contact row `c` for the platform and segment filters ('true' when neither is set). */
export function contactFilterSql(window: AnalyticsWindow, params: SqlParams, alias = 'c'): string {
  const conditions: string[] = [];
  if (window.platform) conditions.push(`${alias}.platform = ${params.add(window.platform)}`);
  if (window.segment) {
    const selection = compileContactSelection(window.userId, window.segment, params);
    // The selection is written on `c`; a membership test keeps it independent of the caller's alias.
    conditions.push(`${alias}.id in (select c.id from public.crm_contacts c where ${selection.where})`);
  }
  return conditions.length > 0 ? conditions.join(' and ') : 'true';
}

/** "2026-03-08T00:00:00-05:00": the instant as the zone's clock showed it, with its offset. */
export function formatLocalInstant(epochMs: number, offsetSeconds: number): string {
  const local = new Date(epochMs + offsetSeconds * 1000).toISOString().slice(0, 19);
  const sign = offsetSeconds < 0 ? '-' : '+';
  const minutes = Math.abs(Math.round(offsetSeconds / 60));
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

import { LRUCache } from 'lru-cache';
import type { PoolClient } from 'pg';
import type { AnalyticsWindow } from './analytics-window';

const HOUR_MS = 3_600_000;

/**
 * Whether a zone is whole hours from UTC at every hour of a range depends on the zone's rules
 * alone (the database's tzdata), not on anyone's data: remembered per zone and range. Reading
 * the offset of each of a 90-day range's 2,160 hours took 1.4-5 ms of a campaigns request's ~40
 * at the full size (bench/analytics), and a dashboard asks for the same ranges again and again.
 * An hour's memory, so that tzdata updated under a running server is read again soon.
 */
const wholeHourRanges = new LRUCache<string, boolean>({ max: 10_000, ttl: HOUR_MS });

/**
 * Whether the hourly rollups (migrations 0237 and 0238) answer this window exactly. They hold UTC hours, so:
 * - `from` and `to` fall on whole UTC hours (the dashboard's ranges start at local midnights);
 * - the user's zone is a whole number of hours from UTC at every hour of the range, so that each
 *   UTC hour lies inside one local hour, day and week (not India, Nepal, Adelaide…);
 * - no segment: the rollups do not know which contacts a segment holds.
 * A custom field's rates are the caller's to send to the raw queries (the rollups hold no field).
 * Otherwise the raw queries answer, the same figures, more slowly.
 */
export async function isRollupAnswerable(db: PoolClient, window: AnalyticsWindow): Promise<boolean> {
  if (window.segment) return false;
  if (window.from.getTime() % HOUR_MS !== 0 || window.to.getTime() % HOUR_MS !== 0) return false;
  const key = `${window.timeZone}|${window.from.getTime()}|${window.to.getTime()}`;
  const known = wholeHourRanges.get(key);
  if (known !== undefined) return known;
  // The transaction's zone is the user's (openAnalyticsWindow), which extract(timezone) reads.
  const { rows } = await db.query<{ whole: boolean | null }>(
    `select bool_and(extract(timezone from h)::int % 3600 = 0) as whole
     from generate_series($1::timestamptz, $2::timestamptz, interval '1 hour') h`,
    [window.from, window.to],
  );
  const whole = rows[0]?.whole === true;
  wholeHourRanges.set(key, whole);
  return whole;
}

/**
 * A span of whole UTC hours composed from the day rollups (UTC days) and the hour rollups, so that a
 * read takes a row set a day instead of one an hour. Counts and sums add and subtract exactly: a
 * local day in New York, [05:00Z, 05:00Z next day), is its UTC day, less that day's first five
 * hours, plus the next day's first five (1 + 10 row sets, not 24). A max (the latest failure)
 * cannot be subtracted: `subtract: false` composes from whole days inside the span and the hours
 * at its edges only.
 */
export type RollupPiece = { unit: 'day' | 'hour'; start: number; sign: 1 | -1; bucket: number };

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
// Past half a day, the other side of the edge is the shorter one.
const HALF_DAY_MS = 12 * HOUR_MS;

/** The pieces of [start, end) (whole hours), each labelled `bucket`: the fewest of the two ways. */
export function composeSpan(start: number, end: number, bucket: number, options: { subtract: boolean }): RollupPiece[] {
  if (start % HOUR_MS !== 0 || end % HOUR_MS !== 0) throw new Error('composeSpan: the span must fall on whole hours');
  const hoursOnly = hourPieces(start, end, 1, bucket);
  const floorDay = (at: number) => Math.floor(at / DAY_MS) * DAY_MS;
  const ceilDay = (at: number) => Math.ceil(at / DAY_MS) * DAY_MS;
  const lead = start - floorDay(start);
  const trail = end - floorDay(end);
  // Days from: the start's own day, its first hours taken off; or the next day, the start's hours added.
  const subtractLead = options.subtract && lead > 0 && lead <= HALF_DAY_MS;
  const daysFrom = subtractLead ? floorDay(start) : ceilDay(start);
  // Days to: the end's own day, its last hours taken off; or the end's day start, its first hours added.
  const subtractTrail = options.subtract && trail > 0 && trail >= HALF_DAY_MS;
  const daysTo = subtractTrail ? ceilDay(end) : floorDay(end);
  if (daysFrom >= daysTo) return hoursOnly;
  const composed = [
    ...(subtractLead ? hourPieces(daysFrom, start, -1, bucket) : hourPieces(start, daysFrom, 1, bucket)),
    ...dayPieces(daysFrom, daysTo, bucket),
    ...(subtractTrail ? hourPieces(end, daysTo, -1, bucket) : hourPieces(daysTo, end, 1, bucket)),
  ];
  return composed.length < hoursOnly.length ? composed : hoursOnly;
}

/** Every bucket of a chart, clipped to [from, to): `starts` are the buckets' starts in order. */
export function composeBuckets(starts: number[], from: number, to: number, options: { subtract: boolean }): RollupPiece[] {
  return starts.flatMap((bucket, i) => {
    const start = Math.max(bucket, from);
    const end = Math.min(starts[i + 1] ?? to, to);
    return start < end ? composeSpan(start, end, bucket, options) : [];
  });
}

function hourPieces(from: number, to: number, sign: 1 | -1, bucket: number): RollupPiece[] {
  const pieces: RollupPiece[] = [];
  for (let at = from; at < to; at += HOUR_MS) pieces.push({ unit: 'hour', start: at, sign, bucket });
  return pieces;
}

function dayPieces(from: number, to: number, bucket: number): RollupPiece[] {
  const pieces: RollupPiece[] = [];
  for (let at = from; at < to; at += DAY_MS) pieces.push({ unit: 'day', start: at, sign: 1, bucket });
  return pieces;
}

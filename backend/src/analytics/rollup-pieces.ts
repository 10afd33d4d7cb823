/**
 * A span of whole UTC hours composed from rollups by UTC day, by quarter of a UTC day (6 hours from
 * 00:00, 06:00, 12:00, 18:00) and by hour, so that a read takes a few row sets instead of one an
 * hour. Counts and sums add and subtract exactly: a local day in New York, [05:00Z, 05:00Z next
 * day), is its UTC day, less that day's first quarter, plus its 05:00 hour, plus the next day's
 * first quarter, less that day's 05:00 hour (5 row sets, not 24). A max (the latest failure) cannot
 * be subtracted: `subtract: false` composes from whole units inside the span only.
 */
export type RollupUnit = 'day' | 'quarter' | 'hour';
export type RollupPiece = { unit: RollupUnit; start: number; sign: 1 | -1; bucket: number };

const HOUR_MS = 3_600_000;
// Coarsest first; each divides the one before it, and the last is the hour.
const LEVELS: ReadonlyArray<{ unit: RollupUnit; ms: number }> = [
  { unit: 'day', ms: 24 * HOUR_MS },
  { unit: 'quarter', ms: 6 * HOUR_MS },
  { unit: 'hour', ms: HOUR_MS },
];

/** The pieces of [start, end) (whole hours), each labelled `bucket`: the fewest the units allow. */
export function composeSpan(start: number, end: number, bucket: number, options: { subtract: boolean }): RollupPiece[] {
  if (start % HOUR_MS !== 0 || end % HOUR_MS !== 0) throw new Error('composeSpan: the span must fall on whole hours');
  return compose(start, end, 1, 0, bucket, options.subtract);
}

/** Every bucket of a chart, clipped to [from, to): `starts` are the buckets' starts in order. */
export function composeBuckets(starts: number[], from: number, to: number, options: { subtract: boolean }): RollupPiece[] {
  return starts.flatMap((bucket, i) => {
    const start = Math.max(bucket, from);
    const end = Math.min(starts[i + 1] ?? to, to);
    return start < end ? composeSpan(start, end, bucket, options) : [];
  });
}

/**
 * [start, end) at `level`: whole units of that level, and each edge either added from the finer
 * levels or, when a unit reaching past the edge is at least half inside, that unit with the part
 * outside taken off (finer levels, opposite sign). Whichever takes fewer pieces, against the finer
 * levels alone.
 */
function compose(start: number, end: number, sign: 1 | -1, level: number, bucket: number, subtract: boolean): RollupPiece[] {
  if (start >= end) return [];
  const { unit, ms } = LEVELS[level]!;
  if (level === LEVELS.length - 1) return unitPieces(unit, ms, start, end, sign, bucket);
  const finer = compose(start, end, sign, level + 1, bucket, subtract);
  const floor = (at: number) => Math.floor(at / ms) * ms;
  const ceil = (at: number) => Math.ceil(at / ms) * ms;
  const lead = start - floor(start);
  const trail = end - floor(end);
  const subtractLead = subtract && lead > 0 && lead <= ms / 2;
  const subtractTrail = subtract && trail > 0 && trail >= ms / 2;
  const unitsFrom = subtractLead ? floor(start) : ceil(start);
  const unitsTo = subtractTrail ? ceil(end) : floor(end);
  if (unitsFrom >= unitsTo) return finer;
  const opposite = (sign === 1 ? -1 : 1) as 1 | -1;
  const composed = [
    ...(subtractLead ? compose(unitsFrom, start, opposite, level + 1, bucket, subtract) : compose(start, unitsFrom, sign, level + 1, bucket, subtract)),
    ...unitPieces(unit, ms, unitsFrom, unitsTo, sign, bucket),
    ...(subtractTrail ? compose(end, unitsTo, opposite, level + 1, bucket, subtract) : compose(unitsTo, end, sign, level + 1, bucket, subtract)),
  ];
  return composed.length < finer.length ? composed : finer;
}

function unitPieces(unit: RollupUnit, ms: number, from: number, to: number, sign: 1 | -1, bucket: number): RollupPiece[] {
  const pieces: RollupPiece[] = [];
  for (let at = from; at < to; at += ms) pieces.push({ unit, start: at, sign, bucket });
  return pieces;
}

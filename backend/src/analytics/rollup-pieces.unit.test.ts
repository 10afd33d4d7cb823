import { describe, expect, it } from 'vitest';
import { composeBuckets, composeSpan, type RollupPiece } from './rollup-pieces';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

/** Which hours a set of pieces counts, and how often: each day stands for its 24 hours. */
function countedHours(pieces: RollupPiece[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const piece of pieces) {
    const hours = { day: 24, quarter: 6, hour: 1 }[piece.unit];
    for (let i = 0; i < hours; i++) counts.set(piece.start + i * HOUR, (counts.get(piece.start + i * HOUR) ?? 0) + piece.sign);
  }
  for (const [hour, count] of counts) if (count === 0) counts.delete(hour);
  return counts;
}

function everyHour(start: number, end: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let hour = start; hour < end; hour += HOUR) counts.set(hour, 1);
  return counts;
}

describe('composeSpan', () => {
  it('makes a New York day of its UTC day, less its first quarter, plus its 05:00 hour, plus the next day\'s first quarter, less its 05:00 hour', () => {
    const start = at('2026-01-15T05:00:00Z');
    const pieces = composeSpan(start, start + DAY, 0, { subtract: true });
    expect(pieces).toEqual([
      { unit: 'quarter', start: at('2026-01-15T00:00:00Z'), sign: -1, bucket: 0 },
      { unit: 'hour', start: at('2026-01-15T05:00:00Z'), sign: 1, bucket: 0 },
      { unit: 'day', start: at('2026-01-15T00:00:00Z'), sign: 1, bucket: 0 },
      { unit: 'quarter', start: at('2026-01-16T00:00:00Z'), sign: 1, bucket: 0 },
      { unit: 'hour', start: at('2026-01-16T05:00:00Z'), sign: -1, bucket: 0 },
    ]);
    expect(countedHours(pieces)).toEqual(everyHour(start, start + DAY));
  });

  it('counts exactly the span\'s hours for every offset, span and mode, with no more pieces than its hours', () => {
    for (const subtract of [true, false]) {
      for (let offset = 0; offset < 24; offset++) {
        for (const hours of [1, 5, 12, 23, 24, 25, 47, 7 * 24, 7 * 24 + 1]) {
          const start = at('2026-03-01T00:00:00Z') + offset * HOUR;
          const pieces = composeSpan(start, start + hours * HOUR, 0, { subtract });
          expect(countedHours(pieces), `${subtract} ${offset} ${hours}`).toEqual(everyHour(start, start + hours * HOUR));
          expect(pieces.length).toBeLessThanOrEqual(hours);
          if (!subtract) expect(pieces.every((piece) => piece.sign === 1)).toBe(true);
          // Never more than a day, two quarters and three hours at each edge: 11 row sets at most for any day.
          if (hours === 24 && subtract) expect(pieces.length).toBeLessThanOrEqual(11);
        }
      }
    }
  });

  it('takes whole UTC days as one piece each: a UTC week is seven', () => {
    const start = at('2026-03-02T00:00:00Z');
    expect(composeSpan(start, start + 7 * DAY, 0, { subtract: false })).toHaveLength(7);
  });

  it('refuses a span off whole hours', () => {
    expect(() => composeSpan(at('2026-03-02T00:30:00Z'), at('2026-03-02T05:00:00Z'), 0, { subtract: true })).toThrow(/whole hours/);
  });
});

describe('composeBuckets', () => {
  it('labels each bucket\'s pieces with its start and clips the first and last to the range, across a 23-hour day', () => {
    // New York days around the March change: the 8th is 23 hours long.
    const starts = ['2026-03-07T05:00:00Z', '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z', '2026-03-10T04:00:00Z'].map(at);
    const from = at('2026-03-07T09:00:00Z');
    const to = at('2026-03-10T10:00:00Z');
    const pieces = composeBuckets(starts, from, to, { subtract: true });
    const spans = [
      [from, starts[1]!],
      [starts[1]!, starts[2]!],
      [starts[2]!, starts[3]!],
      [starts[3]!, to],
    ];
    spans.forEach(([start, end], i) => {
      expect(countedHours(pieces.filter((piece) => piece.bucket === starts[i])), `bucket ${i}`).toEqual(everyHour(start!, end!));
    });
  });
});

import type { PoolClient } from 'pg';
import { describe, expect, it } from 'vitest';
import type { AnalyticsWindow } from './analytics-window';
import { isRollupAnswerable } from './rollup-eligibility';

/** A connection that answers the whole-hours check with `whole` and counts how often it was asked. */
function fakeDb(whole: boolean) {
  const asked: unknown[][] = [];
  const db = {
    query: async (_text: string, values: unknown[]) => {
      asked.push(values);
      return { rows: [{ whole }] };
    },
  } as unknown as PoolClient;
  return { db, asked };
}

function windowOf(timeZone: string, from: string, to: string, segment: AnalyticsWindow['segment'] = null): AnalyticsWindow {
  return { timeZone, from: new Date(from), to: new Date(to), segment } as AnalyticsWindow;
}

// The memory is the module's, and the test files of a worker share modules (--no-isolate): ranges
// no other test asks for (2041), so that an answer remembered elsewhere does not stand in for the database's.
describe('isRollupAnswerable', () => {
  it('asks the database once per zone and range, and remembers its answer', async () => {
    const yes = fakeDb(true);
    const newYork = windowOf('America/New_York', '2041-03-07T05:00:00Z', '2041-03-12T04:00:00Z');
    expect(await isRollupAnswerable(yes.db, newYork)).toBe(true);
    expect(await isRollupAnswerable(yes.db, newYork)).toBe(true);
    expect(yes.asked).toHaveLength(1);

    // Another zone over the same instants is its own question, and a no is remembered too.
    const no = fakeDb(false);
    const kolkata = windowOf('Asia/Kolkata', '2041-03-07T05:00:00Z', '2041-03-12T04:00:00Z');
    expect(await isRollupAnswerable(no.db, kolkata)).toBe(false);
    expect(await isRollupAnswerable(no.db, kolkata)).toBe(false);
    expect(no.asked).toHaveLength(1);
  });

  it('answers no without asking for a range off the whole hour or a segment', async () => {
    const { db, asked } = fakeDb(true);
    expect(await isRollupAnswerable(db, windowOf('UTC', '2041-04-07T05:30:00Z', '2041-04-12T04:00:00Z'))).toBe(false);
    expect(await isRollupAnswerable(db, windowOf('UTC', '2041-04-07T05:00:00Z', '2041-04-12T04:00:00Z', {} as AnalyticsWindow['segment']))).toBe(false);
    expect(asked).toHaveLength(0);
  });
});

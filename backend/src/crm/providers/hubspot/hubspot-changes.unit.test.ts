import { describe, expect, it } from 'vitest';
import { findNextWindow } from './hubspot-changes';
import type { TSearchWindow } from './hubspot-cursor';

const CAP = 10_000;
const at = (time: number) => new Date(time).toISOString();
const result = (id: string, modified: number) => ({ id, properties: { hs_lastmodifieddate: at(modified) } });
const page = (results: ReturnType<typeof result>[], after?: string) => ({ results, ...(after === undefined ? {} : { paging: { next: { after } } }) });

describe('findNextWindow', () => {
  const range: TSearchWindow = { mode: 'range', from: 1000, inclusive: true, first: 1000, offset: 0 };

  it('pages on within the cap', () => {
    expect(findNextWindow(range, page([result('1', 1000)], '200'), CAP)).toEqual({ ...range, offset: 200 });
  });

  it('ends the changes phase when a range query has no next page', () => {
    expect(findNextWindow({ ...range, offset: 400 }, page([result('1', 5000)]), CAP)).toBeNull();
  });

  it('starts a new query at the last modification seen, inclusive, before the cap', () => {
    expect(findNextWindow({ ...range, offset: 9800 }, page([result('1', 4000), result('2', 5000)], '10000'), CAP)).toEqual({
      mode: 'range',
      from: 5000,
      inclusive: true,
      first: null,
      offset: 0,
    });
  });

  it('reads a window of one instant by id instead of restarting where it started', () => {
    const oneInstant: TSearchWindow = { mode: 'range', from: 500, inclusive: true, first: 7000, offset: 9800 };
    expect(findNextWindow(oneInstant, page([result('5', 7000)], '10000'), CAP)).toEqual({ mode: 'tie', at: 7000, afterId: '0', offset: 0 });
  });

  it('moves a by-id walk past its cap by id, and on past the instant once drained', () => {
    const tie: TSearchWindow = { mode: 'tie', at: 7000, afterId: '0', offset: 9800 };
    expect(findNextWindow(tie, page([result('12', 7000), result('9999', 7000)], '10000'), CAP)).toEqual({ mode: 'tie', at: 7000, afterId: '9999', offset: 0 });
    expect(findNextWindow({ ...tie, offset: 200 }, page([result('12', 7000)]), CAP)).toEqual({ mode: 'range', from: 7000, inclusive: false, first: null, offset: 0 });
  });

  it('refuses an offset that does not move forward', () => {
    expect(() => findNextWindow({ ...range, offset: 400 }, page([result('1', 1000)], '400'), CAP)).toThrow(/same page cursor/);
    expect(() => findNextWindow({ ...range, offset: 400 }, page([result('1', 1000)], '200'), CAP)).toThrow(/backwards/);
  });
});

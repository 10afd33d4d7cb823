import { describe, expect, it } from 'vitest';
import { effectiveGranularity, isLocalDate, localDateAt, MAX_RANGE_DAYS, resolveRange, startOfLocalDay } from './analytics-range';

describe('startOfLocalDay', () => {
  it('is local midnight in the zone, at the offset of that day', () => {
    expect(startOfLocalDay('2026-01-15', 'America/New_York').toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(startOfLocalDay('2026-07-15', 'America/New_York').toISOString()).toBe('2026-07-15T04:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'Asia/Kolkata').toISOString()).toBe('2026-03-08T18:30:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'UTC').toISOString()).toBe('2026-03-09T00:00:00.000Z');
  });

  it('starts the days either side of a daylight-saving change at their own offsets', () => {
    // New York springs forward on 2026-03-08 at 02:00: that day lasts 23 hours.
    const changeDay = startOfLocalDay('2026-03-08', 'America/New_York');
    const nextDay = startOfLocalDay('2026-03-09', 'America/New_York');
    expect(changeDay.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(nextDay.getTime() - changeDay.getTime()).toBe(23 * 3_600_000);
    // Paris falls back on 2026-10-25: 25 hours.
    expect(startOfLocalDay('2026-10-26', 'Europe/Paris').getTime() - startOfLocalDay('2026-10-25', 'Europe/Paris').getTime()).toBe(25 * 3_600_000);
  });
});

describe('resolveRange', () => {
  const now = new Date('2026-03-10T03:30:00Z'); // still 9 March in New York

  it('ends a preset with today in the zone, today included', () => {
    const range = resolveRange({ range: '7d' }, 'America/New_York', now);
    expect(range).toEqual({ fromDate: '2026-03-03', toDate: '2026-03-09', from: '2026-03-03T05:00:00.000Z', to: '2026-03-10T04:00:00.000Z', days: 7 });
    expect(localDateAt(now, 'UTC')).toBe('2026-03-10');
    expect(resolveRange({ range: '90d' }, 'UTC', now).fromDate).toBe('2025-12-11');
  });

  it('runs a custom range between its two days, both included', () => {
    const range = resolveRange({ range: 'custom', fromDate: '2026-02-01', toDate: '2026-02-28' }, 'UTC', now);
    expect(range).toMatchObject({ from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', days: 28 });
  });

  it('falls back to 30 days for a custom range that is incomplete or backwards, and caps a long one', () => {
    expect(resolveRange({ range: 'custom', fromDate: '2026-02-10', toDate: '2026-02-01' }, 'UTC', now).days).toBe(30);
    expect(resolveRange({ range: 'custom', fromDate: null, toDate: '2026-02-01' }, 'UTC', now).days).toBe(30);
    const long = resolveRange({ range: 'custom', fromDate: '2020-01-01', toDate: '2026-02-01' }, 'UTC', now);
    expect(long.days).toBe(MAX_RANGE_DAYS);
    expect(long.toDate).toBe('2026-02-01');
  });
});

describe('effectiveGranularity', () => {
  it('draws a range over 31 days by day when hours were asked for', () => {
    expect(effectiveGranularity('hour', { days: 7 })).toBe('hour');
    expect(effectiveGranularity('hour', { days: 90 })).toBe('day');
    expect(effectiveGranularity('week', { days: 90 })).toBe('week');
  });
});

describe('isLocalDate', () => {
  it('takes real calendar days only', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2026-2-3')).toBe(false);
    expect(isLocalDate(null)).toBe(false);
  });
});

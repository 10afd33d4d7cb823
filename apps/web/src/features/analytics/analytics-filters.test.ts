import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, formatAnalyticsFilters, parseAnalyticsFilters, toAnalyticsRequest } from './analytics-filters';

const SEGMENT = '3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('parseAnalyticsFilters', () => {
  it('reads back what formatAnalyticsFilters wrote', () => {
    const filters = { range: 'custom' as const, fromDate: '2026-02-01', toDate: '2026-02-14', granularity: 'hour' as const, platform: 'zoho' as const, segment: SEGMENT };
    expect(parseAnalyticsFilters(formatAnalyticsFilters(filters))).toEqual(filters);
  });

  it('leaves the defaults out of the URL', () => {
    expect(formatAnalyticsFilters(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('falls back to the defaults for values it does not know', () => {
    const params = new URLSearchParams({ range: '5y', granularity: 'month', platform: 'pipedrive', segment: 'drop table', from: '2026-13-01' });
    expect(parseAnalyticsFilters(params)).toEqual(DEFAULT_FILTERS);
  });
});

describe('toAnalyticsRequest', () => {
  it('sends the range in the zone and draws a long range by day even when hours were chosen', () => {
    const { request, range } = toAnalyticsRequest({ ...DEFAULT_FILTERS, range: '90d', granularity: 'hour', platform: 'hubspot' }, 'Europe/Paris', new Date('2026-06-30T12:00:00Z'));
    expect(range.days).toBe(90);
    expect(request).toEqual({
      from: '2026-04-01T22:00:00.000Z', // 2 April, Paris midnight (summer time)
      to: '2026-06-30T22:00:00.000Z',
      granularity: 'day',
      platform: 'hubspot',
      segment: null,
      timeZone: 'Europe/Paris',
    });
  });
});

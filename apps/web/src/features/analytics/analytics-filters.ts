import { ANALYTICS_GRANULARITIES, PLATFORMS, type TAnalyticsGranularity, type TPlatform } from '@voiceagent/shared';
import { effectiveGranularity, isLocalDate, RANGE_PRESETS, resolveRange, type AnalyticsRange, type LocalDate, type RangeChoice } from './analytics-range';

/** What the Analytics screen shows, as its URL holds it (so a view can be shared and survives a reload). */
export type AnalyticsFilters = {
  range: RangeChoice;
  fromDate: LocalDate | null;
  toDate: LocalDate | null;
  granularity: TAnalyticsGranularity;
  platform: TPlatform | null;
  segment: string | null;
};

export const DEFAULT_FILTERS: AnalyticsFilters = { range: '30d', fromDate: null, toDate: null, granularity: 'day', platform: null, segment: null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null => (value !== null && (values as readonly string[]).includes(value) ? (value as T) : null);

/** Unknown or malformed values fall back to the defaults rather than failing the page. */
export function parseAnalyticsFilters(params: URLSearchParams): AnalyticsFilters {
  const range = oneOf<RangeChoice>([...RANGE_PRESETS, 'custom'], params.get('range')) ?? DEFAULT_FILTERS.range;
  const fromDate = params.get('from');
  const toDate = params.get('to');
  const segment = params.get('segment');
  return {
    range,
    fromDate: range === 'custom' && isLocalDate(fromDate) ? fromDate : null,
    toDate: range === 'custom' && isLocalDate(toDate) ? toDate : null,
    granularity: oneOf(ANALYTICS_GRANULARITIES, params.get('granularity')) ?? DEFAULT_FILTERS.granularity,
    platform: oneOf(PLATFORMS, params.get('platform')),
    segment: segment !== null && UUID.test(segment) ? segment : null,
  };
}

/** The URL form: defaults left out. */
export function formatAnalyticsFilters(filters: AnalyticsFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.range !== DEFAULT_FILTERS.range) params.set('range', filters.range);
  if (filters.range === 'custom') {
    if (filters.fromDate) params.set('from', filters.fromDate);
    if (filters.toDate) params.set('to', filters.toDate);
  }
  if (filters.granularity !== DEFAULT_FILTERS.granularity) params.set('granularity', filters.granularity);
  if (filters.platform) params.set('platform', filters.platform);
  if (filters.segment) params.set('segment', filters.segment);
  return params;
}

/** What every section's endpoint is asked: the range's instants in the zone, and the filters. */
export type AnalyticsRequest = {
  from: string;
  to: string;
  granularity: TAnalyticsGranularity;
  platform: TPlatform | null;
  segment: string | null;
  timeZone: string;
};

export function toAnalyticsRequest(filters: AnalyticsFilters, timeZone: string, now: Date): { request: AnalyticsRequest; range: AnalyticsRange } {
  const range = resolveRange(filters, timeZone, now);
  return {
    range,
    request: {
      from: range.from,
      to: range.to,
      granularity: effectiveGranularity(filters.granularity, range),
      platform: filters.platform,
      segment: filters.segment,
      timeZone,
    },
  };
}

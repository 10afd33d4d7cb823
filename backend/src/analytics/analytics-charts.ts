import { PLATFORM_PROMPT_NAMES, PLATFORMS, type TAnalyticsColumn, type TAnalyticsSeries, type TAnalyticsUnit, type TPlatform, type TTableChart, type TTimeSeriesChart } from '@voiceagent/shared';
import type { AnalyticsWindow } from './analytics-window';

/** A figure as SQL returns it for a time series: its bucket (epoch ms), its series key, its value. */
export type BucketRow = { bucket: string | number; key: string; value: number | string | null };

export type SeriesSpec = { key: string; label: string; platform: TPlatform | null };

/**
 * Lays rows out on the window's buckets: one series per spec (in the given order), a value per
 * bucket; a bucket without a row is `empty` (0 for counts, null for rates and means).
 */
export function toTimeSeries(
  window: AnalyticsWindow,
  chart: { key: string; title: string; unit: TAnalyticsUnit },
  specs: readonly SeriesSpec[],
  rows: readonly BucketRow[],
  empty: 0 | null,
): TTimeSeriesChart {
  const index = new Map(window.starts.map((start, i) => [start, i]));
  const series: TAnalyticsSeries[] = specs.map((spec) => ({ ...spec, values: window.starts.map(() => empty) }));
  const byKey = new Map(series.map((line) => [line.key, line]));
  for (const row of rows) {
    const at = index.get(Number(row.bucket));
    const line = byKey.get(row.key);
    // A row outside the listed buckets cannot happen for a range-filtered query; ignore rather than misplace.
    if (at === undefined || !line) continue;
    line.values[at] = row.value === null ? null : Number(row.value);
  }
  return { kind: 'timeseries', key: chart.key, title: chart.title, unit: chart.unit, buckets: window.labels, series };
}

export function toTable(chart: { key: string; title: string }, columns: TAnalyticsColumn[], rows: Record<string, string | number | null>[]): TTableChart {
  return { kind: 'table', key: chart.key, title: chart.title, columns, rows };
}

/** Numbers from pg (bigint and numeric arrive as text). */
export function toNumber(value: string | number | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** A ratio, or null without a denominator; rounded so that JSON and CSV agree on what was computed. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : null;
}

/** The platforms a chart draws a series for: the filtered one, else every one (zeros where none). */
export function chartPlatforms(window: AnalyticsWindow): TPlatform[] {
  return window.platform ? [window.platform] : [...PLATFORMS];
}

/** One series per platform, keyed by the platform. */
export function platformSeries(window: AnalyticsWindow): SeriesSpec[] {
  return chartPlatforms(window).map((platform) => ({ key: platform, label: PLATFORM_PROMPT_NAMES[platform], platform }));
}

/** One series per platform × item (`hubspot:completed`), labelled "HubSpot · answered". */
export function platformItemSeries(window: AnalyticsWindow, items: readonly { key: string; label: string }[]): SeriesSpec[] {
  return chartPlatforms(window).flatMap((platform) =>
    items.map((item) => ({ key: `${platform}:${item.key}`, label: `${PLATFORM_PROMPT_NAMES[platform]} · ${item.label}`, platform })),
  );
}

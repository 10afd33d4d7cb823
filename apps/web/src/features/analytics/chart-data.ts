import type { TAnalyticsChart, TAnalyticsGranularity, TAnalyticsUnit, THeatMapChart, TTimeSeriesChart } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../../config/platform-labels';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// The bucket's wall-clock start is written in the string itself, at the zone's offset then.
const BUCKET_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;

/** "Mar 8", "Mar 8, 14:00" for hours, with the year when the range crosses one; read from the bucket's own wall clock, never the browser's zone. */
export function formatBucket(bucket: string, granularity: TAnalyticsGranularity, { withYear = false }: { withYear?: boolean } = {}): string {
  const match = BUCKET_PATTERN.exec(bucket);
  if (!match) return bucket;
  const [, year, month, day, hour, minute] = match as unknown as [string, string, string, string, string, string];
  const date = `${MONTHS[Number(month) - 1]} ${Number(day)}${withYear ? `, ${year}` : ''}`;
  if (granularity === 'hour') return `${date}, ${hour}:${minute}`;
  return granularity === 'week' ? `Week of ${date}` : date;
}

function crossesYears(buckets: string[]): boolean {
  return buckets.length > 1 && buckets[0]!.slice(0, 4) !== buckets.at(-1)!.slice(0, 4);
}

/** Colours for series in order (Mantine names); a chart rarely draws more than a handful. */
const SERIES_COLORS = ['blue.7', 'orange.7', 'teal.7', 'grape.7', 'red.7', 'indigo.7', 'lime.8', 'pink.7', 'cyan.8', 'yellow.8', 'violet.7', 'green.8', 'gray.7'];

export type ChartRow = { bucket: string } & Record<string, number | string | null>;
export type ChartSeries = { name: string; label: string; color: string };

/**
 * A time series as the chart library wants it: one row per bucket, a column per series under a
 * safe key (s0, s1…: series keys may hold dots, which the library reads as paths). Series with
 * nothing in the range are left out of the drawing; the table keeps them.
 */
export function toTimeSeriesRows(chart: TTimeSeriesChart, granularity: TAnalyticsGranularity): { rows: ChartRow[]; series: ChartSeries[] } {
  const withYear = crossesYears(chart.buckets);
  const drawn = chart.series.map((series, index) => ({ series, index })).filter(({ series }) => series.values.some((value) => value !== null && value !== 0));
  const rows = chart.buckets.map((bucket, i) => ({
    bucket: formatBucket(bucket, granularity, { withYear }),
    ...Object.fromEntries(drawn.map(({ index, series }) => [`s${index}`, series.values[i] ?? null])),
  })) as ChartRow[];
  const series = drawn.map(({ series, index }) => ({ name: `s${index}`, label: series.label, color: SERIES_COLORS[index % SERIES_COLORS.length]! }));
  return { rows, series };
}

/** The table alternative of a time series: a row per bucket, a column per series (as the CSV lays it out). */
export function toTimeSeriesTable(chart: TTimeSeriesChart, granularity: TAnalyticsGranularity): { columns: string[]; rows: Array<{ bucket: string; iso: string; values: Array<number | null> }> } {
  const withYear = crossesYears(chart.buckets);
  return {
    columns: chart.series.map((series) => series.label),
    rows: chart.buckets.map((bucket, i) => ({ bucket: formatBucket(bucket, granularity, { withYear }), iso: bucket, values: chart.series.map((series) => series.values[i] ?? null) })),
  };
}

/** Nothing to draw: no non-zero value, no row, no call. */
export function isChartEmpty(chart: TAnalyticsChart): boolean {
  switch (chart.kind) {
    case 'timeseries':
      return chart.series.every((series) => series.values.every((value) => value === null || value === 0));
    case 'table':
      return chart.rows.length === 0;
    case 'heatmap':
      return chart.calls.every((row) => row.every((calls) => calls === 0));
  }
}

const count = new Intl.NumberFormat('en');
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** A value as people read it, by what it means. */
export function formatValue(value: string | number | null | undefined, unit: TAnalyticsUnit): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') {
    if (unit === 'platform' && value in PLATFORM_LABELS) return PLATFORM_LABELS[value as keyof typeof PLATFORM_LABELS];
    if (unit === 'datetime') {
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? value : dateTime.format(date);
    }
    return value;
  }
  switch (unit) {
    case 'ratio': {
      const percent = Math.round(value * 1000) / 10;
      return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
    }
    case 'seconds':
      return value < 60 ? `${decimal.format(value)} s` : `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
    case 'per_second':
      return `${decimal.format(value)}/s`;
    case 'count':
      return count.format(value);
    default:
      return String(value);
  }
}

/** Linear-light luminance of an sRGB colour, as WCAG defines it. */
function luminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

const LOW: [number, number, number] = [241, 243, 245];
const HIGH: [number, number, number] = [24, 100, 171];

/**
 * A heat-map cell's colours: from pale grey (0%) to deep blue (100%), blank where nothing was
 * called; the text is black or white, whichever keeps 4.5:1 against that background.
 */
export function heatCellColors(rate: number | null): { background: string; color: string } {
  if (rate === null) return { background: '#ffffff', color: '#495057' };
  const t = Math.min(1, Math.max(0, rate));
  const mixed = LOW.map((low, i) => Math.round(low + (HIGH[i]! - low) * t)) as [number, number, number];
  return { background: `rgb(${mixed.join(', ')})`, color: luminance(mixed) > 0.179 ? '#000000' : '#ffffff' };
}

/** The heat map as rows of one weekday × hour each (its table alternative and the CSV's layout). */
export function toHeatMapRows(chart: THeatMapChart): Array<{ weekday: string; hour: string; calls: number; answered: number; rate: number | null }> {
  return chart.rowLabels.flatMap((weekday, d) =>
    chart.columnLabels.map((hour, h) => ({ weekday, hour, calls: chart.calls[d]?.[h] ?? 0, answered: chart.answered[d]?.[h] ?? 0, rate: chart.rate[d]?.[h] ?? null })),
  );
}

/** "14:00" for an hour column labelled "14" or "14:00". */
export function formatHour(label: string): string {
  return /^\d{1,2}$/.test(label) ? `${label.padStart(2, '0')}:00` : label;
}

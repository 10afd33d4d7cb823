import { stringify } from 'csv-stringify/sync';
import type { TAnalyticsChart } from '@voiceagent/shared';
import { formatCell, type CsvCell } from '../exports/csv-cells';
import { toDateStamp } from '../exports/export-file';
import { AppError } from '../http/app-error';
import type { RawResponse } from '../http/endpoint-handler';

type Grid = { header: string[]; rows: unknown[][] };

/** One chart as a table: a time series one row per bucket, a heat map one row per weekday × hour. */
export function chartToGrid(chart: TAnalyticsChart): Grid {
  if (chart.kind === 'timeseries') {
    return { header: ['Bucket', ...chart.series.map((line) => line.label)], rows: chart.buckets.map((bucket, i) => [bucket, ...chart.series.map((line) => line.values[i])]) };
  }
  if (chart.kind === 'table') {
    return { header: chart.columns.map((column) => column.label), rows: chart.rows.map((row) => chart.columns.map((column) => row[column.key])) };
  }
  const rows = chart.rowLabels.flatMap((weekday, d) => chart.columnLabels.map((hour, h) => [weekday, hour, chart.calls[d]![h], chart.answered[d]![h], chart.rate[d]![h]]));
  return { header: ['Weekday', 'Hour', 'Calls', 'Answered', 'Answer rate'], rows };
}

/** Every chart in long form: one row per figure (chart, row, column, value). */
function chartsToLongGrid(charts: readonly TAnalyticsChart[]): Grid {
  const rows: unknown[][] = [];
  for (const chart of charts) {
    const grid = chartToGrid(chart);
    // A time series' or heat map's row is named by its first cells (the bucket, the weekday and hour); a table's by its first column.
    const labelCells = chart.kind === 'heatmap' ? 2 : 1;
    for (const row of grid.rows) {
      const label = row.slice(0, labelCells).map((cell) => (cell === null || cell === undefined ? '' : String(cell))).join(' ');
      grid.header.slice(labelCells).forEach((column, i) => rows.push([chart.key, label, column, row[labelCells + i]]));
    }
  }
  return { header: ['Chart', 'Row', 'Column', 'Value'], rows };
}

/** The section as the exports write CSV (BOM, CRLF, text quoted, formulas neutralised), as an attachment. */
export function writeAnalyticsCsv(section: string, charts: readonly TAnalyticsChart[], chartKey: string | undefined, now: Date): RawResponse {
  const chosen = chartKey ? charts.filter((chart) => chart.key === chartKey) : charts;
  // Only the answer rate by a custom field can be absent: it needs `field`.
  if (chartKey && !chosen[0]) throw new AppError('validation_failed', `The chart ${chartKey} needs \`field\``, { issues: [{ field: 'field', message: `required for chart ${chartKey}` }] });
  const grid = chosen[0] && chartKey ? chartToGrid(chosen[0]) : chartsToLongGrid(chosen);
  const records: CsvCell[][] = [grid.header.map((cell) => formatCell(cell)), ...grid.rows.map((row) => row.map((cell) => formatCell(cell)))];
  const body = stringify(records, { bom: true, quoted_string: true, record_delimiter: 'windows' });
  const name = chartKey ? `analytics-${section}-${chartKey}` : `analytics-${section}`;
  return { body, headers: { 'Content-Disposition': `attachment; filename="${name}-${toDateStamp(now.getTime())}.csv"` } };
}

/** The charts of a section's answer, in its order (meta and totals are not charts). */
export function chartsOf(section: Record<string, unknown>): TAnalyticsChart[] {
  return Object.values(section).filter((value): value is TAnalyticsChart => typeof value === 'object' && value !== null && 'kind' in value);
}

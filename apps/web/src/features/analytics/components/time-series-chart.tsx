import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import type { TAnalyticsGranularity, TTimeSeriesChart } from '@voiceagent/shared';
import { formatValue, toTimeSeriesRows } from '../chart-data';

/**
 * One time series drawn: counts as stacked bars, durations and rates as lines (a gap where a
 * bucket has nothing to average). Its own chunk, with recharts; hidden from screen readers,
 * who read the table beside it.
 */
export default function TimeSeriesChart({ chart, granularity }: { chart: TTimeSeriesChart; granularity: TAnalyticsGranularity }) {
  const { rows, series } = toTimeSeriesRows(chart, granularity);
  const valueFormatter = (value: number) => formatValue(value, chart.unit);
  const common = { h: 240, data: rows, dataKey: 'bucket', series, withLegend: true, legendProps: { verticalAlign: 'bottom' as const }, valueFormatter, tickLine: 'y' as const };
  return (
    <div aria-hidden="true">
      {chart.unit === 'count' ? (
        <BarChart {...common} type="stacked" yAxisProps={{ allowDecimals: false }} />
      ) : (
        <LineChart {...common} curveType="monotone" connectNulls={false} withDots={rows.length <= 31} />
      )}
    </div>
  );
}

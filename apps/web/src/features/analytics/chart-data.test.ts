import type { THeatMapChart, TTimeSeriesChart } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { formatBucket, formatHour, formatValue, heatCellColors, isChartEmpty, toHeatMapRows, toTimeSeriesRows, toTimeSeriesTable } from './chart-data';

const outcomes: TTimeSeriesChart = {
  kind: 'timeseries',
  key: 'outcomes',
  title: 'Outcomes',
  unit: 'count',
  buckets: ['2026-03-07T00:00:00-05:00', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00'],
  series: [
    { key: 'hubspot.completed', label: 'HubSpot · answered', platform: 'hubspot', values: [1, 0, 4] },
    { key: 'zoho.completed', label: 'Zoho CRM · answered', platform: 'zoho', values: [0, 0, 0] },
    { key: 'hubspot.failed', label: 'HubSpot · failed', platform: 'hubspot', values: [null, 2, 0] },
  ],
};

describe('formatBucket', () => {
  it('reads the wall clock written in the bucket, whatever the offset', () => {
    expect(formatBucket('2026-03-09T00:00:00-04:00', 'day')).toBe('Mar 9');
    expect(formatBucket('2026-03-08T03:00:00-04:00', 'hour')).toBe('Mar 8, 03:00');
    expect(formatBucket('2026-03-02T00:00:00+01:00', 'week')).toBe('Week of Mar 2');
    expect(formatBucket('2025-12-31T00:00:00Z', 'day', { withYear: true })).toBe('Dec 31, 2025');
  });
});

describe('toTimeSeriesRows', () => {
  it('makes a row per bucket and draws only the series with something in the range, under safe keys', () => {
    const { rows, series } = toTimeSeriesRows(outcomes, 'day');
    expect(series.map((s) => [s.name, s.label])).toEqual([
      ['s0', 'HubSpot · answered'],
      ['s2', 'HubSpot · failed'],
    ]);
    expect(rows).toEqual([
      { bucket: 'Mar 7', s0: 1, s2: null },
      { bucket: 'Mar 8', s0: 0, s2: 2 },
      { bucket: 'Mar 9', s0: 4, s2: 0 },
    ]);
  });

  it('names the year on every bucket of a range across New Year', () => {
    const chart = { ...outcomes, buckets: ['2025-12-31T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'] };
    expect(toTimeSeriesRows(chart, 'day').rows.map((row) => row.bucket)).toEqual(['Dec 31, 2025', 'Jan 1, 2026', 'Jan 2, 2026']);
  });
});

describe('toTimeSeriesTable', () => {
  it('keeps every series as a column, the empty ones too', () => {
    const table = toTimeSeriesTable(outcomes, 'day');
    expect(table.columns).toEqual(['HubSpot · answered', 'Zoho CRM · answered', 'HubSpot · failed']);
    expect(table.rows[1]).toEqual({ bucket: 'Mar 8', iso: '2026-03-08T00:00:00-05:00', values: [0, 0, 2] });
  });
});

const heatMap: THeatMapChart = {
  kind: 'heatmap',
  key: 'answerHeatMap',
  title: 'Answer rate',
  unit: 'ratio',
  rowLabels: ['Mon', 'Tue'],
  columnLabels: ['00', '01'],
  calls: [
    [0, 4],
    [2, 0],
  ],
  answered: [
    [0, 1],
    [2, 0],
  ],
  rate: [
    [null, 0.25],
    [1, null],
  ],
};

describe('isChartEmpty', () => {
  it('is empty with only zeros and nulls, no rows, or no calls', () => {
    expect(isChartEmpty(outcomes)).toBe(false);
    expect(isChartEmpty({ ...outcomes, series: outcomes.series.map((s) => ({ ...s, values: [0, null, 0] })) })).toBe(true);
    expect(isChartEmpty({ kind: 'table', key: 'k', title: 't', columns: [], rows: [] })).toBe(true);
    expect(isChartEmpty(heatMap)).toBe(false);
    expect(isChartEmpty({ ...heatMap, calls: [[0, 0], [0, 0]] })).toBe(true);
  });
});

describe('toHeatMapRows', () => {
  it('lists every weekday × hour with its calls, answers and rate', () => {
    expect(toHeatMapRows(heatMap)).toEqual([
      { weekday: 'Mon', hour: '00', calls: 0, answered: 0, rate: null },
      { weekday: 'Mon', hour: '01', calls: 4, answered: 1, rate: 0.25 },
      { weekday: 'Tue', hour: '00', calls: 2, answered: 2, rate: 1 },
      { weekday: 'Tue', hour: '01', calls: 0, answered: 0, rate: null },
    ]);
  });
});

describe('formatValue', () => {
  it('formats by unit', () => {
    expect(formatValue(1234, 'count')).toBe('1,234');
    expect(formatValue(0.4567, 'ratio')).toBe('45.7%');
    expect(formatValue(0.5, 'ratio')).toBe('50%');
    expect(formatValue(42.25, 'seconds')).toBe('42.3 s');
    expect(formatValue(125, 'seconds')).toBe('2 min 5 s');
    expect(formatValue(12.34, 'per_second')).toBe('12.3/s');
    expect(formatValue('zoho', 'platform')).toBe('Zoho CRM');
    expect(formatValue(null, 'count')).toBe('—');
  });
});

describe('heatCellColors', () => {
  it('darkens with the rate and switches the text to white on the dark end', () => {
    expect(heatCellColors(0)).toEqual({ background: 'rgb(241, 243, 245)', color: '#000000' });
    expect(heatCellColors(1)).toEqual({ background: 'rgb(24, 100, 171)', color: '#ffffff' });
    expect(heatCellColors(null).background).toBe('#ffffff');
  });
});

describe('formatHour', () => {
  it('writes a bare hour as a clock time and leaves one already written so', () => {
    expect(formatHour('7')).toBe('07:00');
    expect(formatHour('14:00')).toBe('14:00');
  });
});

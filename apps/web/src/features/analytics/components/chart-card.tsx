import { Group, Paper, Skeleton, Stack, Switch, Text, Title, VisuallyHidden } from '@mantine/core';
import type { TAnalyticsChart, TAnalyticsGranularity } from '@voiceagent/shared';
import { lazy, Suspense, useId, useState, type ReactNode } from 'react';
import { isChartEmpty } from '../chart-data';
import { HeatMap, HeatMapTable } from './heat-map';
import { TableChart } from './table-chart';
import { TimeSeriesTable } from './time-series-table';

const TimeSeriesChart = lazy(() => import('./time-series-chart'));

type ChartCardProps = {
  chart: TAnalyticsChart;
  granularity: TAnalyticsGranularity;
  /** The download of this chart's data (an ExportCsvButton on the section's endpoint). */
  csv: ReactNode;
  /** What the figure counts, when its title alone does not say. */
  description?: string;
};

/**
 * One chart of a section: its title, the drawing (or "nothing in this range"), a switch to read
 * it as a table, and its CSV. A drawn chart is hidden from screen readers, who get the table.
 */
export function ChartCard({ chart, granularity, csv, description }: ChartCardProps) {
  const headingId = useId();
  const [isTable, setIsTable] = useState(false);
  const isEmpty = isChartEmpty(chart);
  // A table chart is its own table; the others can be read either way.
  const canSwitch = !isEmpty && chart.kind !== 'table';

  return (
    <Paper withBorder radius="md" p="md" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Stack gap={2}>
            <Title order={3} size="h5" id={headingId}>
              {chart.title}
            </Title>
            {description && (
              <Text size="xs" c="gray.7">
                {description}
              </Text>
            )}
          </Stack>
          <Group gap="xs" wrap="nowrap" align="center">
            {canSwitch && <Switch size="xs" label="Show as table" checked={isTable} onChange={(event) => setIsTable(event.currentTarget.checked)} />}
            {csv}
          </Group>
        </Group>
        {isEmpty ? (
          <Text size="sm" c="gray.7">
            Nothing in this range.
          </Text>
        ) : (
          <ChartBody chart={chart} granularity={granularity} isTable={isTable} />
        )}
      </Stack>
    </Paper>
  );
}

function ChartBody({ chart, granularity, isTable }: { chart: TAnalyticsChart; granularity: TAnalyticsGranularity; isTable: boolean }) {
  switch (chart.kind) {
    case 'table':
      return <TableChart chart={chart} />;
    case 'heatmap':
      return isTable ? <HeatMapTable chart={chart} /> : <HeatMap chart={chart} />;
    case 'timeseries':
      return isTable ? (
        <TimeSeriesTable chart={chart} granularity={granularity} />
      ) : (
        <>
          <Suspense fallback={<Skeleton height={240} aria-hidden="true" />}>
            <TimeSeriesChart chart={chart} granularity={granularity} />
          </Suspense>
          {/* Screen readers skip the drawing; this is what they read instead. */}
          <VisuallyHidden>
            <TimeSeriesTable chart={chart} granularity={granularity} isFramed={false} />
          </VisuallyHidden>
        </>
      );
  }
}

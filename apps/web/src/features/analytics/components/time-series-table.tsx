import { Table } from '@mantine/core';
import type { TAnalyticsGranularity, TTimeSeriesChart } from '@voiceagent/shared';
import { formatValue, toTimeSeriesTable } from '../chart-data';
import { TableFrame } from './table-frame';

/** A time series as a table: a row per bucket, a column per series. `isFramed`: in its own scrolling frame (not when visually hidden). */
export function TimeSeriesTable({ chart, granularity, isFramed = true }: { chart: TTimeSeriesChart; granularity: TAnalyticsGranularity; isFramed?: boolean }) {
  const table = toTimeSeriesTable(chart, granularity);
  const body = (
      <Table striped verticalSpacing={4} fz="sm" stickyHeader={isFramed}>
        <Table.Caption>{chart.title}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{granularity === 'hour' ? 'Hour' : granularity === 'week' ? 'Week' : 'Day'}</Table.Th>
            {table.columns.map((column, i) => (
              <Table.Th scope="col" ta="right" key={`${i}-${column}`}>
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.map((row) => (
            <Table.Tr key={row.iso}>
              <Table.Th scope="row" fw={500}>
                <time dateTime={row.iso}>{row.bucket}</time>
              </Table.Th>
              {row.values.map((value, i) => (
                <Table.Td ta="right" key={i}>
                  {formatValue(value, chart.unit)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
  );
  return isFramed ? (
    <TableFrame label={`${chart.title}, as a table`} minWidth={Math.max(320, 140 + table.columns.length * 110)}>
      {body}
    </TableFrame>
  ) : (
    body
  );
}

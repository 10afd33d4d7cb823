import { Table, Text, VisuallyHidden } from '@mantine/core';
import type { THeatMapChart } from '@voiceagent/shared';
import { formatHour, formatValue, heatCellColors, toHeatMapRows } from '../chart-data';
import { TableFrame } from './table-frame';

/**
 * Answer rate by local weekday and hour as a grid of cells: the darker, the more answered. Each
 * cell carries its figure as text, so the grid is itself a readable table.
 */
export function HeatMap({ chart }: { chart: THeatMapChart }) {
  return (
    <TableFrame label={chart.title} minWidth={900}>
      <table style={{ borderCollapse: 'separate', borderSpacing: 2, width: '100%', tableLayout: 'fixed', fontSize: 10 }}>
        <caption style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: 6 }}>
          <Text size="xs" c="gray.7" component="span">
            {chart.title}: answered calls of those made, by the contact’s local weekday and hour. Blank: no calls.
          </Text>
        </caption>
        <thead>
          <tr>
            <th scope="col" style={{ width: 90 }}>
              <VisuallyHidden>Weekday</VisuallyHidden>
            </th>
            {chart.columnLabels.map((hour) => (
              <th scope="col" key={hour} style={{ fontWeight: 500 }}>
                {/* "09" above a narrow column; ":00" still read out */}
                {/^\d{2}:00$/.test(hour) ? (
                  <>
                    {hour.slice(0, 2)}
                    <VisuallyHidden>:00</VisuallyHidden>
                  </>
                ) : (
                  hour
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {chart.rowLabels.map((weekday, d) => (
            <tr key={weekday}>
              <th scope="row" style={{ textAlign: 'left', fontWeight: 500 }}>
                {weekday}
              </th>
              {chart.columnLabels.map((hour, h) => {
                const rate = chart.rate[d]?.[h] ?? null;
                const calls = chart.calls[d]?.[h] ?? 0;
                const colors = heatCellColors(rate);
                return (
                  <td
                    key={hour}
                    title={`${weekday} ${formatHour(hour)} — ${rate === null ? 'no calls' : `${formatValue(rate, 'ratio')} of ${calls} calls answered`}`}
                    style={{ ...colors, textAlign: 'center', height: 24, borderRadius: 3, border: '1px solid #dee2e6', padding: 0 }}
                  >
                    {rate === null ? '' : Math.round(rate * 100)}
                    {rate !== null && <VisuallyHidden>% of {calls} calls</VisuallyHidden>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

/** The heat map's figures listed: a row per weekday and hour that had calls. */
export function HeatMapTable({ chart }: { chart: THeatMapChart }) {
  const rows = toHeatMapRows(chart).filter((row) => row.calls > 0);
  return (
    <TableFrame label={`${chart.title}, as a table`} minWidth={360}>
      <Table striped verticalSpacing={4} fz="sm" stickyHeader>
        <Table.Caption>{chart.title}, weekdays and hours with calls</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Weekday</Table.Th>
            <Table.Th scope="col">Hour</Table.Th>
            <Table.Th scope="col" ta="right">
              Calls
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Answered
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Answer rate
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={`${row.weekday}-${row.hour}`}>
              <Table.Td>{row.weekday}</Table.Td>
              <Table.Td>{formatHour(row.hour)}</Table.Td>
              <Table.Td ta="right">{formatValue(row.calls, 'count')}</Table.Td>
              <Table.Td ta="right">{formatValue(row.answered, 'count')}</Table.Td>
              <Table.Td ta="right">{formatValue(row.rate, 'ratio')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableFrame>
  );
}

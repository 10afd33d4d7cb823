import { Table } from '@mantine/core';
import type { TTableChart } from '@voiceagent/shared';
import { formatValue } from '../chart-data';
import { TableFrame } from './table-frame';

/** A chart of categories is read as a table; numbers right-aligned, each cell formatted by its column's unit. */
export function TableChart({ chart }: { chart: TTableChart }) {
  return (
    <TableFrame label={chart.title} minWidth={Math.max(320, chart.columns.length * 120)}>
      <Table striped verticalSpacing={4} fz="sm" stickyHeader>
        <Table.Caption>{chart.title}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {chart.columns.map((column) => (
              <Table.Th scope="col" key={column.key} ta={isNumeric(column.unit) ? 'right' : undefined}>
                {column.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {chart.rows.map((row, i) => (
            <Table.Tr key={i}>
              {chart.columns.map((column) => (
                <Table.Td key={column.key} ta={isNumeric(column.unit) ? 'right' : undefined}>
                  {formatValue(row[column.key], column.unit)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableFrame>
  );
}

function isNumeric(unit: string): boolean {
  return unit === 'count' || unit === 'ratio' || unit === 'seconds' || unit === 'per_second';
}

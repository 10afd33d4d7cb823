import { createSqlParams } from '../../../db/sql-params';
import { compileContactFilter, type ContactFilter } from '../selection/contact-filter-sql';
import type { ExportColumn } from './contact-export-columns';
import type { SqlParams } from '../../../db/sql-params';

export type ContactExportQuery = { text: string; values: unknown[] };

/** A row of the export: the columns' values in order, as `c0`, `c1`, … */
export type ContactExportRow = Record<string, unknown>;

/**
 * The export's one statement: the columns of every contact the filter matches, in name order
 * (the list's keyset order, served by its index, so the cursor's first rows come at once). The
 * filter compiles as it does for the list; owner and deletion are said here, as the list says them.
 */
export function buildContactExportQuery(
  target: { userId: string; filter: ContactFilter; includeDeleted: boolean },
  buildColumns: (params: SqlParams) => ExportColumn[],
): { query: ContactExportQuery; columns: ExportColumn[] } {
  const params = createSqlParams();
  const columns = buildColumns(params);
  const where = [`c.user_id = ${params.add(target.userId)}`, ...compileContactFilter(target.filter, params)];
  if (!target.includeDeleted) where.push('c.deleted_at is null');
  const select = columns.map((column, index) => `${column.sql} as c${index}`).join(',\n    ');
  const text = `select ${select}
    from public.crm_contacts c
    where ${where.join('\n      and ')}
    order by c.sort_last_name, c.sort_first_name, c.id`;
  return { query: { text, values: params.values }, columns };
}

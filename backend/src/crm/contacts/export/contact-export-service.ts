import { CONTACT_EXPORT_DEFAULT_COLUMNS, type TContactObjectType, type TFilterNode, type TPlatform } from '@voiceagent/shared';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { AuthenticatedUser } from '../../../auth/token-verifier';
import { formatCell } from '../../../exports/csv-cells';
import { toDateStamp, type ExportFile } from '../../../exports/export-file';
import { streamCsvAsUser } from '../../../exports/stream-csv-as-user';
import type { Clock } from '../../../runtime/clock';
import { readFilterFields } from '../../fields/filter-fields';
import { resolveFilterTree, toContactListFilter } from '../selection/contact-selection';
import { resolveExportColumns } from './contact-export-columns';
import { buildContactExportQuery, type ContactExportRow } from './contact-export-repository';

export type ContactExportServiceDeps = { pool: Pool; logger: Logger; now: Clock; batchSize?: number };

/**
 * An export's request, as GET's query and POST's body both parse: the list's filters and the
 * columns. A saved segment would join here as another way to name the filter (a `segmentId`
 * resolved to a ContactFilter of its kind); the rest stays as it is.
 */
export type ContactExportInput = {
  platform?: TPlatform[];
  q?: string;
  callable?: boolean;
  objectType?: TContactObjectType;
  where?: TFilterNode;
  includeDeleted: boolean;
  columns?: string[];
};

export type ContactExportService = ReturnType<typeof createContactExportService>;

/** Contacts as CSV: any list filter or tree, chosen columns (custom fields too), streamed from a cursor. */
export function createContactExportService(deps: ContactExportServiceDeps) {
  const { pool, logger, now } = deps;

  async function exportContacts(user: AuthenticatedUser, input: ContactExportInput): Promise<ExportFile> {
    const stream = await streamCsvAsUser({ pool, claims: user.claims, logger, what: 'contacts export', batchSize: deps.batchSize }, async (db) => {
      const tree = input.where ? await resolveFilterTree(db, user.id, input.where, 'where') : null;
      const { items } = await readFilterFields(db, user.id);
      const filter = toContactListFilter(input, tree);
      const ids = input.columns ?? CONTACT_EXPORT_DEFAULT_COLUMNS;
      const { query, columns } = buildContactExportQuery({ userId: user.id, filter, includeDeleted: input.includeDeleted }, (params) =>
        resolveExportColumns(ids, items, params),
      );
      return {
        header: columns.map((column) => column.header),
        ...query,
        toCells: (row: ContactExportRow) => columns.map((column, index) => formatCell(row[`c${index}`], column.isPhone)),
      };
    });
    return { stream, filename: `contacts-${toDateStamp(now())}.csv` };
  }

  return { exportContacts };
}

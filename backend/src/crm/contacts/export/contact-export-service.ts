import { CONTACT_EXPORT_DEFAULT_COLUMNS } from '@voiceagent/shared';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { AuthenticatedUser } from '../../../auth/token-verifier';
import { formatCell } from '../../../exports/csv-cells';
import { toDateStamp, type ExportFile } from '../../../exports/export-file';
import { streamCsvAsUser } from '../../../exports/stream-csv-as-user';
import type { Clock } from '../../../runtime/clock';
import { readFilterFields } from '../../fields/filter-fields';
import { resolveFilterTree, toContactListFilter, type ContactListFilterInput } from '../selection/contact-selection';
import { resolveExportColumns } from './contact-export-columns';
import { buildContactExportQuery, type ContactExportRow } from './contact-export-repository';

export type ContactExportServiceDeps = { pool: Pool; logger: Logger; now: Clock; batchSize?: number };

/**
 * An export's request, as GET's query and POST's body both parse: the list's filters and the
 * columns; or a segment's stored filter (with a CRM list's `memberOf`), which the segments
 * service reads and checks before it hands it here.
 */
export type ContactExportInput = ContactListFilterInput & {
  includeDeleted: boolean;
  columns?: string[];
  /** The file's name before its date (`contacts` unless a segment names it). */
  filenamePrefix?: string;
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
    return { stream, filename: `${input.filenamePrefix ?? 'contacts'}-${toDateStamp(now())}.csv` };
  }

  return { exportContacts };
}

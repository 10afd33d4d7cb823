import { endpoints, type TContactListFilter } from '@voiceagent/shared';
import { ExportCsvButton } from '../../../components/export-csv-button';
import { toExportColumns } from '../export-columns';

type ContactsExportButtonProps = {
  /** The list's filters as they stand (search, CRMs, callable, record type, filter tree). */
  filter: TContactListFilter;
  /** The column chooser's ids (ColumnChooser's `chosen`); the list's defaults when absent. */
  columns: readonly string[];
  includeDeleted?: boolean;
};

/**
 * "Export CSV" for the contacts list: every contact its filters match (not only the page shown),
 * with the columns the list shows. Sent as a body, so a filter tree of any size fits.
 */
export function ContactsExportButton({ filter, columns, includeDeleted = false }: ContactsExportButtonProps) {
  return (
    <ExportCsvButton
      endpoint={endpoints.exportContactsByBody}
      options={{ body: { ...filter, includeDeleted, columns: toExportColumns(columns) } }}
      fallbackFilename={`contacts-${new Date().toISOString().slice(0, 10)}.csv`}
    />
  );
}

import { IMPORT_PREVIEW_ROWS, type TImport, type TImportMapping, type TImportStatus } from '@voiceagent/shared';
import type { BulkJobRow } from '../bulk/bulk-jobs-repository';
import { readRow } from './import-mapping';
import type { ImportParams } from './imports-repository';

/** An import as the API shows it, its first rows read with the mapping it has (or the suggested one). */
export function toImportDto(row: BulkJobRow, firstRows: Array<{ row_number: number; cells: string[] }>): TImport {
  const params = row.params as ImportParams;
  const suggested = params.suggestedMapping as TImportMapping;
  const mapping = (params.mapping ?? suggested) as TImportMapping;
  const answered = row.succeeded_count + row.failed_count + row.skipped_count;
  return {
    id: row.id,
    platform: params.platform,
    status: row.status as TImportStatus,
    fileName: params.fileName,
    delimiter: params.delimiter,
    header: params.header,
    suggestedMapping: suggested,
    mapping,
    preview: firstRows.slice(0, IMPORT_PREVIEW_ROWS).map((first) => {
      const read = readRow(first.cells, mapping);
      return { row: first.row_number, cells: first.cells, contact: read.contact, issues: read.issues };
    }),
    total: row.total_count,
    created: row.succeeded_count,
    failed: row.failed_count,
    skipped: row.skipped_count,
    pending: Math.max(0, row.total_count - answered),
    progress: row.total_count === 0 ? 1 : Math.min(1, answered / row.total_count),
    cancelRequestedAt: row.cancel_requested_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    resyncQueued: (params.resyncQueued?.length ?? 0) > 0,
  };
}

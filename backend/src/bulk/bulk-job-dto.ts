import type { TBulkJob, TBulkJobItem } from '@voiceagent/shared';
import { AppError } from '../http/app-error';
import type { BulkItemRow, BulkJobRow } from './bulk-jobs-repository';
import { readUpdateParams, toTargetCounts } from './bulk-update-params';

const CURSOR = /^([0-3])\.(\d{1,18})$/;

export function toBulkJobDto(row: BulkJobRow): TBulkJob {
  const params = readUpdateParams(row.params);
  const answered = row.succeeded_count + row.failed_count + row.skipped_count;
  const platforms = [...new Set(params.targets.map((target) => target.platform))];
  const queued = params.resyncQueued;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    total: row.total_count,
    succeeded: row.succeeded_count,
    failed: row.failed_count,
    skipped: row.skipped_count,
    pending: Math.max(0, row.total_count - answered),
    progress: row.total_count === 0 ? 1 : Math.min(1, answered / row.total_count),
    targets: toTargetCounts(params),
    error: row.error,
    cancelRequestedAt: row.cancel_requested_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    resync: {
      platforms: queued ?? platforms,
      queued: queued !== undefined && queued.length > 0,
      note:
        queued === undefined
          ? 'When the job ends, an incremental sync of each CRM it wrote to is queued; the contacts here show the new values once it has run.'
          : queued.length > 0
            ? `An incremental sync of ${queued.join(', ')} was queued when the job ended; the contacts here show the new values once it has run.`
            : 'No CRM took a change, so no sync was queued.',
    },
  };
}

export function toBulkItemDto(row: BulkItemRow): TBulkJobItem {
  const name = [row.first_name, row.last_name].filter((part) => part && part.trim() !== '').join(' ');
  return {
    contactId: row.contact_id,
    platform: row.platform,
    objectType: row.object_type,
    externalId: row.external_id,
    name: name === '' ? null : name,
    email: row.email,
    status: row.status,
    error: row.status === 'failed' ? { code: row.error_code ?? 'internal_error', message: row.error ?? '' } : null,
  };
}

/** `rank.id`: where the previous page of rows (failed first) ended. */
export function encodeItemCursor(position: { rank: number; id: string }): string {
  return `${position.rank}.${position.id}`;
}

export function decodeItemCursor(cursor: string): { rank: number; id: string } {
  const match = CURSOR.exec(cursor);
  if (!match) throw new AppError('validation_failed', 'Invalid query: cursor', { issues: [{ field: 'cursor', message: 'Not a cursor this list returned' }] });
  return { rank: Number(match[1]), id: match[2]! };
}

import type { TSyncRun } from '@voiceagent/shared';
import { z } from 'zod';
import { decodeCursor, encodeCursor, ZCursorInstant } from '../../http/keyset-cursor';
import type { RunListPosition, SyncRunRow } from './sync-runs-repository';

export function toSyncRunDto(row: SyncRunRow): TSyncRun {
  return {
    id: row.id,
    platform: row.platform,
    kind: row.kind,
    status: row.status,
    counts: { fetched: row.fetched, created: row.created, updated: row.updated, unchanged: row.unchanged, deleted: row.deleted, failed: row.failed },
    pagesDone: row.pages_done,
    estimatedTotal: row.estimated_total,
    percent: percentOf(row),
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    queuedAt: row.queued_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A running run never shows 100: the estimate can be short, and 100 promises the end. */
function percentOf(row: SyncRunRow): number | null {
  if (row.status === 'succeeded') return 100;
  if (!row.estimated_total || row.estimated_total <= 0) return null;
  return Math.min(99, Math.floor((row.fetched / row.estimated_total) * 100));
}

/** Keyset cursors of the run history: opaque to clients, checked when they come back. */
const ZRunCursor = z.strictObject({ q: ZCursorInstant, i: z.uuid() });

export function encodeRunCursor(position: RunListPosition): string {
  return encodeCursor({ q: position.queuedAt, i: position.id });
}

export function decodeRunCursor(cursor: string): RunListPosition {
  const { q, i } = decodeCursor(ZRunCursor, cursor);
  return { queuedAt: q, id: i };
}

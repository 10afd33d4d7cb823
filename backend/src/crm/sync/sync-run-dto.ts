import type { TSyncRun } from '@voiceagent/shared';
import { AppError } from '../../http/app-error';
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
export function encodeRunCursor(position: RunListPosition): string {
  return Buffer.from(JSON.stringify({ q: position.queuedAt, i: position.id })).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function decodeRunCursor(cursor: string): RunListPosition {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { q?: unknown; i?: unknown };
    if (typeof parsed.q === 'string' && isRealInstant(parsed.q) && typeof parsed.i === 'string' && UUID.test(parsed.i)) {
      return { queuedAt: parsed.q, id: parsed.i };
    }
  } catch {
    // Falls through to the 400 below.
  }
  throw new AppError('validation_failed', 'Invalid query: cursor', { issues: [{ field: 'cursor', message: 'not a cursor this API returned' }] });
}

/** The cursor's own shape, on a day that exists, after year 0: Postgres refuses the others with an error, not a 400. */
function isRealInstant(value: string): boolean {
  if (!TIMESTAMP.test(value) || value.startsWith('0000')) return false;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19);
}

import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/app-error';
import { decodeRunCursor, encodeRunCursor, toSyncRunDto } from './sync-run-dto';
import type { SyncRunRow } from './sync-runs-repository';

function row(overrides: Partial<SyncRunRow>): SyncRunRow {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id: '00000000-0000-4000-8000-000000000001',
    user_id: '00000000-0000-4000-8000-000000000002',
    platform: 'hubspot',
    kind: 'full',
    status: 'running',
    fetched: 0,
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    failed: 0,
    pages_done: 0,
    estimated_total: null,
    cursor: null,
    since: null,
    max_seen_at: null,
    error_code: null,
    error_message: null,
    paused_until: null,
    backfill_targets: null,
    queued_at: at,
    started_at: at,
    finished_at: null,
    updated_at: at,
    ...overrides,
  };
}

describe('toSyncRunDto percent', () => {
  it('is fetched ÷ estimated total while running, never 100 before the end', () => {
    expect(toSyncRunDto(row({ fetched: 250, estimated_total: 1000 })).percent).toBe(25);
    expect(toSyncRunDto(row({ fetched: 1200, estimated_total: 1000 })).percent).toBe(99);
  });

  it('is null when the provider gives no total, and 100 once succeeded', () => {
    expect(toSyncRunDto(row({ fetched: 250 })).percent).toBeNull();
    expect(toSyncRunDto(row({ status: 'succeeded' })).percent).toBe(100);
  });
});

describe('run list cursors', () => {
  it('round-trip', () => {
    const position = { queuedAt: '2026-01-01T00:00:00.123456Z', id: '00000000-0000-4000-8000-000000000001' };
    expect(decodeRunCursor(encodeRunCursor(position))).toEqual(position);
  });

  it.each(['nope', Buffer.from('{"q":"yesterday","i":"x"}').toString('base64url'), Buffer.from('[]').toString('base64url')])('refuse %s with a 400 naming cursor', (cursor) => {
    expect(() => decodeRunCursor(cursor)).toThrowError(AppError);
    try {
      decodeRunCursor(cursor);
    } catch (error) {
      expect((error as AppError).code).toBe('validation_failed');
      expect((error as AppError).message).toContain('cursor');
    }
  });
});

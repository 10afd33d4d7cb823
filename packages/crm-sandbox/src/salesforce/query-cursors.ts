import { randomBytes } from 'node:crypto';
import type { RecordRef } from './object-store';
import type { SalesforceOrg } from './org';
import type { FieldDef, SObjectType } from './schema';

/** The fixed result of a query, served batch by batch through its locator. */
export type QueryCursor = { locator: string; type: SObjectType; fields: FieldDef[]; refs: RecordRef[]; lastUsedMs: number };

const LOCATOR_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Open cursors of one org. Unused ones expire after `ttlMs` of sandbox time (Salesforce: 15
 * minutes) and at most `max` are kept, the least recently used going first, as Salesforce caps
 * open cursors per user.
 */
export function openCursor(org: SalesforceOrg, cursor: Omit<QueryCursor, 'locator'>, max: number): QueryCursor {
  const bytes = randomBytes(12);
  let suffix = '';
  for (const byte of bytes) suffix += LOCATOR_CHARS[byte % 62];
  const opened = { ...cursor, locator: `01g${suffix}` };
  org.cursors.set(opened.locator, opened);
  while (org.cursors.size > max) org.cursors.delete(org.cursors.keys().next().value as string);
  return opened;
}

export function useCursor(org: SalesforceOrg, locator: string, nowMs: number, ttlMs: number): QueryCursor | null {
  for (const [key, cursor] of org.cursors) if (cursor.lastUsedMs + ttlMs <= nowMs) org.cursors.delete(key);
  const cursor = org.cursors.get(locator);
  if (!cursor) return null;
  // Re-inserting keeps the map in least-recently-used order.
  org.cursors.delete(locator);
  cursor.lastUsedMs = nowMs;
  org.cursors.set(locator, cursor);
  return cursor;
}

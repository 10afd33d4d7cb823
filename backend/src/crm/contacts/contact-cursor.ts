import { ZPlatform, type TPlatform } from '@voiceagent/shared';
import { z } from 'zod';
import { AppError } from '../../http/app-error';

/**
 * The keyset position after the last row of a page: that row's sort key exactly as Postgres
 * computed it, plus its id. Opaque to clients (base64url JSON); versioned so the format can
 * change without old cursors being misread.
 */
export type ContactCursor =
  | { sort: 'name'; lastName: string; firstName: string; id: string; scope: CursorScope }
  | { sort: 'updated'; updatedAt: string | null; id: string; scope: CursorScope };

/** Which list the cursor pages: the unified one, or one platform's group of the separate view. */
export type CursorScope = 'unified' | TPlatform;

const CURSOR_VERSION = 1;
// A sort key holding U+0000 cannot reach Postgres as text: the query would fail with a 500.
const hasNoNul = (value: string) => !value.includes('\u0000');

const ZCursorPayload = z.discriminatedUnion('s', [
  z.strictObject({
    v: z.literal(CURSOR_VERSION),
    s: z.literal('name'),
    k: z.tuple([z.string().max(1000).refine(hasNoNul), z.string().max(1000).refine(hasNoNul)]),
    id: z.uuid(),
    w: z.union([z.literal('unified'), ZPlatform]),
  }),
  z.strictObject({
    v: z.literal(CURSOR_VERSION),
    s: z.literal('updated'),
    // UTC to the microsecond, as Postgres wrote it: a JS Date would round to milliseconds.
    k: z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/).refine(isRealInstant).nullable()]),
    id: z.uuid(),
    w: z.union([z.literal('unified'), ZPlatform]),
  }),
]);

export function encodeContactCursor(cursor: ContactCursor): string {
  const payload =
    cursor.sort === 'name'
      ? { v: CURSOR_VERSION, s: 'name', k: [cursor.lastName, cursor.firstName], id: cursor.id, w: cursor.scope }
      : { v: CURSOR_VERSION, s: 'updated', k: [cursor.updatedAt], id: cursor.id, w: cursor.scope };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** Reads a cursor from a query string; anything we did not issue is a 400 naming `cursor`. */
export function decodeContactCursor(value: string): ContactCursor {
  const payload = ZCursorPayload.safeParse(parseJson(value));
  if (!payload.success) throw invalidCursor('not a cursor this API issued');
  const { s, k, id, w } = payload.data;
  return s === 'name' ? { sort: 'name', lastName: k[0], firstName: k[1], id, scope: w } : { sort: 'updated', updatedAt: k[0], id, scope: w };
}

export function invalidCursor(reason: string): AppError {
  const message = `cursor: ${reason}; send back a nextCursor unchanged, with the same sort and view`;
  return new AppError('validation_failed', `Invalid query: cursor`, { issues: [{ field: 'cursor', message }] });
}

function parseJson(value: string): unknown {
  // base64url only: Buffer.from would skip other characters silently and decode the rest.
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Rejects "2024-02-30T…" and year 0: Postgres would refuse them with an error, not a 400. */
function isRealInstant(value: string): boolean {
  const date = new Date(value);
  return !value.startsWith('0000') && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19);
}

import { ZPlatform, type TPlatform } from '@voiceagent/shared';
import { z } from 'zod';
import { decodeCursor, encodeCursor, invalidCursor, ZCursorInstant, ZCursorText } from '../../http/keyset-cursor';

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

const ZCursorPayload = z.discriminatedUnion('s', [
  z.strictObject({
    v: z.literal(CURSOR_VERSION),
    s: z.literal('name'),
    k: z.tuple([ZCursorText, ZCursorText]),
    id: z.uuid(),
    w: z.union([z.literal('unified'), ZPlatform]),
  }),
  z.strictObject({
    v: z.literal(CURSOR_VERSION),
    s: z.literal('updated'),
    k: z.tuple([ZCursorInstant.nullable()]),
    id: z.uuid(),
    w: z.union([z.literal('unified'), ZPlatform]),
  }),
]);

export function encodeContactCursor(cursor: ContactCursor): string {
  const payload =
    cursor.sort === 'name'
      ? { v: CURSOR_VERSION, s: 'name', k: [cursor.lastName, cursor.firstName], id: cursor.id, w: cursor.scope }
      : { v: CURSOR_VERSION, s: 'updated', k: [cursor.updatedAt], id: cursor.id, w: cursor.scope };
  return encodeCursor(payload);
}

/** Reads a cursor from a query string; anything we did not issue is a 400 naming `cursor`. */
export function decodeContactCursor(value: string): ContactCursor {
  const { s, k, id, w } = decodeCursor(ZCursorPayload, value, 'send back a nextCursor unchanged, with the same sort and view');
  return s === 'name' ? { sort: 'name', lastName: k[0], firstName: k[1], id, scope: w } : { sort: 'updated', updatedAt: k[0], id, scope: w };
}

/** A cursor we issued, sent back with another sort, view or platform filter than it pages. */
export function invalidContactCursor(reason: string) {
  return invalidCursor(`cursor: ${reason}; send back a nextCursor unchanged, with the same sort and view`);
}

import { z } from 'zod';
import { decodeCursor, encodeCursor, ZCursorInstant } from '../http/keyset-cursor';

/** After the last segment of a page: its created_at exactly as Postgres wrote it (UTC, microseconds), and its id. */
export type SegmentCursor = { createdAt: string; id: string };

const CURSOR_VERSION = 1;
const ZSegmentCursorPayload = z.strictObject({ v: z.literal(CURSOR_VERSION), s: z.tuple([ZCursorInstant, z.uuid()]) });

export function encodeSegmentCursor(cursor: SegmentCursor): string {
  return encodeCursor({ v: CURSOR_VERSION, s: [cursor.createdAt, cursor.id] });
}

export function decodeSegmentCursor(value: string): SegmentCursor {
  const [createdAt, id] = decodeCursor(ZSegmentCursorPayload, value).s;
  return { createdAt, id };
}

import { z } from 'zod';
import { decodeCursor, encodeCursor, ZCursorInstant } from '../http/keyset-cursor';
import type { AuditListPosition } from './audit-repository';

const ZAuditCursor = z.strictObject({ o: ZCursorInstant, i: z.uuid() });

export function encodeAuditCursor(position: AuditListPosition): string {
  return encodeCursor({ o: position.occurredAt, i: position.id });
}

export function decodeAuditCursor(cursor: string): AuditListPosition {
  const { o, i } = decodeCursor(ZAuditCursor, cursor);
  return { occurredAt: o, id: i };
}

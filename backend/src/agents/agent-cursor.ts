import { z } from 'zod';
import { decodeCursor, encodeCursor, ZCursorInstant, ZCursorText } from '../http/keyset-cursor';

/** After the last agent of a page: its created_at exactly as Postgres wrote it (UTC, microseconds), and its id. */
export type AgentCursor = { createdAt: string; id: string };
/** After the last contact of a page of an agent's snapshot: its name keys and id. */
export type AgentContactCursor = { lastName: string; firstName: string; id: string };

const CURSOR_VERSION = 1;
const ZAgentCursorPayload = z.strictObject({ v: z.literal(CURSOR_VERSION), a: z.tuple([ZCursorInstant, z.uuid()]) });
const ZAgentContactCursorPayload = z.strictObject({ v: z.literal(CURSOR_VERSION), n: z.tuple([ZCursorText, ZCursorText, z.uuid()]) });

export function encodeAgentCursor(cursor: AgentCursor): string {
  return encodeCursor({ v: CURSOR_VERSION, a: [cursor.createdAt, cursor.id] });
}

export function decodeAgentCursor(value: string): AgentCursor {
  const [createdAt, id] = decodeCursor(ZAgentCursorPayload, value).a;
  return { createdAt, id };
}

export function encodeAgentContactCursor(cursor: AgentContactCursor): string {
  return encodeCursor({ v: CURSOR_VERSION, n: [cursor.lastName, cursor.firstName, cursor.id] });
}

export function decodeAgentContactCursor(value: string): AgentContactCursor {
  const [lastName, firstName, id] = decodeCursor(ZAgentContactCursorPayload, value).n;
  return { lastName, firstName, id };
}

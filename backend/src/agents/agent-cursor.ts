import { z } from 'zod';
import { AppError } from '../http/app-error';

/** After the last agent of a page: its created_at exactly as Postgres wrote it (UTC, microseconds), and its id. */
export type AgentCursor = { createdAt: string; id: string };
/** After the last contact of a page of an agent's snapshot: its name keys and id. */
export type AgentContactCursor = { lastName: string; firstName: string; id: string };

const CURSOR_VERSION = 1;
// A sort key holding U+0000 cannot reach Postgres as text: the query would fail with a 500.
const hasNoNul = (value: string) => !value.includes('\u0000');
// A JS Date would round to milliseconds and skip rows created in the same millisecond.
const MICROSECOND_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const ZAgentCursorPayload = z.strictObject({
  v: z.literal(CURSOR_VERSION),
  a: z.tuple([z.string().regex(MICROSECOND_INSTANT).refine(isRealInstant), z.uuid()]),
});
const ZAgentContactCursorPayload = z.strictObject({
  v: z.literal(CURSOR_VERSION),
  n: z.tuple([z.string().max(1000).refine(hasNoNul), z.string().max(1000).refine(hasNoNul), z.uuid()]),
});

export function encodeAgentCursor(cursor: AgentCursor): string {
  return encode({ v: CURSOR_VERSION, a: [cursor.createdAt, cursor.id] });
}

export function decodeAgentCursor(value: string): AgentCursor {
  const payload = ZAgentCursorPayload.safeParse(decode(value));
  if (!payload.success) throw invalidCursor();
  const [createdAt, id] = payload.data.a;
  return { createdAt, id };
}

export function encodeAgentContactCursor(cursor: AgentContactCursor): string {
  return encode({ v: CURSOR_VERSION, n: [cursor.lastName, cursor.firstName, cursor.id] });
}

export function decodeAgentContactCursor(value: string): AgentContactCursor {
  const payload = ZAgentContactCursorPayload.safeParse(decode(value));
  if (!payload.success) throw invalidCursor();
  const [lastName, firstName, id] = payload.data.n;
  return { lastName, firstName, id };
}

function invalidCursor(): AppError {
  const message = 'not a cursor this API issued; send back a nextCursor unchanged';
  return new AppError('validation_failed', 'Invalid query: cursor', { issues: [{ field: 'cursor', message }] });
}

function encode(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function decode(value: string): unknown {
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

import { z } from 'zod';
import { AppError } from './app-error';

/**
 * Opaque keyset cursors, one way for every list: base64url JSON that the server alone writes,
 * validated with a zod schema when it comes back. Anything we did not issue is a 400 naming
 * `cursor` — never a query that Postgres refuses with a 500.
 */

// A sort key holding U+0000 cannot reach Postgres as text: the query would fail with a 500.
const hasNoNul = (value: string) => !value.includes('\u0000');

/** A text sort key as Postgres computed it. */
export const ZCursorText = z.string().max(1000).refine(hasNoNul);

/**
 * A timestamp exactly as Postgres wrote it: UTC to the microsecond (a JS Date would round to
 * milliseconds and skip rows written in the same millisecond), on a day that exists, after
 * year 0 (Postgres refuses the others with an error, not a 400).
 */
export const ZCursorInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
  .refine((value) => {
    const date = new Date(value);
    return !value.startsWith('0000') && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19);
  });

export function encodeCursor(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** Reads a cursor from a query string against the schema of what we issue. */
export function decodeCursor<S extends z.ZodType>(schema: S, value: string, hint = 'send back a nextCursor unchanged'): z.infer<S> {
  const payload = schema.safeParse(parseBase64UrlJson(value));
  if (!payload.success) throw invalidCursor(`not a cursor this API issued; ${hint}`);
  return payload.data;
}

export function invalidCursor(message: string): AppError {
  return new AppError('validation_failed', 'Invalid query: cursor', { issues: [{ field: 'cursor', message }] });
}

function parseBase64UrlJson(value: string): unknown {
  // base64url only: Buffer.from would skip other characters silently and decode the rest.
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

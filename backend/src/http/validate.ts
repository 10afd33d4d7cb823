import type { z } from 'zod';
import { AppError } from './app-error';

/** Issues as the API reports them: where (dotted path) and what is wrong. */
export type FieldIssue = { field: string; message: string };

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    // Unknown keys are reported at the object level by zod; name the keys themselves.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const base = issue.path.map(String).join('.');
    const field = keys.length > 0 ? keys.map((k) => (base ? `${base}.${k}` : k)).join(', ') : base || '(body)';
    return { field, message: issue.message };
  });
}

/** Parses untrusted input; on failure throws a 400 naming every wrong field ("Invalid header: Idempotency-Key"). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'params' | 'header'): z.infer<S> {
  const unstorable = findUnstorableText(input);
  if (unstorable) {
    const issues: FieldIssue[] = [{ field: unstorable.field || '(body)', message: unstorable.message }];
    throw new AppError('validation_failed', `Invalid ${where}: ${issues[0]!.field}`, { issues });
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  const named = issues.map((i) => i.field).join(', ');
  throw new AppError('validation_failed', `Invalid ${where}: ${named}`, { issues });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first string (dotted path) that Postgres cannot store: U+0000 fits in no text or jsonb
 * value, and a lone surrogate is not Unicode (jsonb refuses its escape). Left in, they pass
 * every schema and fail the query with a 500.
 */
export function findUnstorableText(input: unknown, path = ''): { field: string; message: string } | undefined {
  if (typeof input === 'string') {
    if (input.includes('\u0000')) return { field: path, message: 'must not contain the NUL character (\\u0000)' };
    if (LONE_SURROGATE.test(input)) return { field: path, message: 'is not valid Unicode (a lone surrogate)' };
    return undefined;
  }
  if (typeof input !== 'object' || input === null) return undefined;
  for (const [key, value] of Object.entries(input)) {
    const found = findUnstorableText(key, path) ?? findUnstorableText(value, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

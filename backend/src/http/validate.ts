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

/** Parses untrusted input; on failure throws a 400 naming every wrong field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  const named = issues.map((i) => i.field).join(', ');
  throw new AppError('validation_failed', `Invalid ${where}: ${named}`, { issues });
}

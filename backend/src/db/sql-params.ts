/**
 * Collects positional parameters while a statement is assembled from parts, so that each part
 * can add its values without knowing which numbers the others took.
 */
export function createSqlParams(values: unknown[] = []) {
  return {
    values,
    /** Appends a value and returns its placeholder (`$n`). */
    add(value: unknown): string {
      values.push(value);
      return `$${values.length}`;
    },
  };
}
export type SqlParams = ReturnType<typeof createSqlParams>;

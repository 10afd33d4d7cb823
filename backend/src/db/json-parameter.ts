/**
 * JSON for a jsonb parameter. Postgres text and jsonb cannot hold NUL, and one CRM value with a
 * NUL would fail the page forever; the escape is dropped (an escaped backslash before it stays).
 */
export function toJsonParameter(value: unknown): string {
  return JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1');
}

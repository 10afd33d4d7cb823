/**
 * SOQL text built from our values. Every value goes through `quoteSoql` or `formatSoqlDateTime`:
 * an email or an id from a cursor is data, never query syntax.
 */

/** A SOQL string literal: backslash and quote escaped, as are the control characters SOQL names. */
export function quoteSoql(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (char) => ESCAPES[char]!);
  return `'${escaped}'`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/**
 * A SOQL datetime literal, unquoted, in the form Salesforce writes SystemModstamp
 * (`2026-01-01T00:00:00.000+0000`): UTC, milliseconds kept, since keyset paging needs them exact.
 */
export function formatSoqlDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('an invalid date cannot go into SOQL');
  return date.toISOString().replace(/Z$/, '+0000');
}

/** A Salesforce id: 15 or 18 letters and digits. Anything else is refused before it reaches a query. */
export function isSalesforceId(value: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value);
}

/** Where a keyset page resumes: after this SystemModstamp and Id (both of the last record delivered). */
export type Keyset = { stamp: string; id: string };

/**
 * `(SystemModstamp, Id) > (t, id)` in the form SOQL takes — it has no row comparison. Pages
 * ordered by `SystemModstamp, Id` and cut with this never repeat or skip a record, even when many
 * share one SystemModstamp; OFFSET would stop at 2,000.
 */
export function keysetAfter(after: Keyset): string {
  const stamp = formatSoqlDateTime(new Date(after.stamp));
  return `(SystemModstamp > ${stamp} OR (SystemModstamp = ${stamp} AND Id > ${quoteSoql(after.id)}))`;
}

export type SelectInput = {
  fields: readonly string[];
  object: string;
  where?: Array<string | null | undefined>;
  orderBy?: string;
  limit?: number;
};

/** SELECT … FROM … [WHERE a AND b …] [ORDER BY …] [LIMIT n]; conditions are parenthesised. */
export function buildSelect(input: SelectInput): string {
  const conditions = (input.where ?? []).filter((condition): condition is string => typeof condition === 'string' && condition !== '');
  let soql = `SELECT ${input.fields.join(', ')} FROM ${input.object}`;
  if (conditions.length > 0) soql += ` WHERE ${conditions.map((condition) => `(${condition})`).join(' AND ')}`;
  if (input.orderBy) soql += ` ORDER BY ${input.orderBy}`;
  if (input.limit !== undefined) soql += ` LIMIT ${Math.trunc(input.limit)}`;
  return soql;
}

/** `Field IN ('a', 'b')`; an empty list matches nothing, which SOQL cannot say with IN. */
export function inList(field: string, values: readonly string[]): string {
  if (values.length === 0) throw new RangeError('IN needs at least one value');
  return `${field} IN (${values.map(quoteSoql).join(', ')})`;
}

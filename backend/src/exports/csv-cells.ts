import { CSV_FORMULA_PREFIXES } from '@voiceagent/shared';

/** A cell as an export writes it: text, or null for an empty cell. */
export type CsvCell = string | null;

// `+` and digits with the separators people write numbers with: nothing a spreadsheet can call.
const PLAIN_PHONE = /^\+\d[\d ().-]*$/;

/**
 * OWASP's neutralisation of CSV (formula) injection: a cell a spreadsheet would read as a formula
 * (`=`, `+`, `-`, `@`, a tab or a carriage return first) gets a `'` in front and stays text.
 * In a phone column a plain international number is left alone: it holds no function, reference
 * or DDE call (those need letters, `!`, `|` or quotes), and the quote would spoil it for the next
 * import. Every other `+…` is neutralised like any cell.
 */
export function neutraliseCell(text: string, isPhone = false): string {
  if (text === '' || !CSV_FORMULA_PREFIXES.some((prefix) => text.startsWith(prefix))) return text;
  if (isPhone && PLAIN_PHONE.test(text)) return text;
  return `'${text}`;
}

/**
 * A stored value as plain text: times as ISO 8601 UTC, booleans `true`/`false`, a multi-select's
 * values joined with "; ", numbers as JavaScript writes them; null and undefined as an empty cell.
 * Text is neutralised (neutraliseCell); `isPhone` marks a phone column.
 */
export function formatCell(value: unknown, isPhone = false): CsvCell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return neutraliseCell(value.map((item) => String(item)).join('; '));
  if (typeof value === 'string') return neutraliseCell(value, isPhone);
  // A typed number (-5, 1e-7) is a numeric literal, never a formula: written as it is.
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return neutraliseCell(JSON.stringify(value));
}

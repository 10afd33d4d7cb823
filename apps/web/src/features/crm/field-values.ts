import { CUSTOM_FIELD_TRUNCATED_MARKER, type TCrmFieldOption, type TCrmFieldType, type TCustomFieldValue } from '@voiceagent/shared';

/** What formatting a value needs to know of its field: the mapping's type and options. */
export type FieldFormat = { type: TCrmFieldType; options: readonly TCrmFieldOption[] };

/** The browser's own locale and zone unless a test names them. */
export type FormatOptions = { locale?: string; timeZone?: string };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A field's value as a person reads it, in their locale: dates and times localised, booleans
 * Yes/No, enumerations by their option's label, multi-selects joined. A value that does not fit
 * its type (the server kept it raw and reported it) is shown as it came; so is any value whose
 * field is unknown.
 */
export function formatFieldValue(value: TCustomFieldValue, format: FieldFormat | undefined, { locale, timeZone }: FormatOptions = {}): string {
  if (Array.isArray(value)) return value.map((item) => labelOf(item, format)).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return new Intl.NumberFormat(locale, { maximumFractionDigits: 10 }).format(value);
  switch (format?.type) {
    case 'enumeration':
    case 'multi_select':
      return labelOf(value, format);
    case 'date':
      return formatDate(value, locale);
    case 'datetime':
      return formatDateTime(value, locale, timeZone);
    default:
      return value;
  }
}

function labelOf(value: string, format: FieldFormat | undefined): string {
  return format?.options.find((option) => option.value === value)?.label ?? value;
}

/** A calendar day is no instant: read and shown in UTC, so no time zone moves it to the day before. */
function formatDate(value: string, locale: string | undefined): string {
  const match = DATE_ONLY.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

function formatDateTime(value: string, locale: string | undefined, timeZone: string | undefined): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** Whether the server cut a long text value (it ends with the contract's marker). */
export const isTruncatedValue = (value: TCustomFieldValue | null | undefined): value is string =>
  typeof value === 'string' && value.endsWith(CUSTOM_FIELD_TRUNCATED_MARKER);

/** A value in a list cell: one line of at most `max` characters, cut with an ellipsis. */
export function shortenForCell(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

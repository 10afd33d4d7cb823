import {
  CUSTOM_FIELD_TEXT_MAX,
  CUSTOM_FIELD_TRUNCATED_MARKER,
  type TCrmFieldOption,
  type TCrmFieldType,
  type TCustomFieldValue,
} from '@voiceagent/shared';

/** A CRM value typed for our model: the value (null when the CRM holds none) and, if it did not fit, why. */
export type TypedFieldValue = { value: TCustomFieldValue | null; issue: string | null };

const NONE: TypedFieldValue = { value: null, issue: null };
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Salesforce writes offsets without a colon (`+0000`); Date.parse wants one. */
const OFFSET_WITHOUT_COLON = /([+-]\d{2})(\d{2})$/;

/**
 * Types one provider value. Providers hand values over as their CRM sent them: HubSpot every value
 * as a string ("12", "true", "a;b"), Zoho and Salesforce typed JSON, Zoho's lookups as `{ name, id }`,
 * Salesforce's Bulk API as CSV strings. A value that does not fit is kept as text and reported,
 * so nothing the CRM holds is lost to a type we guessed wrong.
 */
export function typeFieldValue(raw: unknown, type: TCrmFieldType, options: readonly TCrmFieldOption[] = []): TypedFieldValue {
  const value = unwrapLookup(raw);
  if (value === null || value === undefined || value === '') return NONE;
  if (Array.isArray(value) && value.length === 0) return NONE;
  switch (type) {
    case 'number':
      return typeNumber(value);
    case 'boolean':
      return typeBoolean(value);
    case 'date':
      return typeDate(value);
    case 'datetime':
      return typeDateTime(value);
    case 'multi_select':
      return typeMultiSelect(value);
    case 'enumeration':
      return typeEnumeration(value, options);
    default:
      return typeText(value);
  }
}

/** Zoho's lookup and owner fields are objects; their name is what a person reads. */
function unwrapLookup(raw: unknown): unknown {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const named = raw as { name?: unknown; Name?: unknown; id?: unknown };
    return named.name ?? named.Name ?? named.id ?? JSON.stringify(raw);
  }
  return raw;
}

function asText(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => String(unwrapLookup(item))).join(';');
  return typeof value === 'string' ? value : String(value);
}

/** Cuts long text and marks it, so a 32,000-character note does not ride along with every contact. */
export function truncateText(text: string): string {
  if (text.length <= CUSTOM_FIELD_TEXT_MAX) return text;
  return text.slice(0, CUSTOM_FIELD_TEXT_MAX - CUSTOM_FIELD_TRUNCATED_MARKER.length) + CUSTOM_FIELD_TRUNCATED_MARKER;
}

function kept(value: unknown, issue: string): TypedFieldValue {
  return { value: truncateText(asText(value)), issue };
}

function typeText(value: unknown): TypedFieldValue {
  const text = asText(value).trim();
  return text === '' ? NONE : { value: truncateText(text), issue: null };
}

function typeNumber(value: unknown): TypedFieldValue {
  if (typeof value === 'number') return Number.isFinite(value) ? { value, issue: null } : kept(value, 'Not a finite number');
  const text = asText(value).trim();
  const number = text === '' ? Number.NaN : Number(text);
  return Number.isFinite(number) ? { value: number, issue: null } : kept(text, `Not a number: "${shorten(text)}"`);
}

function typeBoolean(value: unknown): TypedFieldValue {
  if (typeof value === 'boolean') return { value, issue: null };
  const text = asText(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'y', 'on', 'checked'].includes(text)) return { value: true, issue: null };
  if (['false', '0', 'no', 'n', 'off', 'unchecked'].includes(text)) return { value: false, issue: null };
  return kept(value, `Not true or false: "${shorten(asText(value))}"`);
}

function typeDate(value: unknown): TypedFieldValue {
  const text = asText(value).trim();
  const match = DATE.exec(text);
  if (match) return isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) ? { value: text, issue: null } : kept(text, `Not a date: "${shorten(text)}"`);
  // HubSpot's older portals send dates as epoch milliseconds at midnight UTC; some CRMs send a datetime.
  const time = parseTime(text);
  if (time !== null) return { value: new Date(time).toISOString().slice(0, 10), issue: null };
  return kept(text, `Not a date: "${shorten(text)}"`);
}

function typeDateTime(value: unknown): TypedFieldValue {
  const text = asText(value).trim();
  const time = parseTime(text);
  return time === null ? kept(text, `Not a date and time: "${shorten(text)}"`) : { value: new Date(time).toISOString(), issue: null };
}

function typeMultiSelect(value: unknown): TypedFieldValue {
  // HubSpot and Salesforce join the choices with ';', Zoho sends an array.
  const items = Array.isArray(value) ? value.map((item) => asText(unwrapLookup(item))) : asText(value).split(';');
  const chosen = [...new Set(items.map((item) => item.trim()).filter((item) => item !== ''))];
  return chosen.length === 0 ? NONE : { value: chosen.map(truncateText), issue: null };
}

function typeEnumeration(value: unknown, options: readonly TCrmFieldOption[]): TypedFieldValue {
  const text = asText(value).trim();
  if (text === '') return NONE;
  // A value the catalogue does not list is still the CRM's value (options change; picklists can be unrestricted).
  if (options.length > 0 && !options.some((option) => option.value === text)) {
    return { value: truncateText(text), issue: `Not one of the field's options: "${shorten(text)}"` };
  }
  return { value: truncateText(text), issue: null };
}

function parseTime(text: string): number | null {
  if (/^-?\d{10,}$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const time = Date.parse(text.replace(OFFSET_WITHOUT_COLON, '$1:$2'));
  return Number.isNaN(time) ? null : time;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

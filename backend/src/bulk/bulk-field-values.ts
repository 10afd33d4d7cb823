import type { TBulkFieldValue, TCrmField } from '@voiceagent/shared';

/** A value checked against its field: as the providers write it, or why it does not fit. */
export type CheckedFieldValue = { ok: true; value: TBulkFieldValue } | { ok: false; message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Whether a bulk update may set `field` at all: the CRM lets API clients write it and does not
 * compute it. A refusal names why, for the 400.
 */
export function checkWritable(field: TCrmField): string | null {
  if (field.calculated) return `"${field.name}" is calculated by the CRM and cannot be set`;
  if (field.readOnly) return `"${field.name}" is read-only in the CRM`;
  return null;
}

/**
 * A value against its field's type and options, before any CRM sees it: a wrong value is a 400
 * naming it rather than a job whose every row fails. Null clears the field. Date-times are written
 * in one form every CRM reads (`2026-03-02T10:00:00+00:00`: Zoho wants the offset with a colon).
 */
export function checkFieldValue(field: TCrmField, value: TBulkFieldValue): CheckedFieldValue {
  if (value === null) return { ok: true, value };
  const options = field.options.map((option) => option.value);
  switch (field.type) {
    case 'number':
      return typeof value === 'number' ? { ok: true, value } : refuse('a number');
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : refuse('true or false');
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? { ok: true, value } : refuse('a date as YYYY-MM-DD');
    case 'datetime': {
      const time = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
      return Number.isNaN(time) ? refuse('a date-time in ISO 8601') : { ok: true, value: new Date(time).toISOString().replace(/\.\d{3}Z$/, '+00:00') };
    }
    case 'enumeration':
      if (typeof value !== 'string') return refuse('one of its options');
      return options.length === 0 || options.includes(value) ? { ok: true, value } : refuseOption(value, options);
    case 'multi_select': {
      if (!Array.isArray(value)) return refuse('a list of its options');
      const unknown = options.length === 0 ? undefined : value.find((choice) => !options.includes(choice));
      return unknown === undefined ? { ok: true, value: [...new Set(value)] } : refuseOption(unknown, options);
    }
    case 'email':
      return typeof value === 'string' && EMAIL.test(value.trim()) ? { ok: true, value: value.trim() } : refuse('an email address');
    default:
      return typeof value === 'string' ? { ok: true, value } : refuse('text');
  }
}

function refuse(expected: string): CheckedFieldValue {
  return { ok: false, message: `The value must be ${expected}` };
}

function refuseOption(value: string, options: string[]): CheckedFieldValue {
  const listed = options.slice(0, 20).map((option) => `"${option}"`).join(', ');
  return { ok: false, message: `"${value.slice(0, 100)}" is not one of the field's options (${listed}${options.length > 20 ? ', …' : ''})` };
}

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

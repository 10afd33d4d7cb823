import type { FieldValue } from './contact-fields';
import { NONE_OPTION } from './field-defs';
import type { ZohoFieldDef } from './field-defs';
import { zohoError } from './zoho-errors';
import type { ZohoErrorBody } from './zoho-errors';
import { parseZohoDateTime } from './zoho-time';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks a written custom field value by the field's type, roughly as Zoho does: the wrong JSON
 * type, a picklist value the field does not offer, a malformed date or date-time is INVALID_DATA
 * naming the field and its expected type. Returns the value as the sandbox stores it.
 */
export function checkCustomValue(def: ZohoFieldDef, value: unknown, jsonPath: string): { value: FieldValue } | { error: ZohoErrorBody } {
  const invalid = (extra: Record<string, unknown> = {}) => ({
    error: zohoError('INVALID_DATA', 'invalid data', { expected_data_type: def.dataType, api_name: def.apiName, json_path: jsonPath, ...extra }),
  });
  if (value === null) return { value: def.dataType === 'boolean' ? false : null };
  switch (def.dataType) {
    case 'boolean':
      return typeof value === 'boolean' ? { value } : invalid();
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && String(Math.abs(value)).length <= def.length ? { value } : invalid();
    case 'double':
    case 'currency':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : invalid();
    case 'date': {
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return invalid();
      return { value };
    }
    case 'datetime': {
      const ms = typeof value === 'string' ? parseZohoDateTime(value) : null;
      return ms === null ? invalid() : { value: ms };
    }
    case 'picklist': {
      if (typeof value !== 'string') return invalid();
      if (value === NONE_OPTION.actual || value === '') return { value: null };
      return def.options.some((option) => option.actual === value) ? { value } : invalid();
    }
    case 'multiselectpicklist': {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return invalid();
      const unknown = value.find((item) => !def.options.some((option) => option.actual === item));
      if (unknown !== undefined) return invalid();
      return { value: value.length === 0 ? null : [...new Set(value as string[])] };
    }
    default: {
      if (typeof value !== 'string') return invalid();
      if (value.length > def.length) return invalid({ maximum_length: def.length });
      if (def.dataType === 'email' && value !== '' && !EMAIL.test(value)) return invalid();
      return { value: value === '' ? null : value };
    }
  }
}

/** Custom fields a client may write: Zoho ignores formulas, autonumbers and other read-only fields in a write. */
export function isWritableCustom(def: ZohoFieldDef): boolean {
  return def.custom && !def.readOnly && !def.fieldReadOnly && def.dataType !== 'formula' && def.dataType !== 'autonumber';
}

import { CONTACT_WRITABLE_FIELDS } from './contact-fields';
import type { ContactFields, FieldSpec, FieldValue } from './contact-fields';
import { checkCustomValue, isWritableCustom } from './custom-input';
import type { ZohoFieldDef } from './field-defs';
import { accountIdForName } from './ids';
import { zohoError } from './zoho-errors';
import type { ZohoErrorBody } from './zoho-errors';

export type InputCheck = { patch: ContactFields } | { error: ZohoErrorBody };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks one record of a write the way Zoho does: known fields (standard and the org's custom
 * ones) must have the right type and length, Last_Name is mandatory on insert. Unknown and read-only keys are ignored, as Zoho does.
 */
export function checkContactInput(raw: unknown, index: number, mode: 'insert' | 'update', orgCode: number, customFields: readonly ZohoFieldDef[] = []): InputCheck {
  const path = `$.data[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { error: zohoError('INVALID_DATA', 'invalid data', { expected_data_type: 'jsonobject', api_name: 'data', json_path: path }) };
  }
  const input = raw as Record<string, unknown>;
  const patch: ContactFields = {};
  for (const [name, spec] of Object.entries(CONTACT_WRITABLE_FIELDS)) {
    if (!(name in input)) continue;
    const checked = checkField(name, spec, input[name], `${path}.${name}`, orgCode);
    if ('error' in checked) return checked;
    patch[name] = checked.value;
  }
  for (const def of customFields) {
    if (!(def.apiName in input) || !isWritableCustom(def)) continue;
    const checked = checkCustomValue(def, input[def.apiName], `${path}.${def.apiName}`);
    if ('error' in checked) return checked;
    patch[def.apiName] = checked.value;
  }
  const lastName = patch.Last_Name;
  const lastNameMissing = typeof lastName !== 'string' || lastName.trim() === '';
  if ((mode === 'insert' && lastNameMissing) || (mode === 'update' && 'Last_Name' in patch && lastNameMissing)) {
    return { error: zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'Last_Name', json_path: `${path}.Last_Name` }) };
  }
  return { patch };
}

function checkField(name: string, spec: FieldSpec, value: unknown, jsonPath: string, orgCode: number): { value: FieldValue } | { error: ZohoErrorBody } {
  const invalid = (extra: Record<string, unknown> = {}) => ({
    error: zohoError('INVALID_DATA', 'invalid data', { expected_data_type: spec.type, api_name: name, json_path: jsonPath, ...extra }),
  });
  if (value === null) return { value: spec.type === 'boolean' ? false : null };
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? { value } : invalid();
    case 'lookup': {
      // A lookup is written as { id } or { name }; the sandbox knows accounts by name only.
      const lookup = typeof value === 'string' ? { name: value } : value;
      if (typeof lookup !== 'object' || Array.isArray(lookup)) return invalid();
      const { name: accountName, id } = lookup as { name?: unknown; id?: unknown };
      if (typeof accountName !== 'string' || accountName.trim() === '') {
        return { error: zohoError('INVALID_DATA', 'the id given seems to be invalid', { api_name: name, json_path: jsonPath, id: typeof id === 'string' ? id : null }) };
      }
      if (accountName.length > spec.maxLength) return invalid({ maximum_length: spec.maxLength });
      return { value: { name: accountName, id: accountIdForName(orgCode, accountName) } };
    }
    default: {
      if (typeof value !== 'string') return invalid();
      if (value.length > spec.maxLength) return invalid({ maximum_length: spec.maxLength });
      if (spec.type === 'email' && value !== '' && !EMAIL.test(value)) return invalid();
      return { value: value === '' ? null : value };
    }
  }
}

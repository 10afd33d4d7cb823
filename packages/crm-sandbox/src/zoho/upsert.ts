import { checkContactInput } from './contact-input';
import { idOf, insertChecked, updateChecked } from './contact-writes';
import { emailLookupFor } from './email-index';
import type { ZohoOrg } from './org';
import type { RecordResult } from './write-results';
import { ZohoErrors, zohoError } from './zoho-errors';

/** Contacts' system-defined duplicate check field; the sandbox defines no user-defined unique fields. */
export const CONTACT_UNIQUE_FIELDS = ['Email'];

/** Checks `duplicate_check_fields` before any record is touched, as Zoho rejects the whole request. */
export function parseDuplicateCheckFields(value: unknown): string[] {
  if (value === undefined) return CONTACT_UNIQUE_FIELDS;
  if (!Array.isArray(value) || value.length === 0) throw ZohoErrors.invalidParam('duplicate_check_fields', { expected_data_type: 'jsonarray' });
  value.forEach((field, i) => {
    if (typeof field !== 'string' || !CONTACT_UNIQUE_FIELDS.includes(field)) {
      throw ZohoErrors.invalidParam('duplicate_check_fields', { api_name: String(field), json_path: `$.duplicate_check_fields[${i}]` });
    }
  });
  return value as string[];
}

/**
 * Upsert Records: a record with an id updates that record; otherwise the first duplicate
 * check field with a matching contact decides the update, and no match inserts.
 */
export async function upsertContacts(org: ZohoOrg, records: unknown[], duplicateCheckFields: string[], nowMs: number): Promise<RecordResult[]> {
  const findByEmail = await emailLookupFor(org.contacts);
  return records.map((raw, index): RecordResult => {
    const checked = checkContactInput(raw, index, 'update', org.code, org.fields.customFields());
    if ('error' in checked) return checked.error;
    const id = idOf(raw);
    if (id !== undefined) {
      const target = org.contacts.get(id);
      if (!target) return zohoError('INVALID_DATA', 'the id given seems to be invalid', { id, api_name: 'id', json_path: `$.data[${index}].id` });
      return withAction(updateChecked(org, target, checked.patch, index, nowMs, findByEmail), 'update', null);
    }
    for (const field of duplicateCheckFields) {
      const value = checked.patch[field];
      const match = typeof value === 'string' ? findByEmail(value) : null;
      if (match) return withAction(updateChecked(org, match, checked.patch, index, nowMs, findByEmail), 'update', field);
    }
    const asInsert = checkContactInput(raw, index, 'insert', org.code, org.fields.customFields());
    if ('error' in asInsert) return asInsert.error;
    return withAction(insertChecked(org, asInsert.patch, index, nowMs, findByEmail), 'insert', null);
  });
}

/** Upsert's success items also say what happened and which field matched. */
function withAction(result: RecordResult, action: 'insert' | 'update', duplicateField: string | null): RecordResult {
  return result.status === 'success' ? { code: result.code, duplicate_field: duplicateField, action, details: result.details, message: result.message, status: result.status } : result;
}

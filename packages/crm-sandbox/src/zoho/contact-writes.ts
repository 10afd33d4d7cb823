import { emptyContactFields } from './contact-fields';
import type { ContactFields, StoredContact } from './contact-fields';
import { checkContactInput } from './contact-input';
import { emailLookupFor } from './email-index';
import type { ZohoOrg } from './org';
import { duplicateData, recordSuccess } from './write-results';
import type { RecordResult } from './write-results';
import { zohoError } from './zoho-errors';

export type EmailLookup = Awaited<ReturnType<typeof emailLookupFor>>;

/** Insert Records: each record is checked and inserted in order, so a batch can duplicate itself. */
export async function createContacts(org: ZohoOrg, records: unknown[], nowMs: number): Promise<RecordResult[]> {
  const findByEmail = await emailLookupFor(org.contacts);
  return records.map((raw, index) => {
    const checked = checkContactInput(raw, index, 'insert', org.code, org.fields.customFields());
    if ('error' in checked) return checked.error;
    return insertChecked(org, checked.patch, index, nowMs, findByEmail);
  });
}

export function insertChecked(org: ZohoOrg, patch: ContactFields, index: number, nowMs: number, findByEmail: EmailLookup): RecordResult {
  const email = patch.Email;
  if (typeof email === 'string') {
    const existing = findByEmail(email);
    if (existing) return duplicateData(org, existing, 'Email', index);
  }
  const contact = org.contacts.insert({ ...emptyContactFields(), ...patch }, nowMs);
  return recordSuccess(org, contact, 'record added');
}

/** Update Records: `pathId` is the id of PUT /Contacts/{id}; otherwise each record names its id. */
export async function updateContacts(org: ZohoOrg, records: unknown[], nowMs: number, pathId?: string): Promise<RecordResult[]> {
  const findByEmail = await emailLookupFor(org.contacts);
  return records.map((raw, index) => {
    const id = pathId ?? idOf(raw);
    if (id === undefined) return zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'id', json_path: `$.data[${index}].id` });
    const contact = org.contacts.get(id);
    if (!contact) return zohoError('INVALID_DATA', 'the id given seems to be invalid', { id, api_name: 'id', json_path: `$.data[${index}].id` });
    const checked = checkContactInput(raw, index, 'update', org.code, org.fields.customFields());
    if ('error' in checked) return checked.error;
    return updateChecked(org, contact, checked.patch, index, nowMs, findByEmail);
  });
}

export function updateChecked(org: ZohoOrg, contact: StoredContact, patch: ContactFields, index: number, nowMs: number, findByEmail: EmailLookup): RecordResult {
  const email = patch.Email;
  if (typeof email === 'string') {
    const existing = findByEmail(email, contact.id);
    if (existing) return duplicateData(org, existing, 'Email', index);
  }
  const updated = org.contacts.update(contact, patch, nowMs);
  return recordSuccess(org, updated, 'record updated');
}

/** Delete Records: deleted contacts go to the recycle bin, where Get Deleted Records finds them. */
export function deleteContacts(org: ZohoOrg, ids: string[], nowMs: number): RecordResult[] {
  return ids.map((id) => {
    const contact = org.contacts.get(id);
    if (!contact) return zohoError('INVALID_DATA', 'the id given seems to be invalid', { id });
    org.contacts.remove(contact, nowMs, 'recycle');
    return { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' };
  });
}

export function idOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

import type { TImportField, TImportMapping, TNewContact } from '@voiceagent/shared';
import { AppError } from '../http/app-error';
import { toFieldIssues } from '../http/validate';
import { ZNewContactInput } from '../crm/contacts/new-contact-input';

/** Header names (lower-cased, letters and digits only) that mean a field, as CRMs and spreadsheets export them. */
const HEADER_NAMES: Record<TImportField, readonly string[]> = {
  email: ['email', 'emailaddress', 'mail', 'emailadresse', 'workemail', 'primaryemail'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'telefon', 'workphone', 'businessphone', 'officephone', 'phone1'],
  mobilePhone: ['mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'handy', 'mobil'],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'vorname', 'prenom'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nachname', 'nom'],
  company: ['company', 'companyname', 'organization', 'organisation', 'account', 'accountname', 'firma', 'employer'],
  jobTitle: ['jobtitle', 'title', 'position', 'role', 'job'],
  country: ['country', 'countrycode', 'land'],
};

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A field per column where its name says which; each field taken by its first column. */
export function guessMapping(header: readonly string[]): TImportMapping {
  const taken = new Set<TImportField>();
  return header.map((name) => {
    const key = normalise(name);
    const field = (Object.keys(HEADER_NAMES) as TImportField[]).find((candidate) => !taken.has(candidate) && HEADER_NAMES[candidate].includes(key));
    if (!field) return null;
    taken.add(field);
    return field;
  });
}

/** A mapping the import can run with: one entry per column, each field once, an email or a phone among them. */
export function checkMapping(mapping: TImportMapping, header: readonly string[]): void {
  const issue = (message: string) => new AppError('validation_failed', `Invalid body: mapping (${message})`, { issues: [{ field: 'mapping', message }] });
  if (mapping.length !== header.length) throw issue(`one entry per column: the file has ${header.length}, the mapping ${mapping.length}`);
  const fields = mapping.filter((field): field is TImportField => field !== null);
  const twice = fields.find((field, i) => fields.indexOf(field) !== i);
  if (twice) throw issue(`${twice} is named by more than one column`);
  if (!fields.some((field) => field === 'email' || field === 'phone' || field === 'mobilePhone')) throw issue('map a column to email, phone or mobilePhone: a contact needs one');
}

export type ReadRow = { contact: Record<string, string>; input: TNewContact | null; issues: Array<{ field: string; message: string }> };

/** A row's cells as the contact they describe, checked as POST /crm/:platform/contacts checks one. */
export function readRow(cells: readonly string[], mapping: TImportMapping): ReadRow {
  const contact: Record<string, string> = {};
  mapping.forEach((field, i) => {
    const value = cells[i]?.trim() ?? '';
    if (field && value !== '') contact[field] = field === 'country' ? value.toUpperCase() : value;
  });
  const parsed = ZNewContactInput.safeParse(contact);
  if (parsed.success) return { contact, input: parsed.data, issues: [] };
  return { contact, input: null, issues: toFieldIssues(parsed.error) };
}

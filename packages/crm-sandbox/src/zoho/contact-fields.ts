import type { SeededPerson } from '../common/seeded-people';
import { renderCustomValue } from './custom-values';
import type { FieldCatalogue } from './field-catalogue';
import { accountIdForName } from './ids';
import type { ContactRef } from './ids';
import { formatZohoTime } from './zoho-time';

/** The field types the sandbox validates on writes, as Zoho's field metadata names them. */
export type FieldType = 'text' | 'email' | 'phone' | 'picklist' | 'lookup' | 'boolean' | 'textarea';
export type FieldSpec = { type: FieldType; maxLength: number };
export type LookupValue = { name: string; id: string };
/** Custom fields add numbers, multi-select arrays and date-times (epoch ms, rendered in the org's offset). */
export type FieldValue = string | number | boolean | string[] | LookupValue | null;
export type ContactFields = Record<string, FieldValue>;

const text = (maxLength: number): FieldSpec => ({ type: 'text', maxLength });

/** Standard Contacts fields a client may write (Zoho's API names). */
export const CONTACT_WRITABLE_FIELDS: Record<string, FieldSpec> = {
  Salutation: { type: 'picklist', maxLength: 120 },
  First_Name: text(40),
  Last_Name: text(80),
  Email: { type: 'email', maxLength: 100 },
  Secondary_Email: { type: 'email', maxLength: 100 },
  Phone: { type: 'phone', maxLength: 30 },
  Mobile: { type: 'phone', maxLength: 30 },
  Home_Phone: { type: 'phone', maxLength: 30 },
  Other_Phone: { type: 'phone', maxLength: 30 },
  Fax: { type: 'phone', maxLength: 30 },
  Assistant: text(40),
  Asst_Phone: { type: 'phone', maxLength: 30 },
  Title: text(100),
  Department: text(100),
  Lead_Source: { type: 'picklist', maxLength: 120 },
  Account_Name: { type: 'lookup', maxLength: 200 },
  Mailing_Street: text(250),
  Mailing_City: text(100),
  Mailing_State: text(100),
  Mailing_Zip: text(30),
  Mailing_Country: text(100),
  Description: { type: 'textarea', maxLength: 32_000 },
  Email_Opt_Out: { type: 'boolean', maxLength: 5 },
};

export type StoredContact = {
  id: string;
  ref: ContactRef;
  fields: ContactFields;
  createdAtMs: number;
  modifiedAtMs: number;
};

export type OwnerUser = { id: string; name: string; email: string };
export type RenderContext = { offsetMinutes: number; owner: OwnerUser; catalogue: FieldCatalogue };

const LEAD_SOURCES = ['Advertisement', 'Cold Call', 'Employee Referral', 'External Referral', 'Online Store', 'Partner', 'Public Relations', 'Seminar Partner', 'Trade Show', 'Web Download', 'Web Research', 'Chat'];
const COUNTRY_NAMES: Record<string, string> = { US: 'United States', DE: 'Germany', FR: 'France', ES: 'Spain', PL: 'Poland', BR: 'Brazil' };

export function emptyContactFields(): ContactFields {
  const fields: ContactFields = {};
  for (const [name, spec] of Object.entries(CONTACT_WRITABLE_FIELDS)) fields[name] = spec.type === 'boolean' ? false : null;
  return fields;
}

/** The Contacts record of a seeded person, as it sits in the CRM before anyone edits it. */
export function fieldsFromPerson(person: SeededPerson, orgCode: number, index: number): ContactFields {
  const fields = emptyContactFields();
  fields.First_Name = person.firstName;
  fields.Last_Name = person.lastName;
  fields.Email = person.email;
  fields.Phone = person.phone;
  fields.Mobile = person.mobilePhone;
  fields.Title = person.jobTitle;
  fields.Account_Name = person.company ? { name: person.company, id: accountIdForName(orgCode, person.company) } : null;
  // Some contacts have no source, as in any CRM that people fill in by hand.
  fields.Lead_Source = index % 13 === 0 ? null : (LEAD_SOURCES[index % LEAD_SOURCES.length] ?? null);
  fields.Mailing_Country = COUNTRY_NAMES[person.country] ?? person.country;
  fields.Email_Opt_Out = index % 29 === 0;
  return fields;
}

export function fullNameOf(fields: ContactFields): string {
  return [fields.First_Name, fields.Last_Name].filter((part) => typeof part === 'string' && part.length > 0).join(' ');
}

/**
 * The JSON Zoho returns for a contact, limited to `only` (plus id) when the client named fields.
 * Custom values are worked out only for the custom fields asked for (all of them without `only`).
 */
export function renderContact(contact: StoredContact, ctx: RenderContext, only?: readonly string[]): Record<string, unknown> {
  const owner = { name: ctx.owner.name, id: ctx.owner.id, email: ctx.owner.email };
  const modified = formatZohoTime(contact.modifiedAtMs, ctx.offsetMinutes);
  const full: Record<string, unknown> = { id: contact.id, Owner: owner };
  for (const name of STANDARD_WRITABLE_NAMES) full[name] = contact.fields[name] ?? null;
  Object.assign(full, {
    Full_Name: fullNameOf(contact.fields),
    Created_By: owner,
    Modified_By: owner,
    Created_Time: formatZohoTime(contact.createdAtMs, ctx.offsetMinutes),
    Modified_Time: modified,
    Last_Activity_Time: modified,
    Tag: [],
  });
  const seatsDef = ctx.catalogue.get('Seats');
  const seats = () => (seatsDef ? renderCustomValue(contact, seatsDef, ctx.offsetMinutes, () => null) as FieldValue : null);
  if (!only) {
    for (const def of ctx.catalogue.customFields()) full[def.apiName] = renderCustomValue(contact, def, ctx.offsetMinutes, seats);
    return full;
  }
  const picked: Record<string, unknown> = { id: contact.id };
  for (const name of only) {
    const def = ctx.catalogue.get(name);
    if (def?.custom) picked[name] = renderCustomValue(contact, def, ctx.offsetMinutes, seats);
    else if (name in full) picked[name] = full[name];
  }
  return picked;
}

const STANDARD_WRITABLE_NAMES = Object.keys(CONTACT_WRITABLE_FIELDS);

import { CONTACT_WRITABLE_FIELDS } from './contact-fields';

/**
 * Zoho's `data_type` names for the fields the sandbox models (Field Metadata API). A formula's
 * own type is its `formula.return_type`; an autonumber is read-only text Zoho fills in.
 */
export type ZohoDataType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'website'
  | 'picklist'
  | 'multiselectpicklist'
  | 'integer'
  | 'double'
  | 'currency'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'lookup'
  | 'ownerlookup'
  | 'autonumber'
  | 'formula';

export type PicklistOption = { actual: string; display: string };

/** One Contacts field as the sandbox keeps it; rendered to Zoho's metadata shape by fields-routes. */
export type ZohoFieldDef = {
  apiName: string;
  label: string;
  dataType: ZohoDataType;
  custom: boolean;
  /** Read-only for the current user (Zoho's `read_only`). */
  readOnly: boolean;
  /** Read-only for everyone, always (Zoho's `field_read_only`). */
  fieldReadOnly: boolean;
  length: number;
  systemMandatory: boolean;
  /** Picklist and multi-select choices in order; a picklist starts with Zoho's "-None-". */
  options: PicklistOption[];
  formula: { returnType: 'double' | 'integer' | 'text' | 'boolean' | 'date' | 'datetime'; expression: string } | null;
  /** Sequence of the field id within the org (Zoho ids are opaque 19-digit strings). */
  seq: number;
  /** The seeded contacts' values of this field are computed from their index (seed fields only). */
  seeded: boolean;
};

/** Zoho puts "-None-" first in every picklist: choosing it clears the value. */
export const NONE_OPTION: PicklistOption = { actual: '-None-', display: '-None-' };

const LEAD_SOURCE_OPTIONS = ['Advertisement', 'Cold Call', 'Employee Referral', 'External Referral', 'Online Store', 'Partner', 'Public Relations', 'Seminar Partner', 'Trade Show', 'Web Download', 'Web Research', 'Chat'];
const SALUTATION_OPTIONS = ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.'];

const STANDARD_LABELS: Record<string, string> = {
  Owner: 'Contact Owner',
  Salutation: 'Salutation',
  First_Name: 'First Name',
  Last_Name: 'Last Name',
  Full_Name: 'Full Name',
  Email: 'Email',
  Secondary_Email: 'Secondary Email',
  Phone: 'Phone',
  Mobile: 'Mobile',
  Home_Phone: 'Home Phone',
  Other_Phone: 'Other Phone',
  Fax: 'Fax',
  Assistant: 'Assistant',
  Asst_Phone: 'Asst Phone',
  Title: 'Title',
  Department: 'Department',
  Lead_Source: 'Lead Source',
  Account_Name: 'Account Name',
  Mailing_Street: 'Mailing Street',
  Mailing_City: 'Mailing City',
  Mailing_State: 'Mailing State',
  Mailing_Zip: 'Mailing Zip',
  Mailing_Country: 'Mailing Country',
  Description: 'Description',
  Email_Opt_Out: 'Email Opt Out',
  Created_By: 'Created By',
  Modified_By: 'Modified By',
  Created_Time: 'Created Time',
  Modified_Time: 'Modified Time',
  Last_Activity_Time: 'Last Activity Time',
  Tag: 'Tag',
};

type Base = Omit<ZohoFieldDef, 'seq'>;

const field = (apiName: string, dataType: ZohoDataType, extra: Partial<Base> = {}): Base => ({
  apiName,
  label: STANDARD_LABELS[apiName] ?? apiName.replace(/_/g, ' '),
  dataType,
  custom: false,
  readOnly: false,
  fieldReadOnly: false,
  length: 255,
  systemMandatory: false,
  options: [],
  formula: null,
  seeded: false,
  ...extra,
});

const picklist = (values: string[]): PicklistOption[] => [NONE_OPTION, ...values.map((value) => ({ actual: value, display: value }))];
const readOnly = { readOnly: true, fieldReadOnly: true };

/** Zoho's standard Contacts fields: the writable ones of contact-fields plus the system fields. */
function standardFields(): Base[] {
  const writable = Object.entries(CONTACT_WRITABLE_FIELDS).map(([name, spec]) => {
    const options = name === 'Lead_Source' ? picklist(LEAD_SOURCE_OPTIONS) : name === 'Salutation' ? picklist(SALUTATION_OPTIONS) : [];
    return field(name, spec.type, { length: spec.maxLength, options, systemMandatory: name === 'Last_Name' });
  });
  return [
    // As in Zoho's own metadata: the owner can be reassigned, yet the field itself is marked field_read_only.
    field('Owner', 'ownerlookup', { length: 120, fieldReadOnly: true }),
    ...writable,
    field('Full_Name', 'text', { length: 120, ...readOnly }),
    field('Created_By', 'ownerlookup', { length: 120, ...readOnly }),
    field('Modified_By', 'ownerlookup', { length: 120, ...readOnly }),
    field('Created_Time', 'datetime', { length: 120, ...readOnly }),
    field('Modified_Time', 'datetime', { length: 120, ...readOnly }),
    field('Last_Activity_Time', 'datetime', { length: 120, ...readOnly }),
    field('Tag', 'text', { length: 2000, ...readOnly }),
  ];
}

export const PLAN_OPTIONS: PicklistOption[] = [NONE_OPTION, { actual: 'starter', display: 'Starter' }, { actual: 'pro', display: 'Pro' }, { actual: 'enterprise', display: 'Enterprise' }];
export const TIME_ZONE_VALUES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Europe/Warsaw', 'America/Sao_Paulo', 'Europe/London'];
export const INTEREST_VALUES = ['Product updates', 'Webinars', 'Beta programme', 'Partner offers', 'Case studies'];

/** The custom fields every sandbox org starts with: one of each type a voice agent might use. */
function seededCustomFields(): Base[] {
  const custom = { custom: true, seeded: true };
  return [
    field('Renewal_Date', 'date', { ...custom, label: 'Renewal Date', length: 20 }),
    field('Plan', 'picklist', { ...custom, label: 'Plan', length: 120, options: PLAN_OPTIONS }),
    field('Seats', 'integer', { ...custom, label: 'Seats', length: 9 }),
    field('Preferred_Language', 'text', { ...custom, label: 'Preferred Language', length: 100 }),
    field('Do_Not_Call', 'boolean', { ...custom, label: 'Do Not Call', length: 5 }),
    field('Time_Zone', 'picklist', { ...custom, label: 'Time Zone', length: 120, options: picklist(TIME_ZONE_VALUES) }),
    field('Last_Purchase_At', 'datetime', { ...custom, label: 'Last Purchase At', length: 120 }),
    field('Interests', 'multiselectpicklist', { ...custom, label: 'Interests', length: 2000, options: INTEREST_VALUES.map((value) => ({ actual: value, display: value })) }),
    field('Account_Notes', 'textarea', { ...custom, label: 'Account Notes', length: 32_000 }),
    field('Backup_Phone', 'phone', { ...custom, label: 'Backup Phone', length: 30 }),
    field('Billing_Email', 'email', { ...custom, label: 'Billing Email', length: 100 }),
    field('Annual_Value', 'currency', { ...custom, label: 'Annual Value', length: 16 }),
    field('Health_Score', 'formula', {
      ...custom,
      label: 'Health Score',
      length: 16,
      readOnly: true,
      formula: { returnType: 'double', expression: 'Min(100,${Contacts.Seats}*2.5)' },
    }),
    field('Customer_Number', 'autonumber', { ...custom, label: 'Customer Number', length: 255, ...readOnly }),
  ];
}

/** The fields a new org starts with, numbered in order. */
export function initialContactFields(): ZohoFieldDef[] {
  return [...standardFields(), ...seededCustomFields()].map((def, index) => ({ ...def, seq: index + 1 }));
}

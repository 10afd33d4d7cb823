/** The three objects the sandbox serves and their standard fields, as describe reports them and SOQL checks them. */
export type SObjectType = 'Contact' | 'Lead' | 'Task';
export const SOBJECT_TYPES: readonly SObjectType[] = ['Contact', 'Lead', 'Task'];

export type FieldType =
  | 'id' | 'reference' | 'string' | 'email' | 'phone' | 'textarea' | 'picklist' | 'multipicklist' | 'boolean' | 'datetime' | 'date' | 'int' | 'double' | 'currency' | 'percent';

/** One choice of a picklist as describe reports it; inactive ones stay listed but take no new values. */
export type PicklistOption = { value: string; label: string; active: boolean };

/** A field value as the store holds it: datetimes as epoch ms, dates as YYYY-MM-DD, multi-select as "a;b". */
export type FieldValue = string | number | boolean | null;
export type SRecord = Record<string, FieldValue>;

export type FieldDef = {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  /** Required on create (not nillable, no default). */
  required?: boolean;
  /** Standard picklists: values that are their own labels. */
  picklistValues?: string[];
  /** Custom picklists: values with labels (and inactive ones). */
  options?: PicklistOption[];
  /** A value outside the picklist is refused (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST). */
  restrictedPicklist?: boolean;
  custom?: boolean;
  /** A formula: computed from the record on every read, never stored or written. */
  calculatedFormula?: string;
  /** An auto-number: read-only, assigned by Salesforce. */
  autoNumber?: boolean;
  precision?: number;
  scale?: number;
  extraTypeInfo?: string;
  /** How a formula or auto-number field's value is computed from the stored record. */
  compute?: (record: SRecord) => FieldValue;
};

/** The field's value on a record: computed for formulas and auto-numbers, stored otherwise. */
export function valueOf(field: FieldDef, record: SRecord): FieldValue {
  return field.compute ? field.compute(record) : (record[field.name] ?? null);
}

/** The values a picklist or multi-select offers, active or not. */
export function choicesOf(field: FieldDef): PicklistOption[] {
  return field.options ?? (field.picklistValues ?? []).map((value) => ({ value, label: value, active: true }));
}

export function isNumeric(type: FieldType): boolean {
  return type === 'int' || type === 'double' || type === 'currency' || type === 'percent';
}

const system = (name: string, label: string, type: FieldType): FieldDef => ({ name, label, type, length: type === 'id' || type === 'reference' ? 18 : 0, nillable: type !== 'id' && type !== 'boolean' && type !== 'datetime', createable: false, updateable: false });
const text = (name: string, label: string, type: FieldType, length: number, extra: Partial<FieldDef> = {}): FieldDef => ({ name, label, type, length, nillable: true, createable: true, updateable: true, ...extra });
const flag = (name: string, label: string): FieldDef => ({ name, label, type: 'boolean', length: 0, nillable: false, createable: true, updateable: true });

export const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
export const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'];

const COMMON_TAIL = [system('CreatedDate', 'Created Date', 'datetime'), system('LastModifiedDate', 'Last Modified Date', 'datetime'), system('SystemModstamp', 'System Modstamp', 'datetime'), system('IsDeleted', 'Deleted', 'boolean')];

const FIELDS: Record<SObjectType, FieldDef[]> = {
  Contact: [
    system('Id', 'Contact ID', 'id'),
    text('FirstName', 'First Name', 'string', 40),
    text('LastName', 'Last Name', 'string', 80, { nillable: false, required: true }),
    text('Email', 'Email', 'email', 80),
    text('Phone', 'Business Phone', 'phone', 40),
    text('MobilePhone', 'Mobile Phone', 'phone', 40),
    text('Title', 'Title', 'string', 128),
    text('AccountId', 'Account ID', 'reference', 18),
    text('MailingCountry', 'Mailing Country', 'string', 80),
    text('LeadSource', 'Lead Source', 'picklist', 255, { picklistValues: LEAD_SOURCES }),
    text('OwnerId', 'Owner ID', 'reference', 18),
    flag('DoNotCall', 'Do Not Call'),
    flag('HasOptedOutOfEmail', 'Email Opt Out'),
    ...COMMON_TAIL,
  ],
  Lead: [
    system('Id', 'Lead ID', 'id'),
    text('FirstName', 'First Name', 'string', 40),
    text('LastName', 'Last Name', 'string', 80, { nillable: false, required: true }),
    text('Company', 'Company', 'string', 255, { nillable: false, required: true }),
    text('Email', 'Email', 'email', 80),
    text('Phone', 'Phone', 'phone', 40),
    text('MobilePhone', 'Mobile Phone', 'phone', 40),
    text('Title', 'Title', 'string', 128),
    text('Status', 'Status', 'picklist', 255, { nillable: false, picklistValues: LEAD_STATUSES }),
    text('LeadSource', 'Lead Source', 'picklist', 255, { picklistValues: LEAD_SOURCES }),
    text('Country', 'Country', 'string', 80),
    text('OwnerId', 'Owner ID', 'reference', 18),
    flag('DoNotCall', 'Do Not Call'),
    flag('HasOptedOutOfEmail', 'Email Opt Out'),
    system('IsConverted', 'Converted', 'boolean'),
    system('ConvertedContactId', 'Converted Contact ID', 'reference'),
    system('ConvertedDate', 'Converted Date', 'date'),
    ...COMMON_TAIL,
  ],
  Task: [
    system('Id', 'Activity ID', 'id'),
    text('Subject', 'Subject', 'string', 255),
    text('Description', 'Description', 'textarea', 32_000),
    text('WhoId', 'Name ID', 'reference', 18),
    text('TaskSubtype', 'Task Subtype', 'picklist', 40, { picklistValues: ['Task', 'Email', 'Call'] }),
    text('CallType', 'Call Type', 'picklist', 40, { picklistValues: ['Internal', 'Inbound', 'Outbound'] }),
    { ...text('CallDurationInSeconds', 'Call Duration', 'int', 0) },
    text('CallDisposition', 'Call Result', 'string', 255),
    text('Status', 'Status', 'picklist', 40, { nillable: false, picklistValues: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] }),
    text('ActivityDate', 'Due Date Only', 'date', 0),
    text('OwnerId', 'Assigned To ID', 'reference', 18),
    ...COMMON_TAIL,
  ],
};

const BY_LOWER_NAME = new Map(SOBJECT_TYPES.map((type) => [type, new Map(FIELDS[type].map((field) => [field.name.toLowerCase(), field]))]));

/** The relationship path Contact.Account.Name, the one relationship field the sandbox knows. */
export const ACCOUNT_NAME = 'Account.Name';
export const ACCOUNT_NAME_FIELD: FieldDef = { name: ACCOUNT_NAME, label: 'Account Name', type: 'string', length: 255, nillable: true, createable: false, updateable: false };

/** The standard fields of the object; an org's own (custom) fields are in its OrgSchema. */
export function standardFieldsOf(type: SObjectType): FieldDef[] {
  return FIELDS[type];
}

/** Field names are case-insensitive in SOQL and in REST bodies. */
export function findStandardField(type: SObjectType, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  if (type === 'Contact' && lower === 'account.name') return ACCOUNT_NAME_FIELD;
  return BY_LOWER_NAME.get(type)!.get(lower);
}

export function findType(name: string): SObjectType | undefined {
  return SOBJECT_TYPES.find((type) => type.toLowerCase() === name.toLowerCase());
}

export function labelOf(type: SObjectType): string {
  return type;
}

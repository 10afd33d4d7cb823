import { AdminError } from '../zoho/admin-error';
import type { TCreateContactField, TUpdateContactField } from './admin-schemas';
import { describeField } from './describe';
import type { DescribedField } from './describe';
import type { SalesforceOrg } from './org';
import type { FieldDef } from './schema';

type CustomType = 'Contact' | 'Lead';

/** Salesforce's rule for API names: a letter first, then letters, digits and single underscores, no trailing underscore. */
const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?<!_)$/;

const SALESFORCE_TYPES: Record<TCreateContactField['type'], Pick<FieldDef, 'type' | 'length'> & Partial<FieldDef>> = {
  string: { type: 'string', length: 255 },
  number: { type: 'double', length: 0, precision: 18, scale: 2 },
  boolean: { type: 'boolean', length: 0 },
  date: { type: 'date', length: 0 },
  datetime: { type: 'datetime', length: 0 },
  enumeration: { type: 'picklist', length: 255, restrictedPicklist: true },
  multi_select: { type: 'multipicklist', length: 4099, restrictedPicklist: true },
  phone: { type: 'phone', length: 40 },
  email: { type: 'email', length: 80 },
};

export function objectOf(objectType: 'contact' | 'lead' | undefined): CustomType {
  return objectType === 'lead' ? 'Lead' : 'Contact';
}

/** `Renewal_Date` or `Renewal_Date__c` → `Renewal_Date__c`, as Setup names a custom field. */
function apiNameOf(name: string): string {
  const base = name.endsWith('__c') ? name.slice(0, -3) : name;
  if (!API_NAME.test(base) || base.length > 40) {
    throw new AdminError(400, 'invalid_request', `Invalid field name ${name}: a letter first, then letters, digits and single underscores, at most 40 characters before __c`);
  }
  return `${base}__c`;
}

/** Adds a custom field to Contact or Lead; the catalogue (describe) lists it at once, every record holding null. */
export function createCustomField(org: SalesforceOrg, spec: TCreateContactField): DescribedField {
  const type = objectOf(spec.objectType);
  const name = apiNameOf(spec.name);
  if (org.schema.findField(type, name)) throw new AdminError(409, 'conflict', `${type} already has a field ${name}`);
  const shape = SALESFORCE_TYPES[spec.type];
  const isChoice = shape.type === 'picklist' || shape.type === 'multipicklist';
  if (isChoice && !spec.options) throw new AdminError(400, 'invalid_request', `A ${spec.type} field needs options`);
  if (!isChoice && spec.options) throw new AdminError(400, 'invalid_request', `Only enumeration and multi_select fields take options`);
  const field: FieldDef = {
    name,
    label: spec.label,
    nillable: shape.type !== 'boolean',
    createable: true,
    updateable: true,
    custom: true,
    ...shape,
    ...(isChoice ? { options: spec.options!.map((option) => ({ ...option, active: true })) } : {}),
  };
  org.schema.putField(type, field);
  return describeField(field);
}

/** Relabels a custom field, or replaces its options (values no longer offered stay on records, as in Setup). */
export function updateCustomField(org: SalesforceOrg, name: string, change: TUpdateContactField): DescribedField {
  const type = objectOf(change.objectType);
  const field = findCustom(org, type, name);
  const isChoice = field.type === 'picklist' || field.type === 'multipicklist';
  if (change.options && !isChoice) throw new AdminError(400, 'invalid_request', `${field.name} is not a picklist: it takes no options`);
  const next: FieldDef = {
    ...field,
    ...(change.label === undefined ? {} : { label: change.label }),
    ...(change.options === undefined ? {} : { options: change.options.map((option) => ({ ...option, active: true })) }),
  };
  org.schema.putField(type, next);
  return describeField(next);
}

/** Deletes a custom field: its values go from every record, and SOQL naming it fails as an unknown column. */
export function deleteCustomField(org: SalesforceOrg, name: string, objectType: 'contact' | 'lead' | undefined): void {
  const type = objectOf(objectType);
  const field = findCustom(org, type, name);
  org.schema.removeField(type, field.name);
  org.stores[type].dropField(field.name);
}

function findCustom(org: SalesforceOrg, type: CustomType, name: string): FieldDef {
  const field = org.schema.findCustomField(type, name);
  if (!field) {
    const standard = org.schema.findField(type, name);
    if (standard) throw new AdminError(400, 'invalid_request', `${standard.name} is a standard field of ${type}: only custom fields can be changed`);
    throw new AdminError(404, 'not_found', `${type} has no custom field ${name}`);
  }
  return field;
}

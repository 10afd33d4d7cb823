import { AdminError } from './admin-error';
import { ZCreateContactField, ZDeleteContactField, ZUpdateContactField } from './admin-schemas';
import type { TCreateContactField, TDeleteContactField, TUpdateContactField } from './admin-schemas';
import type { PicklistOption, ZohoDataType } from './field-defs';
import { renderFieldMeta } from './fields-routes';
import type { ZohoOrg } from './org';

/** VoiceAgent's field types as the Zoho field a user would create for them. */
const DATA_TYPE_OF: Record<TCreateContactField['type'], ZohoDataType> = {
  string: 'text',
  number: 'double',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  enumeration: 'picklist',
  multi_select: 'multiselectpicklist',
  phone: 'phone',
  email: 'email',
};

const CHOICE_TYPES = new Set<ZohoDataType>(['picklist', 'multiselectpicklist']);

/** Adds a custom Contacts field; returns it as GET /settings/fields shows it. */
export function createContactField(org: ZohoOrg, input: TCreateContactField): Record<string, unknown> {
  const spec = ZCreateContactField.parse(input);
  requireContacts(spec.objectType);
  if (org.fields.get(spec.name)) throw new AdminError(409, 'conflict', `Contacts already has a field ${spec.name}`);
  const dataType = DATA_TYPE_OF[spec.type];
  const options = optionsOf(dataType, spec.options);
  if (CHOICE_TYPES.has(dataType) && options.length === 0) throw new AdminError(400, 'invalid_request', `A ${spec.type} field needs options`);
  return renderFieldMeta(org, org.fields.add({ apiName: spec.name, label: spec.label, dataType, options }));
}

/** Relabels a custom field (its API name stays, as in Zoho) or replaces a picklist's choices. */
export function updateContactField(org: ZohoOrg, name: string, input: TUpdateContactField): Record<string, unknown> {
  const patch = ZUpdateContactField.parse(input);
  requireContacts(patch.objectType);
  const def = customField(org, name);
  const options = patch.options === undefined ? undefined : optionsOf(def.dataType, patch.options);
  return renderFieldMeta(org, org.fields.update(name, { label: patch.label, options }));
}

/** Deletes a custom field with its values: reads no longer return it, and naming it is an unknown field. */
export function deleteContactField(org: ZohoOrg, name: string, input: TDeleteContactField = {}): void {
  requireContacts(ZDeleteContactField.parse(input).objectType);
  customField(org, name);
  org.fields.remove(name);
  // Seeded values are computed from seed fields, which are gone now; written ones live in the overlay.
  for (const contact of org.contacts.overlayContacts()) delete contact.fields[name];
}

function customField(org: ZohoOrg, name: string) {
  const def = org.fields.get(name);
  if (!def) throw new AdminError(404, 'not_found', `Contacts has no field ${name}`);
  if (!def.custom) throw new AdminError(400, 'invalid_request', `${name} is a standard Zoho field; only custom fields can be changed or deleted`);
  return def;
}

function requireContacts(objectType: 'contact' | 'lead'): void {
  if (objectType !== 'contact') throw new AdminError(400, 'invalid_request', 'The Zoho sandbox syncs Contacts only; it has no Leads fields');
}

function optionsOf(dataType: ZohoDataType, options: { value: string; label: string }[] | undefined): PicklistOption[] {
  if (options === undefined) return [];
  if (!CHOICE_TYPES.has(dataType)) throw new AdminError(400, 'invalid_request', 'Only enumeration and multi_select fields have options');
  return options.map((option) => ({ actual: option.value, display: option.label }));
}

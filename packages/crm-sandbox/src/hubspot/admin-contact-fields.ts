import { BOOL_OPTIONS, toOptions, toPropertyResponse, type PropertyDefinition, type PropertyFieldType, type PropertyResponse, type PropertyType } from './contact-field-definitions';
import type { ContactFieldType } from './admin-schemas';
import type { Portal } from './portal-registry';

/** How each of our field types is made in HubSpot: HubSpot has no email type, so an email field is text. */
const HUBSPOT_TYPES: Record<ContactFieldType, { type: PropertyType; fieldType: PropertyFieldType }> = {
  string: { type: 'string', fieldType: 'text' },
  number: { type: 'number', fieldType: 'number' },
  boolean: { type: 'bool', fieldType: 'booleancheckbox' },
  date: { type: 'date', fieldType: 'date' },
  datetime: { type: 'datetime', fieldType: 'date' },
  enumeration: { type: 'enumeration', fieldType: 'select' },
  multi_select: { type: 'enumeration', fieldType: 'checkbox' },
  phone: { type: 'string', fieldType: 'phonenumber' },
  email: { type: 'string', fieldType: 'text' },
};

export type FieldOptionInput = { value: string; label: string };
export type FieldChange = { label?: string; options?: FieldOptionInput[] };

/** Why a field change was refused: the admin turns each into its own error code. */
export type FieldRefusal = { refusal: 'field_exists' | 'field_not_found' | 'field_not_editable' | 'invalid'; message: string };

/** A custom contact property, as a user creating one in HubSpot's settings would. */
export function addContactField(
  portal: Portal,
  spec: { name: string; label: string; type: ContactFieldType; options?: FieldOptionInput[] },
  now: number,
): PropertyResponse | FieldRefusal {
  if (portal.fields.has(spec.name)) return { refusal: 'field_exists', message: `A property named ${spec.name} already exists` };
  const { type, fieldType } = HUBSPOT_TYPES[spec.type];
  const definition: PropertyDefinition = {
    name: spec.name,
    label: spec.label,
    type,
    fieldType,
    description: '',
    groupName: 'contactinformation',
    options: spec.type === 'boolean' ? BOOL_OPTIONS : toOptions((spec.options ?? []).map((option) => [option.value, option.label] as const)),
    displayOrder: portal.fields.nextDisplayOrder(),
    calculated: false,
    externalOptions: false,
    hasUniqueValue: false,
    hidden: false,
    hubspotDefined: false,
    archivable: true,
    readOnlyDefinition: false,
    readOnlyValue: false,
    formField: true,
    createdAt: now,
    updatedAt: now,
    archivedAt: null,
    seeded: false,
  };
  portal.fields.add(definition);
  return toPropertyResponse(definition);
}

/** A label rename, or new options for an enumeration; HubSpot's own properties keep their definition. */
export function changeContactField(portal: Portal, name: string, change: FieldChange, now: number): PropertyResponse | FieldRefusal {
  const definition = portal.fields.find(name);
  if (!definition) return { refusal: 'field_not_found', message: `No contact property named ${name}` };
  if (definition.readOnlyDefinition) return { refusal: 'field_not_editable', message: `${name} is a HubSpot-defined property; its definition cannot be changed` };
  if (change.options && (definition.type !== 'enumeration' || definition.fieldType === 'booleancheckbox')) {
    return { refusal: 'invalid', message: `${name} is not an enumeration: it has no options to change` };
  }
  const updated: PropertyDefinition = {
    ...definition,
    label: change.label ?? definition.label,
    options: change.options ? toOptions(change.options.map((option) => [option.value, option.label] as const)) : definition.options,
    updatedAt: now,
  };
  portal.fields.replace(updated);
  return toPropertyResponse(updated);
}

/** Archives a custom property: its values go, and naming it in a read behaves as an unknown property. */
export function removeContactField(portal: Portal, name: string, now: number): FieldRefusal | null {
  const definition = portal.fields.find(name);
  if (!definition) return { refusal: 'field_not_found', message: `No contact property named ${name}` };
  if (!definition.archivable) return { refusal: 'field_not_editable', message: `${name} is a HubSpot-defined property and cannot be archived` };
  portal.fields.archive(name, now);
  portal.contacts.clearProperty(name);
  return null;
}

export function isRefusal(result: unknown): result is FieldRefusal {
  return typeof result === 'object' && result !== null && 'refusal' in result;
}

import { z } from 'zod';
import { ZContactObjectType, ZPlatform } from './platforms';
import { ZSyncStartResponse } from './sync';

/**
 * The types a CRM field has in our model. Each provider maps its own type names onto these
 * (HubSpot's `type`/`fieldType`, Zoho's `data_type`, Salesforce's describe `type`); a type we do
 * not model (a lookup, a URL, a rich text) arrives as `string`.
 */
export const CRM_FIELD_TYPES = ['string', 'number', 'boolean', 'date', 'datetime', 'enumeration', 'multi_select', 'phone', 'email'] as const;
export const ZCrmFieldType = z.enum(CRM_FIELD_TYPES);
export type TCrmFieldType = z.infer<typeof ZCrmFieldType>;

/** One choice of an enumeration or multi-select: stored by value, shown by label. */
export const ZCrmFieldOption = z.object({ value: z.string(), label: z.string() });
export type TCrmFieldOption = z.infer<typeof ZCrmFieldOption>;

/** A field of the CRM's contact (or Salesforce lead) object, as its catalogue describes it. */
export const ZCrmField = z.object({
  /** Which object the field is on: Salesforce describes Contact and Lead apart; the others have contacts only. */
  objectType: ZContactObjectType,
  /** The provider's API name (`renewal_date`, `Renewal_Date__c`): what a sync asks for. */
  name: z.string().min(1),
  /** The CRM's label, as its users see it. */
  label: z.string(),
  type: ZCrmFieldType,
  /** Choices of an enumeration or multi-select, in the CRM's order; empty for other types. */
  options: z.array(ZCrmFieldOption),
  /** Created by the CRM's customer rather than shipped by the CRM. */
  custom: z.boolean(),
  /** The CRM does not let an API client write it. */
  readOnly: z.boolean(),
  /** Computed by the CRM (a formula, a rollup, a score). */
  calculated: z.boolean(),
});
export type TCrmField = z.infer<typeof ZCrmField>;

/** GET /api/v1/crm/:platform/fields: the connection's cached catalogue. */
export const ZCrmFieldCatalogue = z.object({
  platform: ZPlatform,
  fields: z.array(ZCrmField),
  /** When the catalogue was last read from the CRM. */
  refreshedAt: z.iso.datetime(),
});
export type TCrmFieldCatalogue = z.infer<typeof ZCrmFieldCatalogue>;

/**
 * The VoiceAgent fields a provider field can feed. Calling rules and prompts read them under these
 * names whatever the CRM calls them; each has one type, and a provider field of another type is
 * refused for it (a text field can feed `timeZone`, not `doNotCall`).
 */
export const STANDARD_CONTACT_FIELDS = {
  timeZone: { label: 'Time zone', type: 'string' },
  preferredLanguage: { label: 'Preferred language', type: 'string' },
  doNotCall: { label: 'Do not call', type: 'boolean' },
  callConsent: { label: 'Consent to be called', type: 'boolean' },
  preferredCallTime: { label: 'Preferred call time', type: 'string' },
  accountOwner: { label: 'Account owner', type: 'string' },
} as const satisfies Record<string, { label: string; type: 'string' | 'boolean' }>;
export type TStandardContactField = keyof typeof STANDARD_CONTACT_FIELDS;
export const STANDARD_CONTACT_FIELD_NAMES = Object.keys(STANDARD_CONTACT_FIELDS) as TStandardContactField[];
export const ZStandardContactField = z.enum(STANDARD_CONTACT_FIELD_NAMES as [TStandardContactField, ...TStandardContactField[]]);

/** A contact's standard VoiceAgent fields; null where nothing is mapped or the CRM holds no value. */
export const ZStandardFieldValues = z.object({
  /** An IANA zone (`America/New_York`) when the CRM's value names one; otherwise as the CRM holds it. */
  timeZone: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  doNotCall: z.boolean().nullable(),
  callConsent: z.boolean().nullable(),
  preferredCallTime: z.string().nullable(),
  accountOwner: z.string().nullable(),
});
export type TStandardFieldValues = z.infer<typeof ZStandardFieldValues>;

/** The key a custom field is known by in our model, in filters and as `{{custom.<key>}}` in prompts. */
export const CUSTOM_FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const ZCustomFieldKey = z.string().regex(CUSTOM_FIELD_KEY_PATTERN, 'Lower-case letters, digits and _, starting with a letter, at most 63');
/** Custom fields one connection may map: each costs every contact a value and every sync a column. */
export const CUSTOM_FIELDS_MAX = 100;
/** Longer text values are cut to this many characters and end with CUSTOM_FIELD_TRUNCATED_MARKER. */
export const CUSTOM_FIELD_TEXT_MAX = 2000;
export const CUSTOM_FIELD_TRUNCATED_MARKER = '… [truncated]';

/**
 * A custom field's value on a contact, by type: string/phone/email/enumeration (its value, not its
 * label) as a string; number; boolean; date as `YYYY-MM-DD`; datetime as ISO 8601; multi-select as
 * the values chosen. A value that does not fit the field's type is kept as the CRM sent it (a
 * string) and named in the contact's `fieldIssues`.
 */
export const ZCustomFieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export type TCustomFieldValue = z.infer<typeof ZCustomFieldValue>;

/** Where a mapped provider field goes: a custom field under a key of ours, or a standard VoiceAgent field. */
export const ZFieldMappingTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('custom'), key: ZCustomFieldKey }),
  z.strictObject({ kind: z.literal('standard'), field: ZStandardContactField }),
]);
export type TFieldMappingTarget = z.infer<typeof ZFieldMappingTarget>;

/** One mapping as a client sends it: this provider field (of this object) feeds that target. */
export const ZFieldMappingInput = z.strictObject({
  objectType: ZContactObjectType.default('contact'),
  /** The provider's API name, as the catalogue lists it. */
  field: z.string().min(1).max(255),
  target: ZFieldMappingTarget,
});
export type TFieldMappingInput = z.input<typeof ZFieldMappingInput>;

/**
 * PUT /api/v1/crm/:platform/field-mappings: the connection's whole mapping, replacing the last one.
 * A provider field appears once; a key may take one contact field and one lead field (Salesforce)
 * when their types agree; a standard field takes one field per object.
 */
export const ZFieldMappingsBody = z.strictObject({ mappings: z.array(ZFieldMappingInput).max(CUSTOM_FIELDS_MAX + STANDARD_CONTACT_FIELD_NAMES.length * 2) });
export type TFieldMappingsBody = z.input<typeof ZFieldMappingsBody>;

/** A saved mapping, with what the catalogue said of its field when it was saved or last refreshed. */
export const ZFieldMapping = z.object({
  objectType: ZContactObjectType,
  field: z.string(),
  target: ZFieldMappingTarget,
  /** The CRM's label and type of the field; enumeration options to show values by label. */
  label: z.string(),
  type: ZCrmFieldType,
  options: z.array(ZCrmFieldOption),
  /**
   * `broken`: the field is no longer in the CRM's catalogue (deleted, or its API name changed).
   * Syncs go on without it; contacts synced meanwhile lose its value, as the CRM did.
   */
  status: z.enum(['ok', 'broken']),
  /** Synced contacts whose value of this field did not fit its type (kept raw). */
  invalidValues: z.number().int().nonnegative(),
});
export type TFieldMapping = z.infer<typeof ZFieldMapping>;

/** GET and PUT /api/v1/crm/:platform/field-mappings. */
export const ZFieldMappingsResponse = z.object({
  platform: ZPlatform,
  mappings: z.array(ZFieldMapping),
  /** When the mapping was last saved by the user; null while it is still the CRM's defaults. */
  savedAt: z.iso.datetime().nullable(),
  /** PUT only: the full sync that fills (and clears) the changed fields; null when nothing changed. */
  backfill: ZSyncStartResponse.nullable(),
});
export type TFieldMappingsResponse = z.infer<typeof ZFieldMappingsResponse>;

/** Which CRM field types can feed a standard field: text ones take any single value as text, boolean ones only booleans. */
const STANDARD_SOURCE_TYPES: Record<'string' | 'boolean', readonly TCrmFieldType[]> = {
  string: ['string', 'enumeration', 'phone', 'email'],
  boolean: ['boolean'],
};

/** Whether a CRM field of `type` may feed the standard field `field` (the mapping screen offers only these; PUT refuses others). */
export function canFeedStandardField(field: TStandardContactField, type: TCrmFieldType): boolean {
  return STANDARD_SOURCE_TYPES[STANDARD_CONTACT_FIELDS[field].type].includes(type);
}

/** A custom-field key suggested for a CRM label: `Renewal Date` → `renewal_date`, `Plan__c` → `plan`. */
export function suggestCustomFieldKey(labelOrName: string): string {
  const key = labelOrName
    .replace(/__c$/i, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 63);
  const prefixed = /^[a-z]/.test(key) ? key : `field_${key}`;
  return prefixed.slice(0, 63).replace(/_+$/g, '');
}

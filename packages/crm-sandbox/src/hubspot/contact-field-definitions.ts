import { LEAD_STATUSES, LIFECYCLE_STAGES, OWNER_IDS } from './contact-properties';

/** HubSpot's property `type`s the sandbox serves (HubSpot also has object_coordinates and json, which we do not model). */
export type PropertyType = 'string' | 'number' | 'bool' | 'date' | 'datetime' | 'enumeration' | 'phone_number';
/** HubSpot's `fieldType`s: how the property is edited in HubSpot's UI. */
export type PropertyFieldType =
  | 'text'
  | 'textarea'
  | 'phonenumber'
  | 'number'
  | 'booleancheckbox'
  | 'date'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'calculation_equation';

export type PropertyOption = { label: string; value: string; displayOrder: number; hidden: boolean };

/** A contact property as the sandbox holds it; `toPropertyResponse` turns it into HubSpot's JSON. */
export type PropertyDefinition = {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: PropertyFieldType;
  description: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  calculationFormula?: string;
  /** Options come from elsewhere in HubSpot (owners): writes are not checked against them. */
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined: boolean;
  archivable: boolean;
  readOnlyDefinition: boolean;
  readOnlyValue: boolean;
  formField: boolean;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
  /** Seeded contacts carry generated values for it (see seeded-field-values). */
  seeded: boolean;
};

/** When the standard properties and the seeded custom ones were "created": long before any seeded contact. */
const DEFAULTS_CREATED_AT = Date.UTC(2019, 7, 6, 2, 41, 52);
const CUSTOM_CREATED_AT = Date.UTC(2024, 0, 15, 9, 30, 0);

export function toOptions(pairs: readonly (readonly [string, string])[], hidden: readonly string[] = []): PropertyOption[] {
  return pairs.map(([value, label], displayOrder) => ({ label, value, displayOrder, hidden: hidden.includes(value) }));
}

/** HubSpot lists a bool property's two choices as options, Yes/No. */
export const BOOL_OPTIONS = toOptions([
  ['true', 'Yes'],
  ['false', 'No'],
]);

/** A subset of HubSpot's hs_timezone options (its values spell "/" as "_slash_"). */
export const TIME_ZONE_OPTIONS = toOptions([
  ['america_slash_new_york', '(GMT-05:00) America/New York'],
  ['america_slash_chicago', '(GMT-06:00) America/Chicago'],
  ['america_slash_denver', '(GMT-07:00) America/Denver'],
  ['america_slash_los_angeles', '(GMT-08:00) America/Los Angeles'],
  ['america_slash_sao_paulo', '(GMT-03:00) America/Sao Paulo'],
  ['europe_slash_london', '(GMT+00:00) Europe/London'],
  ['europe_slash_berlin', '(GMT+01:00) Europe/Berlin'],
  ['europe_slash_paris', '(GMT+01:00) Europe/Paris'],
  ['europe_slash_madrid', '(GMT+01:00) Europe/Madrid'],
  ['europe_slash_warsaw', '(GMT+01:00) Europe/Warsaw'],
]);

/** A subset of HubSpot's hs_language options: language codes, regional ones lower-cased with a hyphen. */
export const LANGUAGE_OPTIONS = toOptions([
  ['en', 'English'],
  ['de', 'German'],
  ['fr', 'French'],
  ['es', 'Spanish'],
  ['pl', 'Polish'],
  ['pt-br', 'Portuguese - Brazil'],
]);

export const PLAN_OPTIONS = toOptions([
  ['starter', 'Starter'],
  ['pro', 'Pro'],
  ['enterprise', 'Enterprise'],
]);

/** One hidden option: retired in HubSpot's UI, still a valid stored value. */
export const INTEREST_OPTIONS = toOptions(
  [
    ['voice_ai', 'Voice AI'],
    ['analytics', 'Analytics'],
    ['integrations', 'Integrations'],
    ['support', 'Premium support'],
    ['legacy_addon', 'Legacy add-on'],
  ],
  ['legacy_addon'],
);

export const CALL_TIME_OPTIONS = toOptions([
  ['morning', 'Morning (9–12)'],
  ['afternoon', 'Afternoon (12–17)'],
  ['evening', 'Evening (17–20)'],
]);

const LIFECYCLE_LABELS: Record<string, string> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  marketingqualifiedlead: 'Marketing Qualified Lead',
  salesqualifiedlead: 'Sales Qualified Lead',
  opportunity: 'Opportunity',
  customer: 'Customer',
  evangelist: 'Evangelist',
  other: 'Other',
};

type Spec = Pick<PropertyDefinition, 'name' | 'label' | 'type' | 'fieldType'> & Partial<PropertyDefinition>;

function standard(spec: Spec): Omit<PropertyDefinition, 'displayOrder'> {
  return {
    description: '',
    groupName: 'contactinformation',
    options: [],
    calculated: false,
    externalOptions: false,
    hasUniqueValue: false,
    hidden: false,
    hubspotDefined: true,
    archivable: false,
    readOnlyDefinition: true,
    readOnlyValue: false,
    formField: true,
    createdAt: DEFAULTS_CREATED_AT,
    updatedAt: DEFAULTS_CREATED_AT,
    archivedAt: null,
    seeded: false,
    ...spec,
  };
}

function custom(spec: Spec): Omit<PropertyDefinition, 'displayOrder'> {
  return standard({ hubspotDefined: false, archivable: true, readOnlyDefinition: false, createdAt: CUSTOM_CREATED_AT, updatedAt: CUSTOM_CREATED_AT, seeded: true, ...spec });
}

const READ_ONLY_SYSTEM = { readOnlyValue: true, formField: false, groupName: 'contact_activity' } as const;

/** The properties every portal starts with: HubSpot's defaults the sandbox serves, then the seeded custom ones. */
export function createInitialDefinitions(): PropertyDefinition[] {
  const definitions = [
    standard({ name: 'firstname', label: 'First Name', type: 'string', fieldType: 'text', description: "A contact's first name" }),
    standard({ name: 'lastname', label: 'Last Name', type: 'string', fieldType: 'text', description: "A contact's last name" }),
    standard({ name: 'email', label: 'Email', type: 'string', fieldType: 'text', description: "A contact's email address" }),
    standard({ name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber', description: "A contact's primary phone number" }),
    standard({ name: 'mobilephone', label: 'Mobile Phone Number', type: 'string', fieldType: 'phonenumber', description: "A contact's mobile phone number" }),
    standard({ name: 'company', label: 'Company Name', type: 'string', fieldType: 'text', description: 'Name of the contact\'s company' }),
    standard({ name: 'jobtitle', label: 'Job Title', type: 'string', fieldType: 'text', description: "A contact's job title" }),
    standard({
      name: 'lifecyclestage',
      label: 'Lifecycle Stage',
      type: 'enumeration',
      fieldType: 'radio',
      description: 'The qualification of contacts to sales readiness.',
      options: toOptions(LIFECYCLE_STAGES.map((value) => [value, LIFECYCLE_LABELS[value] ?? value] as const)),
    }),
    standard({
      name: 'hs_lead_status',
      label: 'Lead Status',
      type: 'enumeration',
      fieldType: 'radio',
      groupName: 'sales_properties',
      description: "The contact's sales, prospecting or outreach status",
      options: toOptions(LEAD_STATUSES.map((value) => [value, value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ')] as const)),
    }),
    standard({
      name: 'hubspot_owner_id',
      label: 'Contact owner',
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'sales_properties',
      description: 'The owner of a contact.',
      externalOptions: true,
      options: toOptions(OWNER_IDS.map((id, position) => [id, `Sandbox Owner ${position + 1}`] as const)),
    }),
    standard({ name: 'country', label: 'Country/Region', type: 'string', fieldType: 'text', description: "The contact's country/region of residence." }),
    standard({ name: 'hs_timezone', label: 'Time Zone', type: 'enumeration', fieldType: 'select', description: "The contact's time zone.", options: TIME_ZONE_OPTIONS, seeded: true }),
    standard({ name: 'hs_language', label: 'Preferred language', type: 'enumeration', fieldType: 'select', description: "The contact's preferred language.", options: LANGUAGE_OPTIONS, seeded: true }),
    standard({ name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', ...READ_ONLY_SYSTEM }),
    standard({ name: 'lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', ...READ_ONLY_SYSTEM }),
    standard({ name: 'hs_lastmodifieddate', label: 'Object last modified date/time', type: 'datetime', fieldType: 'date', ...READ_ONLY_SYSTEM, hidden: false }),
    standard({ name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', ...READ_ONLY_SYSTEM }),
    custom({ name: 'renewal_date', label: 'Renewal date', type: 'date', fieldType: 'date' }),
    custom({ name: 'plan', label: 'Plan', type: 'enumeration', fieldType: 'select', options: PLAN_OPTIONS }),
    custom({ name: 'seats', label: 'Seats', type: 'number', fieldType: 'number' }),
    custom({ name: 'do_not_call', label: 'Do not call', type: 'bool', fieldType: 'booleancheckbox', options: BOOL_OPTIONS }),
    custom({ name: 'last_purchase_at', label: 'Last purchase at', type: 'datetime', fieldType: 'date' }),
    custom({ name: 'interests', label: 'Interests', type: 'enumeration', fieldType: 'checkbox', options: INTEREST_OPTIONS }),
    custom({ name: 'account_notes', label: 'Account notes', type: 'string', fieldType: 'textarea' }),
    custom({ name: 'backup_phone', label: 'Backup phone', type: 'string', fieldType: 'phonenumber' }),
    custom({ name: 'billing_email', label: 'Billing email', type: 'string', fieldType: 'text' }),
    custom({ name: 'preferred_call_time', label: 'Preferred call time', type: 'enumeration', fieldType: 'radio', options: CALL_TIME_OPTIONS }),
    custom({
      name: 'health_score',
      label: 'Health score',
      type: 'number',
      fieldType: 'calculation_equation',
      calculated: true,
      calculationFormula: 'seats * 2 + plan_weight',
      readOnlyValue: true,
      formField: false,
    }),
    custom({ name: 'erp_customer_id', label: 'ERP customer ID', type: 'string', fieldType: 'text', readOnlyValue: true, formField: false, description: 'Set by the ERP integration' }),
  ];
  return definitions.map((definition, displayOrder) => ({ ...definition, displayOrder: definition.hubspotDefined ? -1 : displayOrder }));
}

/** HubSpot's Property JSON (crm/v3/properties): the definition's own fields, and these as HubSpot spells them. */
export type PropertyResponse = Pick<
  PropertyDefinition,
  'name' | 'label' | 'type' | 'fieldType' | 'description' | 'groupName' | 'options' | 'displayOrder' | 'calculated' | 'externalOptions' | 'hasUniqueValue' | 'hidden' | 'formField' | 'calculationFormula'
> & {
  updatedAt: string;
  createdAt: string;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean; readOnlyOptions?: boolean };
  archived: boolean;
  /** Present (true) on HubSpot's own properties only. */
  hubspotDefined?: true;
  archivedAt?: string;
};

export function toPropertyResponse(definition: PropertyDefinition): PropertyResponse {
  const body: PropertyResponse = {
    updatedAt: new Date(definition.updatedAt).toISOString(),
    createdAt: new Date(definition.createdAt).toISOString(),
    name: definition.name,
    label: definition.label,
    type: definition.type,
    fieldType: definition.fieldType,
    description: definition.description,
    groupName: definition.groupName,
    options: definition.options.map((option) => ({ ...option })),
    displayOrder: definition.displayOrder,
    calculated: definition.calculated,
    externalOptions: definition.externalOptions,
    hasUniqueValue: definition.hasUniqueValue,
    hidden: definition.hidden,
    modificationMetadata: {
      archivable: definition.archivable,
      readOnlyDefinition: definition.readOnlyDefinition,
      readOnlyValue: definition.readOnlyValue,
      ...(definition.type === 'enumeration' ? { readOnlyOptions: definition.readOnlyDefinition } : {}),
    },
    formField: definition.formField,
    archived: definition.archivedAt !== null,
  };
  if (definition.hubspotDefined) body.hubspotDefined = true;
  if (definition.calculationFormula !== undefined) body.calculationFormula = definition.calculationFormula;
  if (definition.archivedAt !== null) body.archivedAt = new Date(definition.archivedAt).toISOString();
  return body;
}

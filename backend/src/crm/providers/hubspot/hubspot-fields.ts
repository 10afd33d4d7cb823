import type { TCrmFieldOption, TCrmFieldType } from '@voiceagent/shared';
import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { CrmField, StandardFieldDefault } from '../../crm-service';
import type { ProviderErrorDetails } from '../../provider-http/provider-error';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';

/** Reading contact properties needs this scope: HubSpot's contact properties reference names it. */
export const HUBSPOT_SCHEMAS_SCOPE = 'crm.schemas.contacts.read';

/** HubSpot's own properties that mean a standard VoiceAgent field. */
export const HUBSPOT_STANDARD_FIELD_DEFAULTS: readonly StandardFieldDefault[] = [
  { objectType: 'contact', field: 'hs_timezone', target: 'timeZone' },
  { objectType: 'contact', field: 'hs_language', target: 'preferredLanguage' },
  { objectType: 'contact', field: 'hubspot_owner_id', target: 'accountOwner' },
];

/**
 * One property of GET /crm/v3/properties/contacts, read leniently: only a name is required, so a
 * property HubSpot describes oddly costs that property (it is skipped), never the catalogue.
 */
const ZHubSpotProperty = z.object({
  name: z.string().min(1),
  label: z.string().optional(),
  type: z.string().optional(),
  fieldType: z.string().optional(),
  options: z.array(z.unknown()).optional(),
  calculated: z.boolean().optional(),
  hidden: z.boolean().optional(),
  archived: z.boolean().optional(),
  hubspotDefined: z.boolean().optional(),
  modificationMetadata: z.object({ readOnlyValue: z.boolean().optional() }).optional(),
});
export type THubSpotProperty = z.infer<typeof ZHubSpotProperty>;

const ZHubSpotOption = z.object({ value: z.string(), label: z.string().optional(), hidden: z.boolean().optional() });
const ZPropertiesPage = z.object({ results: z.array(z.unknown()) });

/** The contact properties catalogue, in one request; see mapHubSpotProperty for how each is read. */
export async function listHubSpotFields(http: ProviderHttpClient): Promise<CrmField[]> {
  let data: unknown;
  try {
    data = (await http.get<unknown>('/crm/v3/properties/contacts', { operation: 'hubspot.properties.list' })).data;
  } catch (error) {
    throw explainMissingScope(error);
  }
  const page = parseProviderBody(ZPropertiesPage, data, 'HubSpot', 'the contact properties list');
  const fields: CrmField[] = [];
  for (const raw of page.results) {
    const parsed = ZHubSpotProperty.safeParse(raw);
    const field = parsed.success ? mapHubSpotProperty(parsed.data) : null;
    if (field) fields.push(field);
  }
  return fields;
}

/**
 * A HubSpot property as a field of ours, or null for one a user cannot see or use (hidden by
 * HubSpot, or archived). Custom = not HubSpot-defined (HubSpot omits the flag on custom ones).
 */
export function mapHubSpotProperty(property: THubSpotProperty): CrmField | null {
  if (property.hidden === true || property.archived === true) return null;
  const type = toCrmFieldType(property);
  return {
    objectType: 'contact',
    name: property.name,
    label: property.label ?? property.name,
    type,
    options: type === 'enumeration' || type === 'multi_select' ? readOptions(property.options) : [],
    custom: property.hubspotDefined !== true,
    readOnly: property.modificationMetadata?.readOnlyValue === true,
    calculated: property.calculated === true || (property.fieldType ?? '').startsWith('calculation'),
  };
}

/** HubSpot's type and fieldType as ours; anything we do not model (json, coordinates, files, html) is text. */
export function toCrmFieldType(property: Pick<THubSpotProperty, 'name' | 'type' | 'fieldType'>): TCrmFieldType {
  const { type, fieldType } = property;
  if (type === 'bool' || (type === 'enumeration' && fieldType === 'booleancheckbox')) return 'boolean';
  if (type === 'phone_number' || fieldType === 'phonenumber') return 'phone';
  switch (type) {
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'enumeration':
      return fieldType === 'checkbox' ? 'multi_select' : 'enumeration';
    case 'string':
      // HubSpot has no email type: `email` and custom "…_email" text properties hold one address.
      return fieldType === 'text' && isEmailName(property.name) ? 'email' : 'string';
    default:
      return 'string';
  }
}

function isEmailName(name: string): boolean {
  return name === 'email' || /(^|_)email$/.test(name);
}

/** Choices in HubSpot's order, without the hidden ones (retired in HubSpot's UI) or any we cannot read. */
function readOptions(raw: unknown[] | undefined): TCrmFieldOption[] {
  const options: TCrmFieldOption[] = [];
  for (const entry of raw ?? []) {
    const parsed = ZHubSpotOption.safeParse(entry);
    if (parsed.success && parsed.data.hidden !== true) options.push({ value: parsed.data.value, label: parsed.data.label ?? parsed.data.value });
  }
  return options;
}

/**
 * A 403 here is almost always the scope: connections made before the catalogue existed were
 * granted contacts only. Say so, so the user knows that reconnecting HubSpot mends it.
 */
function explainMissingScope(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'provider_rejected') return error;
  const details = (error.details ?? {}) as ProviderErrorDetails;
  if (details.status !== 403) return error;
  return new AppError(
    'provider_rejected',
    `HubSpot refused to list contact properties: this connection lacks the ${HUBSPOT_SCHEMAS_SCOPE} scope. Reconnect HubSpot to grant it.`,
    { ...details, reason: 'missing_scope', requiredScope: HUBSPOT_SCHEMAS_SCOPE },
  );
}

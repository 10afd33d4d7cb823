import { z } from 'zod';
import type { CrmContactRecord, NewContact } from '../../crm-service';
import { toCountryCode } from '../country-codes';

/** The contact properties a sync asks HubSpot for: what we map, and the modification time the cursor follows. */
export const HUBSPOT_CONTACT_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'phone',
  'mobilephone',
  'company',
  'jobtitle',
  'lifecyclestage',
  'hs_lead_status',
  'hubspot_owner_id',
  'country',
  'createdate',
  'lastmodifieddate',
  'hs_lastmodifieddate',
] as const;

/**
 * The properties a sync asks for: ours, then the connection's mapped ones (no duplicates). Their
 * values come back in `rawProperties` exactly as HubSpot sent them; the sync layer types them.
 */
export function selectHubSpotProperties(mapped: readonly string[] | undefined): string[] {
  return mapped && mapped.length > 0 ? [...new Set([...HUBSPOT_CONTACT_PROPERTIES, ...mapped])] : [...HUBSPOT_CONTACT_PROPERTIES];
}

/** HubSpot's SimplePublicObject, as list, search and create return it. */
export const ZHubSpotObject = z.object({
  id: z.string().min(1),
  properties: z.record(z.string(), z.unknown()).default({}),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
  archivedAt: z.string().optional(),
});
export type THubSpotObject = z.infer<typeof ZHubSpotObject>;

export function mapHubSpotContact(object: THubSpotObject): CrmContactRecord {
  const property = (name: string) => readText(object.properties[name]);
  const email = property('email');
  return {
    externalId: object.id,
    firstName: property('firstname'),
    lastName: property('lastname'),
    email: email === null ? null : email.toLowerCase(),
    phone: property('phone'),
    mobilePhone: property('mobilephone'),
    company: property('company'),
    jobTitle: property('jobtitle'),
    lifecycleStage: property('lifecyclestage'),
    leadStatus: property('hs_lead_status'),
    ownerId: property('hubspot_owner_id'),
    country: toCountryCode(property('country')),
    rawProperties: object.properties,
    crmCreatedAt: readDate(property('createdate') ?? object.createdAt),
    crmUpdatedAt: readDate(property('hs_lastmodifieddate') ?? property('lastmodifieddate') ?? object.updatedAt),
  };
}

/** Our fields as HubSpot property writes; fields the caller left out are not sent, so HubSpot leaves them unset. */
export function toHubSpotProperties(input: NewContact): Record<string, string> {
  const properties: Record<string, string | undefined> = {
    firstname: input.firstName,
    lastname: input.lastName,
    email: input.email?.trim().toLowerCase(),
    phone: input.phone,
    mobilephone: input.mobilePhone,
    company: input.company,
    jobtitle: input.jobTitle,
  };
  return Object.fromEntries(Object.entries(properties).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/** HubSpot sends every value as a string, and an empty string for a cleared one. */
function readText(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Dates come as ISO 8601 or, from older portals, epoch milliseconds. */
export function readDate(value: string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

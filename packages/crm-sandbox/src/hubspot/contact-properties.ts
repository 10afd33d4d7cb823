import type { SeededPerson } from '../common/seeded-people';

/**
 * HubSpot's own contact properties the sandbox has always served: what search filters and sorts
 * accept. A portal's whole catalogue (these, hs_timezone, hs_language and custom properties) is
 * its ContactFieldCatalogue.
 */
export const CONTACT_PROPERTY_NAMES = [
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
  'hs_object_id',
] as const;

export type ContactPropertyName = (typeof CONTACT_PROPERTY_NAMES)[number];
/** Property values by name, as HubSpot stores them: strings, null when unset. */
export type ContactProperties = { [name: string]: string | null | undefined };

const KNOWN = new Set<string>(CONTACT_PROPERTY_NAMES);
export const DATE_PROPERTIES = new Set<string>(['createdate', 'lastmodifieddate', 'hs_lastmodifieddate']);
export const NUMERIC_PROPERTIES = new Set<string>(['hs_object_id']);

/** What HubSpot returns for a contact when the request names no properties. */
export const DEFAULT_CONTACT_PROPERTIES: ContactPropertyName[] = ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'];
/** HubSpot always adds these to the properties a request asked for. */
const ALWAYS_RETURNED: ContactPropertyName[] = ['createdate', 'hs_object_id', 'lastmodifieddate'];

export const LIFECYCLE_STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
export const LEAD_STATUSES = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'];
export const OWNER_IDS = ['71203546', '71203547', '71203548', '71203549'];

const COUNTRY_NAMES: Record<string, string> = {
  US: 'United States',
  DE: 'Germany',
  FR: 'France',
  ES: 'Spain',
  PL: 'Poland',
  BR: 'Brazil',
};

export function isKnownContactProperty(name: string): name is ContactPropertyName {
  return KNOWN.has(name);
}

/** The writable properties of seeded contact `index`: the person plus cheap, hash-derived CRM fields. */
export function describeSeededPerson(person: SeededPerson, accountSeed: number, index: number): ContactProperties {
  const roll = mixIndex(accountSeed, index);
  return {
    firstname: person.firstName,
    lastname: person.lastName,
    email: person.email,
    phone: person.phone,
    mobilephone: person.mobilePhone,
    company: person.company,
    jobtitle: person.jobTitle,
    country: COUNTRY_NAMES[person.country] ?? person.country,
    lifecyclestage: LIFECYCLE_STAGES[roll % 6] ?? null,
    hs_lead_status: roll % 3 === 0 ? null : (LEAD_STATUSES[(roll >>> 3) % LEAD_STATUSES.length] ?? null),
    hubspot_owner_id: roll % 5 === 0 ? null : (OWNER_IDS[(roll >>> 7) % OWNER_IDS.length] ?? null),
  };
}

/** Adds the calculated properties every stored contact has. */
export function withCalculatedProperties(properties: ContactProperties, id: string, createdAt: number, updatedAt: number): ContactProperties {
  const modified = new Date(updatedAt).toISOString();
  return { ...properties, createdate: new Date(createdAt).toISOString(), lastmodifieddate: modified, hs_lastmodifieddate: modified, hs_object_id: id };
}

/**
 * The properties to return: the requested ones the portal has (null when unset) plus those HubSpot
 * always adds. Names the portal does not have are left out silently, as HubSpot does.
 */
export function selectProperties(all: ContactProperties, requested: string[] | undefined, isKnown: (name: string) => boolean): Record<string, string | null> {
  const names = requested && requested.length > 0 ? [...new Set([...requested.filter(isKnown), ...ALWAYS_RETURNED])] : DEFAULT_CONTACT_PROPERTIES;
  const selected: Record<string, string | null> = {};
  for (const name of names) selected[name] = all[name] ?? null;
  return selected;
}

function mixIndex(seed: number, index: number): number {
  let h = Math.imul((seed ^ 0x27d4eb2d) >>> 0, 0x165667b1) ^ index;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

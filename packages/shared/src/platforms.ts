import { z } from 'zod';

/** The CRMs a user can connect. A new one starts here; nothing else may list them by hand. */
export const PLATFORMS = ['hubspot', 'zoho', 'salesforce'] as const;
export const ZPlatform = z.enum(PLATFORMS);
export type TPlatform = z.infer<typeof ZPlatform>;

/**
 * What kind of CRM record a synced contact is. HubSpot and Zoho sync contacts; Salesforce syncs
 * Contacts and its unconverted Leads (voice campaigns call leads at least as often as contacts).
 */
export const CONTACT_OBJECT_TYPES = ['contact', 'lead'] as const;
export const ZContactObjectType = z.enum(CONTACT_OBJECT_TYPES);
export type TContactObjectType = z.infer<typeof ZContactObjectType>;

/**
 * Where a Salesforce user signs in: production orgs at login.salesforce.com, sandbox orgs at
 * test.salesforce.com, or the org's My Domain host (e.g. `acme.my.salesforce.com`), which orgs
 * that block the generic login pages require.
 */
export const ZSalesforceLoginHost = z.union([
  z.enum(['production', 'sandbox']),
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))+(?::\d{1,5})?$/, 'a host name such as acme.my.salesforce.com'),
]);
export type TSalesforceLoginHost = z.infer<typeof ZSalesforceLoginHost>;

/** A record with one entry per platform, e.g. counts by platform: built from PLATFORMS, never listed by hand. */
export function perPlatform<T extends z.ZodType>(schema: T) {
  return z.object(Object.fromEntries(PLATFORMS.map((platform) => [platform, schema])) as Record<TPlatform, T>);
}

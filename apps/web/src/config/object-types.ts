import type { TContactObjectType, TPlatform } from '@voiceagent/shared';

// Which kinds of CRM record each platform syncs, and how screens name them. App-wide, so the
// CRM screen and the agent selector agree; a new platform must say what it syncs.

export const PLATFORM_OBJECT_TYPES = {
  hubspot: ['contact'],
  zoho: ['contact'],
  salesforce: ['contact', 'lead'],
} as const satisfies Record<TPlatform, readonly TContactObjectType[]>;

export const OBJECT_TYPE_LABELS = {
  contact: { one: 'contact', many: 'contacts', filter: 'Contacts' },
  lead: { one: 'lead', many: 'leads', filter: 'Leads' },
} as const satisfies Record<TContactObjectType, { one: string; many: string; filter: string }>;

/** Whether any of these platforms syncs leads: only then is a Contacts / Leads filter worth showing. */
export function hasLeads(platforms: readonly TPlatform[]): boolean {
  return platforms.some((platform) => (PLATFORM_OBJECT_TYPES[platform] as readonly TContactObjectType[]).includes('lead'));
}

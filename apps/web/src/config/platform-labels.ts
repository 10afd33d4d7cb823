import type { TPlatform } from '@voiceagent/shared';

// How every screen names the CRMs; app-wide configuration, so features share it without importing each other.

export const PLATFORM_LABELS = {
  hubspot: 'HubSpot',
  zoho: 'Zoho CRM',
  salesforce: 'Salesforce',
} as const satisfies Record<TPlatform, string>;

import type { TPlatform } from '@voiceagent/shared';

export const PLATFORM_LABELS = {
  hubspot: 'HubSpot',
  zoho: 'Zoho CRM',
} as const satisfies Record<TPlatform, string>;

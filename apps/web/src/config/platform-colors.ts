import type { TPlatform } from '@voiceagent/shared';

// The one colour each CRM is drawn in (charts); Mantine colour names. Salesforce's cyan stays
// apart from Zoho's blue in hue and shade, so bars side by side read as two platforms.

export const PLATFORM_COLORS = {
  hubspot: 'orange.7',
  zoho: 'blue.7',
  salesforce: 'cyan.8',
} as const satisfies Record<TPlatform, string>;

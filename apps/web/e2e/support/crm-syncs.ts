import { ZCrmCredentialsResponse, type TPlatform } from '@voiceagent/shared';
import type { Page } from 'playwright-core';
import type { Api } from './api-client';
import { acceptZohoConsent, grantHubSpotConsent, platformCard } from './crm-pages';

const FIRST_SYNC_TIMEOUT_MS = 180_000;
const PLATFORM_OF = { HubSpot: 'hubspot', 'Zoho CRM': 'zoho' } as const satisfies Record<string, TPlatform>;

/** Resolves once every named platform is connected, has synced contacts in, and no sync of theirs runs (a first sync, or a backfill after a mapping change). */
export async function waitForIdleSyncs(api: Api, platforms: readonly TPlatform[]): Promise<void> {
  const deadline = Date.now() + FIRST_SYNC_TIMEOUT_MS;
  for (;;) {
    const { connections } = await api('/crm/credentials', ZCrmCredentialsResponse);
    const done = connections.filter((c) => platforms.includes(c.platform) && c.activeSyncRunId === null && c.lastSyncedAt !== null && c.contactCount > 0);
    if (done.length === platforms.length) return;
    if (Date.now() > deadline) throw new Error(`the first syncs of ${platforms.join(', ')} did not finish: ${JSON.stringify(connections)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Connects the sandbox HubSpot and/or Zoho through their consent pages from /crm, as a person
 * would, and resolves once their first syncs have finished. Answers what the HubSpot consent page
 * revealed (empty strings when HubSpot was not connected): its sandbox's address and the portal.
 */
export async function connectAndWaitForFirstSyncs(
  page: Page,
  productUrl: string,
  api: Api,
  names: ReadonlyArray<keyof typeof PLATFORM_OF>,
): Promise<{ hubspotSandboxUrl: string; hubspotAccountDomain: string }> {
  const hubspot = { hubspotSandboxUrl: '', hubspotAccountDomain: '' };
  for (const name of names) {
    await platformCard(page, name).getByRole('button', { name: `Connect ${name}` }).click();
    await page.waitForURL((url) => !url.href.startsWith(productUrl));
    if (name === 'HubSpot') {
      const consent = await grantHubSpotConsent(page);
      Object.assign(hubspot, { hubspotSandboxUrl: consent.sandboxUrl, hubspotAccountDomain: consent.accountDomain });
    } else await acceptZohoConsent(page, 'com');
    await page.waitForURL((url) => url.href.startsWith(productUrl) && url.pathname === '/crm');
  }
  await waitForIdleSyncs(api, names.map((name) => PLATFORM_OF[name]));
  return hubspot;
}

import {
  HUBSPOT_DEFAULT_APP,
  startHubSpotSandbox,
  startZohoSandbox,
  ZOHO_DEFAULT_APPS,
  zohoAccountsServerUrl,
} from '@voiceagent/crm-sandbox';
import type { TPlatform } from '@voiceagent/shared';
import type { Logger } from 'pino';
import type { CrmConfig, ProviderAppConfig } from '../../config';

export type SandboxProviders = Partial<Record<TPlatform, ProviderAppConfig>> & { stop(): Promise<void> };

/** One seed for both sandboxes, so the same people appear in HubSpot and Zoho, as they do in real life. */
const SHARED_SEED = 42;

/**
 * Run mode with no real CRM apps configured: the sandbox HubSpot and Zoho servers start on
 * loopback and stand in for the providers, over real HTTP, labelled "Sandbox" in the UI. Only
 * where the configuration enables them (CRM_SANDBOX; never by default in production).
 */
export async function startSandboxProviders(crm: CrmConfig, backendUrl: string, logger: Logger): Promise<SandboxProviders> {
  const stops: Array<() => Promise<void>> = [];
  const result: SandboxProviders = { stop: async () => void (await Promise.all(stops.map((stop) => stop()))) };
  if (!crm.isSandboxEnabled) return result;

  if (!crm.hubspot) {
    const app = HUBSPOT_DEFAULT_APP;
    const hubspot = await startHubSpotSandbox({
      defaultApp: { ...app, redirectUris: [`${backendUrl}/api/v1/crm/hubspot/callback`] },
      defaultPortal: { id: 62515, name: 'Sandbox Portal', contactCount: crm.sandboxContacts, accountSeed: 1, sharedSeed: SHARED_SEED },
    });
    stops.push(() => hubspot.close());
    result.hubspot = {
      clientId: app.clientId!,
      clientSecret: app.clientSecret!,
      authorizeUrl: `${hubspot.url}/oauth/authorize`,
      apiBaseUrl: hubspot.url,
      isSandbox: true,
    };
    logger.info({ url: hubspot.url }, 'sandbox HubSpot started (set HUBSPOT_CLIENT_ID/SECRET for the real one)');
  }

  if (!crm.zoho) {
    const app = { ...ZOHO_DEFAULT_APPS[0]!, redirectUris: [`${backendUrl}/api/v1/crm/zoho/callback`] };
    const zoho = await startZohoSandbox({
      apps: [app],
      accounts: [
        { name: 'Zylker Inc', dataCentre: 'us', contactCount: crm.sandboxContacts, seed: 1 },
        { name: 'Zylker GmbH', dataCentre: 'eu', contactCount: crm.sandboxContacts, seed: 2 },
      ],
      sharedSeed: SHARED_SEED,
    });
    stops.push(() => zoho.close());
    const accountsUrl = zohoAccountsServerUrl(zoho.url, 'us');
    result.zoho = { clientId: app.clientId, clientSecret: app.clientSecret, authorizeUrl: accountsUrl, apiBaseUrl: accountsUrl, isSandbox: true };
    logger.info({ url: zoho.url }, 'sandbox Zoho started (set ZOHO_CLIENT_ID/SECRET for the real one)');
  }
  return result;
}

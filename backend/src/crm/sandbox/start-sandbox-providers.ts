import {
  HUBSPOT_DEFAULT_APP,
  SALESFORCE_DEFAULT_APP,
  startHubSpotSandbox,
  startSalesforceSandbox,
  startZohoSandbox,
  ZOHO_DEFAULT_APPS,
  zohoAccountsServerUrl,
} from '@voiceagent/crm-sandbox';
import { endpoints, type TPlatform } from '@voiceagent/shared';
import type { Logger } from 'pino';
import type { CrmConfig, ProviderAppConfig } from '../../config';

export type SandboxProviders = Partial<Record<TPlatform, ProviderAppConfig>> & { stop(): Promise<void> };

/** One seed for every sandbox, so the same people appear in HubSpot, Zoho and Salesforce, as they do in real life. */
const SHARED_SEED = 42;

/**
 * Run mode with no real CRM apps configured: the sandbox HubSpot and Zoho servers start on
 * loopback and stand in for the providers, over real HTTP, labelled "Sandbox" in the UI. Only
 * where the configuration enables them (CRM_SANDBOX; never by default in production).
 */
export async function startSandboxProviders(crm: CrmConfig, backendUrl: string, logger: Logger, webhookBaseUrl = backendUrl): Promise<SandboxProviders> {
  const stops: Array<() => Promise<void>> = [];
  const result: SandboxProviders = { stop: async () => void (await Promise.all(stops.map((stop) => stop()))) };
  if (!crm.isSandboxEnabled) return result;

  if (!crm.hubspot) {
    const app = HUBSPOT_DEFAULT_APP;
    const hubspot = await startHubSpotSandbox({
      defaultApp: {
        ...app,
        redirectUris: [`${backendUrl}/api/v1/crm/hubspot/callback`],
        // Subscribed to every contact event, so sandbox changes reach the product in seconds, as a real app's webhooks would;
        // at the address the receiver checks signatures against (PUBLIC_WEBHOOK_BASE_URL, by default this API).
        webhooks: { targetUrl: `${webhookBaseUrl}${endpoints.receiveHubSpotWebhooks.path}` },
      },
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

  if (!crm.salesforce) {
    const app = { ...SALESFORCE_DEFAULT_APP, redirectUris: [`${backendUrl}/api/v1/crm/salesforce/callback`] };
    // A production org (login host) and a sandbox org (test login host), each with contacts and leads.
    const salesforce = await startSalesforceSandbox({
      apps: [app],
      orgs: [
        { name: 'Acme Corp', isSandbox: false, contactCount: crm.sandboxContacts, leadCount: Math.ceil(crm.sandboxContacts / 2), seed: 101 },
        { name: 'Acme Corp (UAT)', isSandbox: true, contactCount: Math.ceil(crm.sandboxContacts / 5), leadCount: Math.ceil(crm.sandboxContacts / 10), seed: 102 },
      ],
      sharedSeed: SHARED_SEED,
    });
    stops.push(() => salesforce.close());
    result.salesforce = {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authorizeUrl: salesforce.loginUrl,
      apiBaseUrl: salesforce.loginUrl,
      sandboxLoginUrl: salesforce.testLoginUrl,
      isSandbox: true,
    };
    logger.info({ url: salesforce.loginUrl }, 'sandbox Salesforce started (set SALESFORCE_CLIENT_ID/SECRET for the real one)');
  }
  return result;
}

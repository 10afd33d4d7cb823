import { randomBytes } from 'node:crypto';
import {
  HUBSPOT_DEFAULT_APP,
  HUBSPOT_DEFAULT_PORTAL,
  startHubSpotSandbox,
  startSalesforceSandbox,
  startZohoSandbox,
  zohoAccountsServerUrl,
  type RunningHubSpotSandbox,
  type RunningSalesforceSandbox,
  type RunningZohoSandbox,
  type SalesforceBulkTiming,
} from '@voiceagent/crm-sandbox';
import type { TPlatform, TSyncRun } from '@voiceagent/shared';
import type { ProviderHttpSettings } from '../../../src/crm/provider-http/provider-http-client';
import { expect } from 'vitest';
import { approveConsent } from '../../support/sandbox-consent';
import { startTestProduct, type TestProduct } from '../../support/start-test-product';
import { createTestBrowser } from '../../support/test-browser';
import { signUpTestUser, type TestUser } from '../../support/test-users';

export type Platform = 'hubspot' | 'zoho' | 'salesforce';

export const ZOHO_TEST_APP = { clientId: '1000.SYNCTESTCLIENT000000000000000000', clientSecret: 'sync-test-zoho-secret' };
export const SALESFORCE_TEST_APP = { clientId: '3MVG9SyncTestClient0000000000000000', clientSecret: 'sync-test-salesforce-secret' };

/** One production org of the Salesforce sandbox (all sign in at its login host). */
export type SalesforceTestOrg = { contacts: number; leads: number; seed?: number };

export type SyncTestbedOptions = {
  hubspotContacts?: number;
  zohoContacts?: number;
  /**
   * Whether the Zoho sandbox posts change notifications to the product (default off: the tests on
   * this testbed check syncs step by step, and a notification applied between two steps would
   * change what they read; the notification tests have their own).
   */
  zohoNotifications?: boolean;
  /** Salesforce production orgs (default one of 200 contacts and 50 leads); each test may pick its own, so one's API usage or changes do not touch another's. */
  salesforceOrgs?: SalesforceTestOrg[];
  /** Bulk API 2.0 job timing (default: complete after 30 ms). */
  salesforceBulk?: Partial<SalesforceBulkTiming>;
  /** Extra product environment (SYNC_WORKERS=off, SYNC_JOB_TIMEOUT_SECONDS, …). */
  env?: Record<string, string>;
  /** HubSpot's search cap (10,000) for both the sandbox and the product: smaller reaches it with fewer contacts. */
  hubspotSearchResultCap?: number;
  /** Provider call timeouts and retry delays (default: the product's). */
  providerHttp?: Partial<ProviderHttpSettings>;
};

export type SyncTestbed = {
  product: TestProduct;
  hubspot: RunningHubSpotSandbox;
  zoho: RunningZohoSandbox;
  salesforce: RunningSalesforceSandbox;
  portalId: number;
  zohoOrgId: string;
  /** The Salesforce orgs' ids, in the order of `salesforceOrgs`. */
  salesforceOrgIds: string[];
  /** The environment a `pnpm worker` process needs to reach this product's database and sandboxes. */
  workerEnv: Record<string, string>;
  signUp(): Promise<TestUser>;
  /** Connects through the consent page; for Salesforce, as the admin user of `salesforceOrgId` (default: the first org). */
  connect(user: TestUser, platform: Platform, options?: { salesforceOrgId?: string }): Promise<void>;
  api(user: TestUser, path: string, init?: RequestInit): Promise<Response>;
  latestRun(user: TestUser, platform: TPlatform): Promise<TSyncRun | undefined>;
  waitForRun(user: TestUser, runId: string, timeoutMs?: number): Promise<TSyncRun>;
  close(): Promise<void>;
};

/**
 * The product in-process against sandboxes this test owns, so it can resize accounts, change and
 * delete contacts, inject faults and read counters. The sandboxes' own rate limits are raised out
 * of the way (the product still paces itself at HubSpot's published limits) so that the test's
 * direct reads of the "truth" never spend the product's budget.
 */
export async function startSyncTestbed(options: SyncTestbedOptions = {}): Promise<SyncTestbed> {
  const hubspot = await startHubSpotSandbox({
    defaultApp: { ...HUBSPOT_DEFAULT_APP, redirectUris: [] },
    defaultPortal: { ...HUBSPOT_DEFAULT_PORTAL, contactCount: options.hubspotContacts ?? 200 },
    rateLimits: { tenSecondlyRolling: 1_000_000, searchPerSecond: 100_000 },
    ...(options.hubspotSearchResultCap === undefined ? {} : { searchResultCap: options.hubspotSearchResultCap }),
  });
  const zoho = await startZohoSandbox({
    apps: [],
    accounts: [{ name: 'Zylker Inc', dataCentre: 'us', contactCount: options.zohoContacts ?? 200, seed: 1, edition: 'enterprise' }],
    sharedSeed: 42,
    notifications: { enabled: options.zohoNotifications ?? false },
  });
  const salesforceOrgs = options.salesforceOrgs ?? [{ contacts: 200, leads: 50 }];
  const salesforce = await startSalesforceSandbox({
    // The app is registered once the product's callback URL is known.
    apps: [],
    orgs: salesforceOrgs.map((org, index) => ({ name: `Acme ${index + 1}`, isSandbox: false, contactCount: org.contacts, leadCount: org.leads, seed: org.seed ?? 101 + index })),
    sharedSeed: 42,
    bulk: { inProgressAfterMs: 10, completeAfterMs: 30, ...options.salesforceBulk },
  });
  const encryptionKey = randomBytes(32).toString('base64');
  const providerEnv = {
    HUBSPOT_CLIENT_ID: HUBSPOT_DEFAULT_APP.clientId!,
    HUBSPOT_CLIENT_SECRET: HUBSPOT_DEFAULT_APP.clientSecret!,
    HUBSPOT_API_URL: hubspot.url,
    HUBSPOT_AUTHORIZE_URL: `${hubspot.url}/oauth/authorize`,
    ZOHO_CLIENT_ID: ZOHO_TEST_APP.clientId,
    ZOHO_CLIENT_SECRET: ZOHO_TEST_APP.clientSecret,
    ZOHO_ACCOUNTS_URL: zohoAccountsServerUrl(zoho.url, 'us'),
    SALESFORCE_CLIENT_ID: SALESFORCE_TEST_APP.clientId,
    SALESFORCE_CLIENT_SECRET: SALESFORCE_TEST_APP.clientSecret,
    SALESFORCE_LOGIN_URL: salesforce.loginUrl,
    SALESFORCE_SANDBOX_LOGIN_URL: salesforce.testLoginUrl,
    CRM_ENCRYPTION_KEY: encryptionKey,
    CRM_ENCRYPTION_KEY_ID: 'test',
  };
  const hubspotSync = options.hubspotSearchResultCap === undefined ? undefined : { searchResultCap: options.hubspotSearchResultCap };
  const product = await startTestProduct({ ...providerEnv, ...options.env }, { crm: { hubspotSync, providerHttp: options.providerHttp } });
  // Zoho compares redirect URIs exactly, and the product's port is known only now.
  zoho.admin.createApp({ name: 'Sync tests', redirectUris: [`${product.url}/api/v1/crm/zoho/callback`], ...ZOHO_TEST_APP });
  const zohoOrgId = zoho.admin.listAccounts()[0]!.id;
  salesforce.admin.createApp({ name: 'Sync tests', redirectUris: [`${product.url}/api/v1/crm/salesforce/callback`], ...SALESFORCE_TEST_APP });
  const salesforceOrgIds = salesforce.orgs.map((org) => org.id);

  const api = (user: TestUser, path: string, init: RequestInit = {}) =>
    fetch(`${product.url}/api/v1${path}`, { ...init, headers: { ...user.authorization, ...(init.headers ?? {}) } });

  const testbed: SyncTestbed = {
    product,
    hubspot,
    zoho,
    salesforce,
    portalId: HUBSPOT_DEFAULT_PORTAL.id!,
    zohoOrgId,
    salesforceOrgIds,
    workerEnv: { ...providerEnv, DATABASE_URL: product.config.databaseUrl!, DATA_DIR: product.config.dataDir, CRM_SANDBOX: 'off', SALESFORCE_POLL_INTERVAL_SECONDS: '0' },
    signUp: () => signUpTestUser(product),
    api,
    async connect(user, platform, connectOptions = {}) {
      const browser = createTestBrowser();
      const start = await browser.fetch(`${product.url}/api/v1/crm/${platform}/oauth`, { headers: user.authorization });
      expect(start.status).toBe(200);
      const { url } = (await start.json()) as { url: string };
      const callback = await approveConsent(url, platform === 'zoho' ? { zohoDataCentre: 'us' } : platform === 'salesforce' ? { accountId: salesforceAccountOf(connectOptions.salesforceOrgId) } : {});
      const landing = await browser.fetch(callback, { redirect: 'manual' });
      expect(new URL(landing.headers.get('location')!).searchParams.get('connected')).toBe(platform);
    },
    async latestRun(user, platform) {
      const res = await api(user, `/crm/sync/runs?platform=${platform}&limit=1`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { runs: TSyncRun[] }).runs[0];
    },
    async waitForRun(user, runId, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await api(user, `/crm/sync/runs/${runId}`);
        expect(res.status).toBe(200);
        const run = (await res.json()) as TSyncRun;
        if (run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled') return run;
        if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms: ${JSON.stringify(run)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async close() {
      await product.close();
      await Promise.all([hubspot.close(), zoho.close(), salesforce.close()]);
    },
  };
  return testbed;

  /** The consent page's choice for an org: `<orgId>:<userId>` of its first (admin) user. */
  function salesforceAccountOf(orgId = salesforceOrgIds[0]!): string {
    const org = salesforce.orgs.find((candidate) => candidate.id === orgId);
    if (!org) throw new Error(`no Salesforce org ${orgId} in this testbed`);
    return `${org.id}:${org.users[0]!.id}`;
  }
}

/** Waits for the first run a connection got (the full sync started on connect) and returns it finished. */
export async function waitForFirstSync(testbed: SyncTestbed, user: TestUser, platform: TPlatform, timeoutMs = 60_000): Promise<TSyncRun> {
  const deadline = Date.now() + timeoutMs;
  let run = await testbed.latestRun(user, platform);
  while (!run) {
    if (Date.now() > deadline) throw new Error(`no ${platform} run appeared`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    run = await testbed.latestRun(user, platform);
  }
  return testbed.waitForRun(user, run.id, Math.max(1000, deadline - Date.now()));
}

/** Sum of a sandbox's request counters whose key matches. */
export function countRequests(requests: Record<string, number>, pattern: RegExp): number {
  return Object.entries(requests)
    .filter(([key]) => pattern.test(key))
    .reduce((sum, [, count]) => sum + count, 0);
}

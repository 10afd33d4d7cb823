import { HUBSPOT_DEFAULT_PORTAL, startHubSpotSandbox } from './hubspot';
import type { HubSpotPortalInput, HubSpotSandboxOptions, RunningHubSpotSandbox } from './hubspot';
import { SALESFORCE_DEFAULT_ORGS, startSalesforceSandbox } from './salesforce';
import type { RunningSalesforceSandbox, SalesforceOrgConfig, SalesforceSandboxOptions } from './salesforce';
import { startZohoSandbox, ZOHO_DEFAULT_ACCOUNTS } from './zoho';
import type { RunningZohoSandbox, ZohoAccountConfig, ZohoSandboxOptions } from './zoho';

/**
 * One seed for both CRMs. The sandboxes' own defaults differ (HubSpot 42, Zoho 20240501), and
 * two different seeds would give two CRMs with no person in common; 42 matches the backend's
 * run mode, so the CLI and `start` show the same people.
 */
export const DEFAULT_SHARED_SEED = 42;

/** The most seeded contacts either sandbox holds per account. */
export const MAX_CONTACTS_PER_ACCOUNT = 1_000_000;

export type StartCrmSandboxesOptions = {
  /** Interface both listen on; loopback unless told otherwise. */
  host?: string;
  /** 0 (the default) picks a free port. */
  hubspotPort?: number;
  zohoPort?: number;
  /** Port of Salesforce's login origin (its test login origin and org instances take free ports). */
  salesforcePort?: number;
  /**
   * Seeded contacts of the default HubSpot portal, of each default Zoho org and of each default
   * Salesforce org (which also gets 40% as many leads). An explicit
   * `hubspot.defaultPortal.contactCount`, `zoho.accounts` or `salesforce.orgs` is more specific and wins.
   */
  contactsPerAccount?: number;
  /** Overrides any shared seed in the nested options: the point is that both CRMs agree. */
  sharedSeed?: number;
  hubspot?: Partial<HubSpotSandboxOptions>;
  zoho?: Partial<ZohoSandboxOptions>;
  salesforce?: Partial<SalesforceSandboxOptions>;
};

export type RunningCrmSandboxes = {
  hubspot: RunningHubSpotSandbox;
  zoho: RunningZohoSandbox;
  salesforce: RunningSalesforceSandbox;
  /** Stops all three; safe to call more than once. */
  close(): Promise<void>;
};

/** Starts the HubSpot, Zoho and Salesforce sandboxes side by side, holding the same shared people. */
export async function startCrmSandboxes(options: StartCrmSandboxesOptions = {}): Promise<RunningCrmSandboxes> {
  validate(options);
  const host = options.host ?? '127.0.0.1';
  const sharedSeed = options.sharedSeed ?? DEFAULT_SHARED_SEED;
  const hubspot = await startHubSpotSandbox({
    ...options.hubspot,
    host,
    port: options.hubspotPort ?? 0,
    defaultPortal: hubspotPortal(options, sharedSeed),
  });
  let zoho: RunningZohoSandbox;
  try {
    zoho = await startZohoSandbox({ ...options.zoho, host, port: options.zohoPort ?? 0, sharedSeed, accounts: zohoAccounts(options) });
  } catch (error) {
    // A half-started pair would keep the HubSpot port bound with nobody to close it.
    await hubspot.close();
    throw error;
  }
  let salesforce: RunningSalesforceSandbox;
  try {
    salesforce = await startSalesforceSandbox({ ...options.salesforce, host, loginPort: options.salesforcePort ?? 0, sharedSeed, orgs: salesforceOrgs(options) });
  } catch (error) {
    await Promise.all([hubspot.close(), zoho.close()]);
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= Promise.all([hubspot.close(), zoho.close(), salesforce.close()]).then(() => undefined));
  return { hubspot, zoho, salesforce, close };
}

function hubspotPortal(options: StartCrmSandboxesOptions, sharedSeed: number): HubSpotPortalInput | null {
  const given = options.hubspot?.defaultPortal;
  if (given === null) return null;
  const count = options.contactsPerAccount === undefined ? {} : { contactCount: options.contactsPerAccount };
  return { ...HUBSPOT_DEFAULT_PORTAL, ...count, ...given, sharedSeed };
}

function zohoAccounts(options: StartCrmSandboxesOptions): ZohoAccountConfig[] {
  if (options.zoho?.accounts) return options.zoho.accounts;
  const count = options.contactsPerAccount;
  return ZOHO_DEFAULT_ACCOUNTS.map((account) => (count === undefined ? { ...account } : { ...account, contactCount: count }));
}

function salesforceOrgs(options: StartCrmSandboxesOptions): SalesforceOrgConfig[] {
  if (options.salesforce?.orgs) return options.salesforce.orgs;
  const count = options.contactsPerAccount;
  return SALESFORCE_DEFAULT_ORGS.map((org) => (count === undefined ? { ...org } : { ...org, contactCount: count, leadCount: Math.round(count * 0.4) }));
}

/** Refuses bad numbers up front, naming the option, rather than failing inside one sandbox. */
function validate(options: StartCrmSandboxesOptions): void {
  const checks: [string, number | undefined, number, number][] = [
    ['hubspotPort', options.hubspotPort, 0, 65_535],
    ['zohoPort', options.zohoPort, 0, 65_535],
    ['salesforcePort', options.salesforcePort, 0, 65_535],
    ['contactsPerAccount', options.contactsPerAccount, 0, MAX_CONTACTS_PER_ACCOUNT],
    ['sharedSeed', options.sharedSeed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ];
  for (const [name, value, min, max] of checks) {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
    }
  }
}

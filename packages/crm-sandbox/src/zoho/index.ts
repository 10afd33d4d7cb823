// Public surface of the Zoho CRM sandbox. Names carry "Zoho" because src/index.ts re-exports
// the HubSpot sandbox beside it.
export { createZohoSandbox } from './create-zoho-sandbox';
export type { ZohoSandbox } from './create-zoho-sandbox';
export { startZohoSandbox } from './start-zoho-sandbox';
export type { RunningZohoSandbox, StartZohoSandboxOptions } from './start-zoho-sandbox';
export type {
  AccountSummary as ZohoAccountSummary,
  DataCentreSummary as ZohoDataCentreSummary,
  MintedToken as ZohoMintedToken,
  ZohoSandboxAdmin,
} from './admin';
export type { ActiveFault as ZohoActiveFault, FaultRule as ZohoFaultRule } from './faults';
export type { CountersSnapshot as ZohoCountersSnapshot } from './counters';
export type { RequestLogEntry as ZohoRequestLogEntry } from './request-log';
export {
  DEFAULT_ACCOUNTS as ZOHO_DEFAULT_ACCOUNTS,
  DEFAULT_APPS as ZOHO_DEFAULT_APPS,
  DEFAULT_LIMITS as ZOHO_DEFAULT_LIMITS,
} from './defaults';
export { DEFAULT_DATA_CENTRES as ZOHO_DEFAULT_DATA_CENTRES, accountsServerUrl as zohoAccountsServerUrl, apiDomainUrl as zohoApiDomainUrl } from './data-centres';
export type { ZohoAccountConfig, ZohoAppConfig, ZohoDataCentre, ZohoEdition, ZohoLimits, ZohoSandboxOptions } from './types';

// Public surface of the Salesforce sandbox. Names carry "Salesforce" because src/index.ts
// re-exports the HubSpot and Zoho sandboxes beside it.
export { startSalesforceSandbox } from './start-salesforce-sandbox';
export type { RunningSalesforceOrg, RunningSalesforceSandbox } from './start-salesforce-sandbox';
export type { SalesforceActiveFault, SalesforceCounters, SalesforceOrgSummary, SalesforceSandboxAdmin } from './admin';
export type {
  TSalesforceFaultRule as SalesforceFaultRule,
  TCreateContactField as SalesforceCreateContactField,
  TUpdateContactField as SalesforceUpdateContactField,
  TDeleteContactField as SalesforceDeleteContactField,
} from './admin-schemas';
export type { DescribedField as SalesforceDescribedField } from './describe';
export type { SalesforceRequestLogEntry } from './request-monitor';
export type { TokenResponse as SalesforceTokenResponse } from './token-responses';
export { signIdentity as signSalesforceIdentity } from './token-responses';
export { SALESFORCE_DEFAULT_APP, SALESFORCE_DEFAULT_ORGS } from './defaults';
export type { SalesforceAppConfig, SalesforceBulkTiming, SalesforceOrgConfig, SalesforceSandboxOptions, SalesforceUserConfig } from './types';

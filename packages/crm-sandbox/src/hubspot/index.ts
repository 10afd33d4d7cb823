// The HubSpot sandbox: a local server speaking HubSpot's OAuth, CRM v3 and error language.
export { createHubSpotSandbox, startHubSpotSandbox } from './create-sandbox';
export type { HubSpotSandbox, RunningHubSpotSandbox, StartHubSpotSandboxOptions } from './create-sandbox';
export type { HubSpotAppInput, HubSpotPortalInput, HubSpotRateLimitOptions, HubSpotSandboxOptions } from './options';
export { DEFAULT_APP as DEFAULT_HUBSPOT_APP, DEFAULT_PORTAL as DEFAULT_HUBSPOT_PORTAL } from './options';
export { AdminError } from './admin';
export type { AdminErrorCode, HubSpotAdmin, SandboxAccount, SandboxCounters, TokenResponse } from './admin';
export type { TChangeContacts, TCreateAccount, TCreateApp, TDeleteContacts, TMintToken, TTokenSelector, TUpdateAccount } from './admin-schemas';
export type { HubSpotApp } from './app-registry';
export type { FaultRule, FaultRuleInput } from './faults';
export type { RequestLogEntry } from './request-monitor';

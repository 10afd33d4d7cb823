// The HubSpot sandbox: a local server speaking HubSpot's OAuth, CRM v3 and error language.
// Names carry "HubSpot" because src/index.ts re-exports the Zoho sandbox beside it.
export { createHubSpotSandbox, startHubSpotSandbox } from './create-sandbox';
export type { HubSpotSandbox, RunningHubSpotSandbox, StartHubSpotSandboxOptions } from './create-sandbox';
export type { HubSpotAppInput, HubSpotPortalInput, HubSpotRateLimitOptions, HubSpotSandboxOptions } from './options';
export { DEFAULT_APP as HUBSPOT_DEFAULT_APP, DEFAULT_DEVELOPER_API_KEY as HUBSPOT_DEVELOPER_API_KEY, DEFAULT_PORTAL as HUBSPOT_DEFAULT_PORTAL } from './options';
export type { HubSpotWebhookOptions } from './webhooks/delivery-options';
export type { DeliveryAttempt as HubSpotDeliveryAttempt, DeliveryStats as HubSpotDeliveryStats } from './webhooks/delivery-queue';
export type { AppWebhooks as HubSpotAppWebhooks } from './webhooks/hubspot-webhooks';
export type { WebhookEvent as HubSpotWebhookEvent } from './webhooks/webhook-events';
export type { FlushResult as HubSpotWebhookFlushResult, TFlushWebhooks as HubSpotFlushWebhooksInput } from './webhooks/webhook-admin';
export type { ContactEventType as HubSpotContactEventType, TAppWebhooksInput as HubSpotAppWebhooksInput } from './webhooks/webhook-schemas';
export { CONTACT_EVENT_TYPES as HUBSPOT_CONTACT_EVENT_TYPES } from './webhooks/webhook-schemas';
export { AdminError as HubSpotAdminError } from './admin';
export type {
  AdminErrorCode as HubSpotAdminErrorCode,
  HubSpotAdmin,
  SandboxAccount as HubSpotSandboxAccount,
  SandboxCounters as HubSpotSandboxCounters,
  TokenResponse as HubSpotTokenResponse,
} from './admin';
export type {
  TAdvanceClock as HubSpotAdvanceClockInput,
  TCreateAccount as HubSpotCreateAccountInput,
  TCreateApp as HubSpotCreateAppInput,
  TCreateContactField as HubSpotCreateContactFieldInput,
  TDeleteContactField as HubSpotDeleteContactFieldInput,
  TUpdateContactField as HubSpotUpdateContactFieldInput,
  TDeleteContacts as HubSpotDeleteContactsInput,
  TMintToken as HubSpotMintTokenInput,
  TModifyContacts as HubSpotModifyContactsInput,
  TRestoreContacts as HubSpotRestoreContactsInput,
  TTokenSelector as HubSpotTokenSelector,
  TUpdateAccount as HubSpotUpdateAccountInput,
} from './admin-schemas';
export type { HubSpotApp } from './app-registry';
export type { PropertyResponse as HubSpotPropertyResponse } from './contact-field-definitions';
export type { FaultRule as HubSpotFaultRule, FaultRuleInput as HubSpotFaultRuleInput } from './faults';
export type { RequestLogEntry as HubSpotRequestLogEntry } from './request-monitor';

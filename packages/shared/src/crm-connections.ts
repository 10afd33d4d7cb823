import { z } from 'zod';
import { ZPhoneRegion } from './phone-regions';
import { ZPlatform, ZSalesforceLoginHost } from './platforms';
import { ZSyncStartResponse } from './sync';
import { ZWebhookHealth } from './webhooks';

/** Path parameter `:platform`; anything else is a 400 naming `platform`. */
export const ZPlatformParams = z.strictObject({ platform: ZPlatform });

/**
 * GET /api/v1/crm/{platform}/oauth query. `loginHost` is Salesforce's alone (production,
 * sandbox, or the org's My Domain host; production when absent); another platform refuses it.
 */
export const ZOAuthStartQuery = z.strictObject({ loginHost: ZSalesforceLoginHost.optional() });
export type TOAuthStartQuery = z.infer<typeof ZOAuthStartQuery>;

/** GET /api/v1/crm/{platform}/oauth → where to send the browser to grant access. */
export const ZOAuthStartResponse = z.object({ url: z.url() });
export type TOAuthStartResponse = z.infer<typeof ZOAuthStartResponse>;

export const ZConnectionStatus = z.enum(['connected', 'needs_reauth', 'error']);

/** One connected CRM as the dashboard shows it. Tokens never appear here. */
export const ZCrmConnection = z.object({
  platform: ZPlatform,
  status: ZConnectionStatus,
  /** HubSpot portal id, Zoho org id or Salesforce org id. */
  accountId: z.string().nullable(),
  /** HubSpot hub domain, Zoho company name or the Salesforce user's username. */
  accountName: z.string().nullable(),
  /** Zoho data centre (us, eu, …); null for HubSpot and Salesforce. */
  dataCentre: z.string().nullable(),
  scopes: z.array(z.string()),
  isSandbox: z.boolean(),
  connectedAt: z.iso.datetime(),
  lastSyncedAt: z.iso.datetime().nullable(),
  /** When a full sync last finished (every contact read again, deletions found); null until the first. */
  lastFullSyncAt: z.iso.datetime().nullable(),
  contactCount: z.number().int().nonnegative(),
  activeSyncRunId: z.uuid().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /**
   * Syncs of this connection wait until `until`: the provider's API allowance is spent, or down
   * to the reserve kept for the customer's other integrations (Salesforce). Null when not paused.
   */
  syncPause: z.object({ until: z.iso.datetime(), code: z.string(), message: z.string() }).nullable(),
  /** Where this connection's national-format numbers are read; null: the server's default. */
  defaultPhoneRegion: ZPhoneRegion.nullable(),
  /** Real-time sync: whether the CRM's pushed changes reach us (read-only, written by the server). */
  webhooks: ZWebhookHealth,
  /**
   * Real-time sync of a CRM that pushes nothing (Salesforce's change check every minute): paused
   * since `since`, and why — the org's daily API allowance is down to the reserve kept for its other
   * integrations, or spent. Checking resumes by itself once it frees. Null while it checks, and for
   * CRMs without a change check.
   */
  changePollPause: z.object({ since: z.iso.datetime(), code: z.string(), message: z.string() }).nullable(),
  /**
   * Where the CRM pushes changes to a channel of ours (Zoho's notifications): its state. Absent
   * for CRMs without one. `missing_scope`: connected before real-time sync, reconnect to get it;
   * meanwhile, and whenever it is not `active`, the scheduled sync keeps the contacts up to date.
   */
  changeNotifications: z
    .object({
      state: z.enum(['active', 'pending', 'failed', 'missing_scope', 'none']),
      expiresAt: z.iso.datetime().nullable(),
      message: z.string().nullable(),
    })
    .optional(),
});
export type TCrmConnection = z.infer<typeof ZCrmConnection>;

/** GET /api/v1/crm/credentials: the user's connections, and which platforms can be connected here. */
export const ZCrmCredentialsResponse = z.object({
  connections: z.array(ZCrmConnection),
  available: z.array(z.object({ platform: ZPlatform, isSandbox: z.boolean() })),
  /** The region used for a connection whose own `defaultPhoneRegion` is null (SYNC_DEFAULT_PHONE_REGION). */
  serverDefaultPhoneRegion: ZPhoneRegion,
});
export type TCrmCredentialsResponse = z.infer<typeof ZCrmCredentialsResponse>;

/** DELETE /api/v1/crm/{platform} */
export const ZDisconnectResponse = z.object({
  platform: ZPlatform,
  /** False when the provider could not be reached; the connection is removed here either way. */
  revokedAtProvider: z.boolean(),
  contactsDeleted: z.number().int().nonnegative(),
});
export type TDisconnectResponse = z.infer<typeof ZDisconnectResponse>;

/** PATCH /api/v1/crm/{platform}/settings */
export const ZCrmSettingsBody = z.strictObject({
  /** Null goes back to the server's default. */
  defaultPhoneRegion: ZPhoneRegion.nullable(),
});
export type TCrmSettingsBody = z.infer<typeof ZCrmSettingsBody>;

export const ZCrmSettingsResponse = z.object({
  connection: ZCrmConnection,
  /**
   * The full sync that re-reads every contact's numbers in the new region; null when nothing
   * changed, or when the connection must be reconnected first (its next sync applies the region).
   */
  resync: ZSyncStartResponse.nullable(),
});
export type TCrmSettingsResponse = z.infer<typeof ZCrmSettingsResponse>;

/**
 * Error codes the OAuth callback puts in `{FRONTEND_URL}/crm?error=` for the web app to explain;
 * any other failure reaches the browser as oauth_exchange_failed.
 */
export const OAUTH_CALLBACK_ERRORS = [
  'oauth_denied',
  'oauth_state_invalid',
  // The consent was finished in a browser that did not start it (e.g. a forwarded link).
  'oauth_browser_mismatch',
  'oauth_exchange_failed',
  'crm_not_configured',
  'provider_unavailable',
] as const;
export const ZOAuthCallbackError = z.enum(OAUTH_CALLBACK_ERRORS);
export type TOAuthCallbackError = z.infer<typeof ZOAuthCallbackError>;

/**
 * What a provider sends back to the OAuth callback; every parameter is the provider's to send.
 * The server reads it leniently: a value this schema cannot read (repeated, too long) counts as
 * absent, because the callback is a browser navigation and answers every outcome with a redirect
 * to the web app, never a 400.
 */
const CALLBACK_VALUE_MAX = 4096;
export const ZOAuthCallbackQuery = z.object({
  code: z.string().max(CALLBACK_VALUE_MAX).optional(),
  state: z.string().max(CALLBACK_VALUE_MAX).optional(),
  error: z.string().max(CALLBACK_VALUE_MAX).optional(),
  error_description: z.string().max(CALLBACK_VALUE_MAX).optional(),
  /** Zoho: the data centre the user's account lives in. */
  location: z.string().max(CALLBACK_VALUE_MAX).optional(),
  'accounts-server': z.string().max(CALLBACK_VALUE_MAX).optional(),
});
export type TOAuthCallbackQuery = z.infer<typeof ZOAuthCallbackQuery>;

/**
 * The HttpOnly cookie that ties an OAuth flow to the browser that started it: set by the start
 * endpoint, scoped to the platform's callback path, read by the callback.
 */
export const OAUTH_BROWSER_COOKIE = 'voiceagent_oauth_browser';
export const ZOAuthCallbackCookies = z.object({ [OAUTH_BROWSER_COOKIE]: z.string().max(128).optional() });

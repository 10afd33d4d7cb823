import {
  ZCrmCredentialsResponse,
  ZCrmSettingsBody,
  ZCrmSettingsResponse,
  ZDisconnectResponse,
  ZOAuthCallbackCookies,
  ZOAuthCallbackQuery,
  ZOAuthStartQuery,
  ZOAuthStartResponse,
  ZPlatformParams,
} from '../../crm-connections';
import { defineEndpoint } from '../endpoint';

export const listCrmCredentials = defineEndpoint({
  operationId: 'listCrmCredentials',
  method: 'get',
  path: '/api/v1/crm/credentials',
  tag: 'crm',
  summary: 'The user’s CRM connections, and which platforms can be connected here',
  auth: 'user',
  request: {},
  response: { status: 200, description: 'Connections (never their tokens) and available platforms', schema: ZCrmCredentialsResponse },
  errors: [],
});

export const startCrmAuthorization = defineEndpoint({
  operationId: 'startCrmAuthorization',
  method: 'get',
  path: '/api/v1/crm/:platform/oauth',
  tag: 'crm',
  summary: 'Start connecting a CRM: the consent page to send the browser to',
  description:
    'Stores a single-use state (10 minutes) that the callback checks, and binds it to this browser with an HttpOnly cookie: ' +
    'the flow completes only in the browser that started it, so connecting a CRM is for browsers, not for services.',
  auth: 'user',
  request: { params: ZPlatformParams, query: ZOAuthStartQuery },
  response: {
    status: 200,
    description: 'The provider’s consent URL',
    schema: ZOAuthStartResponse,
    headers: { 'Set-Cookie': { description: 'voiceagent_oauth_browser: HttpOnly, SameSite=Lax, scoped to the callback path, for 10 minutes' } },
  },
  errors: ['crm_not_configured', 'validation_failed'],
});

export const completeCrmAuthorization = defineEndpoint({
  operationId: 'completeCrmAuthorization',
  method: 'get',
  path: '/api/v1/crm/:platform/callback',
  tag: 'crm',
  summary: 'The provider’s redirect back after consent',
  description:
    'A browser navigation without a bearer token: the single-use state names the user. Success and failure both ' +
    'redirect to the web app, failures with `?error=<code>` (oauth_denied, oauth_state_invalid, oauth_exchange_failed, ' +
    'crm_not_configured, provider_unavailable, oauth_browser_mismatch when another browser started the flow).',
  auth: 'public',
  request: { params: ZPlatformParams, query: ZOAuthCallbackQuery, cookies: ZOAuthCallbackCookies },
  response: { status: 302, description: 'Back to the web app’s CRM page', headers: { Location: { description: 'The web app’s /crm page' } } },
  errors: [],
});

export const updateCrmSettings = defineEndpoint({
  operationId: 'updateCrmSettings',
  method: 'patch',
  path: '/api/v1/crm/:platform/settings',
  tag: 'crm',
  summary: 'Change a connection’s settings: the region its national-format phone numbers are read in',
  description:
    'A changed region starts a full sync (`resync`), which re-reads every contact’s numbers; a number such as ' +
    '"030 1234567" becomes callable once read in DE. `null` goes back to the server’s default.',
  auth: 'user',
  request: { params: ZPlatformParams, body: ZCrmSettingsBody },
  response: { status: 200, description: 'The connection with its new settings, and the sync started, if any', schema: ZCrmSettingsResponse },
  errors: ['crm_not_connected'],
});

export const disconnectCrm = defineEndpoint({
  operationId: 'disconnectCrm',
  method: 'delete',
  path: '/api/v1/crm/:platform',
  tag: 'crm',
  summary: 'Disconnect a CRM: revoke at the provider, delete its tokens and contacts, cancel its sync',
  auth: 'user',
  request: { params: ZPlatformParams },
  response: { status: 200, description: 'Disconnected (whether or not the provider could be reached)', schema: ZDisconnectResponse },
  errors: ['crm_not_connected'],
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../../src/crm/crm-service';
import { createProviderHttpClient, type RetryEvent } from '../../../src/crm/provider-http/provider-http-client';
import { HUBSPOT_PROFILE } from '../../../src/crm/providers/hubspot/hubspot-client';
import { HubSpotService } from '../../../src/crm/providers/hubspot/hubspot-service';
import { ZOHO_PROFILE } from '../../../src/crm/providers/zoho/zoho-client';
import { ZohoService } from '../../../src/crm/providers/zoho/zoho-service';
import { startHubSpotTestSandbox, startZohoTestSandbox, type TestHubSpotSandbox, type TestZohoSandbox } from '../../support/sandbox-consent';
import { createTestSession, FAST_HTTP, json, rejectionOf, startScriptedServer, type ScriptedServer } from './provider-test-support';

// The provider HTTP client over real HTTP: the sandboxes' fault injection for 5xx, 429, resets
// and hangs; a scripted server for what the sandboxes never send (Retry-After, Zoho's 200 errors).
let hubspot: TestHubSpotSandbox;
let zoho: TestZohoSandbox;
let scripted: ScriptedServer | undefined;
let retries: RetryEvent[] = [];
const http = { ...FAST_HTTP, onRetry: (event: RetryEvent) => void retries.push(event) };
// Pacing is tested on its own; here it would only slow the faults down.
const unpaced = { requestsPerInterval: 100_000, intervalMs: 1000, searchRequestsPerSecond: 100_000 };

beforeAll(async () => {
  [hubspot, zoho] = await Promise.all([startHubSpotTestSandbox(), startZohoTestSandbox()]);
});
afterAll(async () => {
  await Promise.all([hubspot?.close(), zoho?.close()]);
});
afterEach(async () => {
  hubspot.admin.clearFaults();
  zoho.admin.clearFaults();
  retries = [];
  await scripted?.close();
  scripted = undefined;
});

function hubspotConnection(): ConnectionInfo {
  return { externalAccountId: String(hubspot.portalId), accountName: 'Sandbox Portal', dataCentre: null, apiDomain: hubspot.url, accountsServer: null };
}

/** A connected HubSpot session from tokens the sandbox mints, and its client. */
function hubspotClient(settings = http) {
  const service = new HubSpotService(hubspot.app, { http: settings, rateLimits: unpaced });
  const minted = hubspot.admin.mintToken(hubspot.portalId);
  const connection = hubspotConnection();
  const session = createTestSession(connection, minted.access_token, () => service.refreshTokens({ refreshToken: minted.refresh_token, connection }));
  return { client: service.createApiClient(session), session, minted };
}

/** CRM API requests the sandbox has answered (token requests are counted apart). */
function served(): number {
  return Object.entries(hubspot.admin.counters().requests)
    .filter(([endpoint]) => endpoint.includes('/crm/'))
    .reduce((sum, [, count]) => sum + count, 0);
}

function tokenRequests(): number {
  return hubspot.admin.counters().requests['POST /oauth/v1/token'] ?? 0;
}

const CONTACTS = '/crm/v3/objects/contacts';

describe('retries', () => {
  it('retries 5xx answers until the provider recovers', async () => {
    const { client } = hubspotClient();
    hubspot.admin.addFault({ kind: 'status', status: 503, count: 2, pathPrefix: CONTACTS });
    const before = served();
    const response = await client.get(CONTACTS, { params: { limit: 1 } });
    expect(response.status).toBe(200);
    expect(served() - before).toBe(3);
    expect(retries.map((event) => event.reason)).toEqual(['HTTP 503', 'HTTP 503']);
  });

  it('gives up after the configured retries with provider_unavailable and the provider’s message', async () => {
    const { client } = hubspotClient();
    hubspot.admin.addFault({ kind: 'status', status: 500, pathPrefix: CONTACTS });
    const before = served();
    const error = await rejectionOf(client.get(CONTACTS, { operation: 'hubspot.contacts.list' }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.details).toMatchObject({ platform: 'hubspot', operation: 'hubspot.contacts.list', status: 500, providerMessage: 'internal error', attempts: 4 });
    expect(served() - before).toBe(4);
  });

  it('does not repeat a create after a 5xx: the provider may have done it', async () => {
    const { client } = hubspotClient();
    hubspot.admin.addFault({ kind: 'status', status: 503, pathPrefix: CONTACTS });
    const before = served();
    const error = await rejectionOf(client.post(CONTACTS, { properties: { email: 'new@example.com' } }));
    expect(error.code).toBe('provider_unavailable');
    expect(served() - before).toBe(1);
  });

  it('backs off on a 429 without Retry-After (HubSpot often omits it) and succeeds', async () => {
    const { client } = hubspotClient();
    hubspot.admin.addFault({ kind: 'status', status: 429, count: 2, pathPrefix: CONTACTS });
    expect((await client.get(CONTACTS)).status).toBe(200);
    expect(retries).toHaveLength(2);
    for (const event of retries) expect(event.delayMs).toBeLessThanOrEqual(FAST_HTTP.maxDelayMs!);
  });

  it('answers provider_rate_limited with HubSpot’s policy when 429s persist', async () => {
    const { client } = hubspotClient();
    hubspot.admin.addFault({ kind: 'status', status: 429, pathPrefix: CONTACTS });
    const error = await rejectionOf(client.get(CONTACTS));
    expect(error.code).toBe('provider_rate_limited');
    expect(error.details).toMatchObject({ status: 429, providerCode: 'TEN_SECONDLY_ROLLING', providerMessage: 'You have reached your ten_secondly_rolling limit.' });
  });

  it('retries reset connections, and reports provider_unavailable when they persist', async () => {
    const { client } = hubspotClient();
    hubspot.admin.addFault({ kind: 'reset', count: 2, pathPrefix: CONTACTS });
    expect((await client.get(CONTACTS)).status).toBe(200);
    expect(retries.map((event) => event.reason)).toEqual(['network', 'network']);
    hubspot.admin.addFault({ kind: 'reset', pathPrefix: CONTACTS });
    expect((await rejectionOf(client.get(CONTACTS))).code).toBe('provider_unavailable');
  });

  it('times out a hung request and retries it; provider_timeout when the provider never answers', async () => {
    const { client } = hubspotClient({ ...http, timeoutMs: 300, retries: 1 });
    hubspot.admin.addFault({ kind: 'hang', count: 1, pathPrefix: CONTACTS });
    const started = Date.now();
    expect((await client.get(CONTACTS)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(retries.map((event) => event.reason)).toEqual(['timeout']);

    hubspot.admin.addFault({ kind: 'hang', pathPrefix: CONTACTS });
    const error = await rejectionOf(client.get(CONTACTS));
    expect(error.code).toBe('provider_timeout');
    expect(error.details).toMatchObject({ attempts: 2 });
  });

  it('waits what Retry-After asks, in seconds or as an HTTP date', async () => {
    scripted = await startScriptedServer([
      json(429, { message: 'slow down' }, { 'retry-after': '1' }),
      // Dated when it is sent, as a server would.
      (res) => json(429, { message: 'slow down' }, { 'retry-after': new Date(Date.now() + 2000).toUTCString() })(res),
      json(200, { ok: true }),
    ]);
    const client = createProviderHttpClient({ profile: HUBSPOT_PROFILE, baseURL: scripted.url, settings: { ...http, maxDelayMs: 3000 } });
    expect((await client.get('/anything')).data).toEqual({ ok: true });
    const [first, second, third] = scripted.requests.map((request) => request.at);
    expect(second! - first!).toBeGreaterThanOrEqual(950);
    // An HTTP date has whole seconds: "2 s from now" is between 1 and 2 s away.
    expect(third! - second!).toBeGreaterThanOrEqual(900);
  });

  it('does not wait out a Retry-After longer than its cap: provider_rate_limited says how long', async () => {
    scripted = await startScriptedServer([json(429, { message: 'come back later' }, { 'retry-after': '120' })]);
    const client = createProviderHttpClient({ profile: HUBSPOT_PROFILE, baseURL: scripted.url, settings: http });
    const error = await rejectionOf(client.get('/anything'));
    expect(error.code).toBe('provider_rate_limited');
    expect(error.details).toMatchObject({ retryAfterSeconds: 120, providerMessage: 'come back later', attempts: 1 });
    expect(scripted.requests).toHaveLength(1);
  });

  it('recognises Zoho’s errors inside HTTP 200: retries the retryable, rejects the rest', async () => {
    scripted = await startScriptedServer([
      json(200, { code: 'INTERNAL_ERROR', details: {}, message: 'Internal server error occurred.', status: 'error' }),
      json(200, { data: [{ id: '1' }] }),
      json(200, { code: 'INVALID_DATA', details: { param_name: 'fields' }, message: 'invalid data', status: 'error' }),
    ]);
    const client = createProviderHttpClient({ profile: ZOHO_PROFILE, baseURL: scripted.url, settings: http });
    expect((await client.get('/crm/v8/Contacts')).data).toEqual({ data: [{ id: '1' }] });
    const error = await rejectionOf(client.get('/crm/v8/Contacts'));
    expect(error.code).toBe('provider_rejected');
    expect(error.details).toMatchObject({ platform: 'zoho', providerCode: 'INVALID_DATA', providerMessage: 'invalid data' });
  });
});

describe('refresh on 401', () => {
  it('refreshes an expired token once and retries the request with the new one', async () => {
    const { client, session, minted } = hubspotClient();
    hubspot.admin.expireTokens({ accessToken: minted.access_token });
    const [before, refreshesBefore] = [served(), tokenRequests()];
    expect((await client.get(CONTACTS)).status).toBe(200);
    expect(session.refreshCalls).toEqual([minted.access_token]);
    expect(session.currentToken()).not.toBe(minted.access_token);
    expect(served() - before).toBe(2);
    expect(tokenRequests() - refreshesBefore).toBe(1);
  });

  it('does not loop when the refreshed token is refused too: crm_auth_revoked, no token in the error', async () => {
    const connection = hubspotConnection();
    const service = new HubSpotService(hubspot.app, { http, rateLimits: unpaced });
    const session = createTestSession(connection, 'expired-or-bogus', async () => ({ accessToken: 'still-bogus' }));
    const before = served();
    const error = await rejectionOf(service.createApiClient(session).get(CONTACTS));
    expect(error.code).toBe('crm_auth_revoked');
    expect(error.details).toMatchObject({ status: 401, providerCode: 'INVALID_AUTHENTICATION' });
    expect(session.refreshCalls).toEqual(['expired-or-bogus']);
    expect(served() - before).toBe(2);
    expect(`${error.message}${JSON.stringify(error.details)}`).not.toMatch(/bogus/);
  });

  it('passes the refresh’s own crm_auth_revoked through when the grant was revoked', async () => {
    const { client, session, minted } = hubspotClient();
    hubspot.admin.revokeTokens({ refreshToken: minted.refresh_token });
    const error = await rejectionOf(client.get(CONTACTS));
    expect(error.code).toBe('crm_auth_revoked');
    expect(error.details).toMatchObject({ providerCode: 'BAD_REFRESH_TOKEN' });
    expect(session.refreshCalls).toHaveLength(1);
  });

  it('Zoho: refreshes on INVALID_TOKEN, but not on a missing scope (a new token has the same scopes)', async () => {
    const service = new ZohoService(zoho.app, { http });
    const orgId = zoho.orgIdByDataCentre.us!;
    const minted = zoho.admin.mintToken(orgId, { withRefreshToken: true, clientId: zoho.app.clientId });
    const connection: ConnectionInfo = { externalAccountId: orgId, accountName: 'Zylker Inc', dataCentre: 'us', apiDomain: minted.api_domain, accountsServer: `${zoho.url}/dc/us/accounts` };
    const session = createTestSession(connection, minted.access_token, () => service.refreshTokens({ refreshToken: minted.refresh_token!, connection }));
    zoho.admin.expireTokens({ token: minted.access_token });
    const org = await service.createApiClient(session).get<{ org: Array<{ id: string }> }>('/crm/v8/org');
    expect(org.data.org[0]!.id).toBe(orgId);
    expect(session.refreshCalls).toEqual([minted.access_token]);

    const narrow = zoho.admin.mintToken(orgId, { scopes: ['ZohoCRM.modules.contacts.READ'] });
    const narrowSession = createTestSession({ ...connection, apiDomain: narrow.api_domain }, narrow.access_token, async () => ({ accessToken: 'unused' }));
    const error = await rejectionOf(service.createApiClient(narrowSession).get('/crm/v8/org'));
    expect(error.code).toBe('provider_rejected');
    expect(error.details).toMatchObject({ status: 401, providerCode: 'OAUTH_SCOPE_MISMATCH' });
    expect(narrowSession.refreshCalls).toHaveLength(0);
  });

  it('Zoho: refuses to send a token to a stored API domain that is not Zoho’s', async () => {
    const service = new ZohoService(zoho.app, { http });
    const connection: ConnectionInfo = { externalAccountId: 'x', accountName: 'x', dataCentre: 'us', apiDomain: 'http://127.0.0.1:1/dc/us/api', accountsServer: null };
    const session = createTestSession(connection, 'token', async () => ({ accessToken: 'token' }));
    expect(() => service.createApiClient(session)).toThrow(expect.objectContaining({ code: 'crm_auth_revoked' }));
  });
});

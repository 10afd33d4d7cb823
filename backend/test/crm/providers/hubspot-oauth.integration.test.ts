import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationResult } from '../../../src/crm/crm-service';
import { HubSpotService } from '../../../src/crm/providers/hubspot/hubspot-service';
import { approveConsent, callbackUrlOf, startHubSpotTestSandbox, type TestHubSpotSandbox } from '../../support/sandbox-consent';
import { createTestSession, FAST_HTTP, rejectionOf } from './provider-test-support';

let sandbox: TestHubSpotSandbox;
let service: HubSpotService;
const redirectUri = callbackUrlOf('hubspot');

beforeAll(async () => {
  sandbox = await startHubSpotTestSandbox();
  service = new HubSpotService(sandbox.app, { http: FAST_HTTP });
});
afterAll(() => sandbox?.close());

async function consent(state = 'state-1'): Promise<URL> {
  const callback = await approveConsent(service.buildAuthorizationUrl({ state, redirectUri }));
  expect(callback.searchParams.get('state')).toBe(state);
  return callback;
}

async function connect(): Promise<AuthorizationResult> {
  const callback = await consent();
  return service.completeAuthorization({ code: callback.searchParams.get('code') ?? '', redirectUri, callbackQuery: Object.fromEntries(callback.searchParams) });
}

async function listOneContact(result: AuthorizationResult, accessToken = result.tokens.accessToken) {
  const session = createTestSession(result.connection, accessToken, () => service.refreshTokens({ refreshToken: result.tokens.refreshToken, connection: result.connection }));
  const response = await service.createApiClient(session).get<{ results: unknown[] }>('/crm/v3/objects/contacts', { params: { limit: 1 } });
  return { response, session };
}

describe('HubSpotService OAuth against the sandbox', () => {
  it('connects through the consent page: tokens, the portal as the account, and the granted scopes', async () => {
    const before = Date.now();
    const result = await connect();
    const portal = sandbox.admin.getAccount(sandbox.portalId);
    expect(result.connection).toEqual({ externalAccountId: String(portal.id), accountName: portal.domain, dataCentre: null, apiDomain: sandbox.url, accountsServer: null });
    expect(result.tokens.scopes).toEqual(expect.arrayContaining(['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write']));
    expect(result.tokens.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 1790_000);
    const { response } = await listOneContact(result);
    expect(response.status).toBe(200);
    expect(response.data.results).toHaveLength(1);
  });

  it('refreshes to a new access token that works, keeping the refresh token', async () => {
    const result = await connect();
    const refreshed = await service.refreshTokens({ refreshToken: result.tokens.refreshToken, connection: result.connection });
    expect(refreshed.accessToken).not.toBe(result.tokens.accessToken);
    expect(refreshed.refreshToken).toBe(result.tokens.refreshToken);
    const { response } = await listOneContact(result, refreshed.accessToken);
    expect(response.status).toBe(200);
  });

  it('answers crm_auth_revoked for a refresh token HubSpot does not know', async () => {
    const result = await connect();
    const error = await rejectionOf(service.refreshTokens({ refreshToken: 'na1-0000-made-up', connection: result.connection }));
    expect(error.code).toBe('crm_auth_revoked');
    expect(error.details).toMatchObject({ platform: 'hubspot', status: 400, providerCode: 'BAD_REFRESH_TOKEN' });
  });

  it('revokes: the grant stops working, and revoking again is not an error', async () => {
    const result = await connect();
    await service.revoke({ refreshToken: result.tokens.refreshToken, connection: result.connection });
    const refused = await rejectionOf(service.refreshTokens({ refreshToken: result.tokens.refreshToken, connection: result.connection }));
    expect(refused.code).toBe('crm_auth_revoked');
    await expect(service.revoke({ refreshToken: result.tokens.refreshToken, connection: result.connection })).resolves.toBeUndefined();
  });

  it('refuses a code used twice with oauth_exchange_failed and the provider’s words, quoting no secret', async () => {
    const callback = await consent();
    const code = callback.searchParams.get('code') ?? '';
    await service.completeAuthorization({ code, redirectUri, callbackQuery: {} });
    const error = await rejectionOf(service.completeAuthorization({ code, redirectUri, callbackQuery: {} }));
    expect(error.code).toBe('oauth_exchange_failed');
    expect(error.details).toMatchObject({ providerCode: 'BAD_AUTH_CODE', providerMessage: 'missing or unknown auth code' });
    const everything = `${error.message} ${JSON.stringify(error.details)}`;
    expect(everything).not.toContain(sandbox.app.clientSecret);
    expect(everything).not.toContain(code);
  });

  it('refuses an exchange with another redirect URI than the consent’s', async () => {
    const callback = await consent();
    const error = await rejectionOf(service.completeAuthorization({ code: callback.searchParams.get('code') ?? '', redirectUri: `${redirectUri}/other`, callbackQuery: {} }));
    expect(error.code).toBe('oauth_exchange_failed');
    expect(error.details).toMatchObject({ providerCode: 'BAD_REDIRECT_URI' });
  });
});

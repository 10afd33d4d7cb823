import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationResult } from '../../../src/crm/crm-service';
import { ZohoService } from '../../../src/crm/providers/zoho/zoho-service';
import { approveConsent, callbackUrlOf, startZohoTestSandbox, type TestZohoSandbox } from '../../support/sandbox-consent';
import { createTestSession, FAST_HTTP, json, rejectionOf, startScriptedServer, type ScriptedServer } from './provider-test-support';

let sandbox: TestZohoSandbox;
let service: ZohoService;
let attacker: ScriptedServer | undefined;
const redirectUri = callbackUrlOf('zoho');

beforeAll(async () => {
  sandbox = await startZohoTestSandbox();
  service = new ZohoService(sandbox.app, { http: FAST_HTTP });
});
afterAll(() => sandbox?.close());
afterEach(async () => {
  await attacker?.close();
  attacker = undefined;
});

async function consent(dataCentre: string): Promise<URL> {
  return approveConsent(service.buildAuthorizationUrl({ state: `state-${dataCentre}`, redirectUri }), { zohoDataCentre: dataCentre });
}

async function connect(dataCentre = 'us'): Promise<AuthorizationResult> {
  const callback = await consent(dataCentre);
  return service.completeAuthorization({ code: callback.searchParams.get('code') ?? '', redirectUri, callbackQuery: Object.fromEntries(callback.searchParams) });
}

describe('ZohoService OAuth against the sandbox', () => {
  it.each([
    ['us', 'Zylker Inc'],
    ['eu', 'Zylker GmbH'],
  ])('connects an org in the %s data centre and calls its API domain from then on', async (dataCentre, companyName) => {
    const result = await connect(dataCentre);
    expect(result.connection).toEqual({
      externalAccountId: sandbox.orgIdByDataCentre[dataCentre],
      accountName: companyName,
      dataCentre,
      apiDomain: `${sandbox.url}/dc/${dataCentre}/api`,
      accountsServer: `${sandbox.url}/dc/${dataCentre}/accounts`,
    });
    expect(result.tokens.scopes).toEqual(['ZohoCRM.modules.contacts.ALL', 'ZohoCRM.modules.calls.ALL', 'ZohoCRM.org.READ', 'ZohoCRM.settings.fields.READ', 'ZohoCRM.settings.custom_views.READ', 'ZohoCRM.notifications.ALL']);
    expect(result.tokens.refreshToken).toMatch(/^1000\./);

    const session = createTestSession(result.connection, result.tokens.accessToken, () => service.refreshTokens({ refreshToken: result.tokens.refreshToken, connection: result.connection }));
    const before = sandbox.admin.counters().requestsByDataCentre[dataCentre] ?? 0;
    const response = await service.createApiClient(session).get<{ data: unknown[] }>('/crm/v8/Contacts', { params: { fields: 'Last_Name', per_page: 1 } });
    expect(response.data.data).toHaveLength(1);
    expect(sandbox.admin.counters().requestsByDataCentre[dataCentre]).toBe(before + 1);
  });

  it('refreshes at the connection’s own accounts server; Zoho keeps the refresh token', async () => {
    const result = await connect('eu');
    const refreshed = await service.refreshTokens({ refreshToken: result.tokens.refreshToken, connection: result.connection });
    expect(refreshed.accessToken).not.toBe(result.tokens.accessToken);
    expect(refreshed.refreshToken).toBeUndefined();
    expect(refreshed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('answers crm_auth_revoked for a refresh token Zoho does not know (its HTTP 200 with an error)', async () => {
    const result = await connect();
    const error = await rejectionOf(service.refreshTokens({ refreshToken: '1000.made.up', connection: result.connection }));
    expect(error.code).toBe('crm_auth_revoked');
    expect(error.details).toMatchObject({ platform: 'zoho', providerCode: 'invalid_code' });
  });

  it('revokes at the data centre: the refresh token stops working, and revoking again is not an error', async () => {
    const result = await connect('eu');
    await service.revoke({ refreshToken: result.tokens.refreshToken, connection: result.connection });
    expect((await rejectionOf(service.refreshTokens({ refreshToken: result.tokens.refreshToken, connection: result.connection }))).code).toBe('crm_auth_revoked');
    await expect(service.revoke({ refreshToken: result.tokens.refreshToken, connection: result.connection })).resolves.toBeUndefined();
  });

  it('refuses a bad code with oauth_exchange_failed although Zoho answers HTTP 200', async () => {
    const callback = await consent('us');
    const error = await rejectionOf(service.completeAuthorization({ code: '1000.bad.code', redirectUri, callbackQuery: Object.fromEntries(callback.searchParams) }));
    expect(error.code).toBe('oauth_exchange_failed');
    expect(error.details).toMatchObject({ providerCode: 'invalid_code' });
  });

  it('refuses a callback naming a foreign accounts-server and sends it nothing — not even the client secret', async () => {
    attacker = await startScriptedServer([json(200, { access_token: 'stolen', refresh_token: 'stolen', api_domain: 'http://127.0.0.1:1' })]);
    const callback = await consent('eu');
    const forged = { ...Object.fromEntries(callback.searchParams), 'accounts-server': `${attacker.url}/dc/eu/accounts` };
    const error = await rejectionOf(service.completeAuthorization({ code: callback.searchParams.get('code') ?? '', redirectUri, callbackQuery: forged }));
    expect(error.code).toBe('oauth_exchange_failed');
    expect(error.details).toMatchObject({ reason: 'untrusted_host' });
    expect(attacker.requests).toHaveLength(0);
    // The real code was never spent, so the genuine callback still completes.
    const genuine = await service.completeAuthorization({ code: callback.searchParams.get('code') ?? '', redirectUri, callbackQuery: Object.fromEntries(callback.searchParams) });
    expect(genuine.connection.dataCentre).toBe('eu');
  });

  it('refuses to refresh at a stored accounts server that is not Zoho’s', async () => {
    attacker = await startScriptedServer([json(200, {})]);
    const result = await connect();
    const error = await rejectionOf(service.refreshTokens({ refreshToken: result.tokens.refreshToken, connection: { ...result.connection, accountsServer: attacker.url } }));
    expect(error.code).toBe('crm_auth_revoked');
    expect(attacker.requests).toHaveLength(0);
  });

  it('keeps within Zoho’s refresh budget per refresh token, refusing locally before Zoho blocks the token', async () => {
    const budgeted = new ZohoService(sandbox.app, { http: FAST_HTTP, refreshBudget: { max: 2, windowMs: 60_000 } });
    const result = await connect();
    const minted = sandbox.admin.counters().accessTokensMinted;
    await budgeted.refreshTokens({ refreshToken: result.tokens.refreshToken, connection: result.connection });
    await budgeted.refreshTokens({ refreshToken: result.tokens.refreshToken, connection: result.connection });
    const error = await rejectionOf(budgeted.refreshTokens({ refreshToken: result.tokens.refreshToken, connection: result.connection }));
    expect(error.code).toBe('provider_rate_limited');
    expect(sandbox.admin.counters().accessTokensMinted).toBe(minted + 2);
  });
});

import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderAppConfig } from '../../../../src/config';
import type { ConnectionInfo } from '../../../../src/crm/crm-service';
import { SalesforceService } from '../../../../src/crm/providers/salesforce/salesforce-service';
import { createTestSession, FAST_HTTP, json, rejectionOf, startScriptedServer, type ScriptedServer } from '../provider-test-support';

// What the sandbox does not script: exact answer sequences on one origin, seen request by request.
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ORG = '00D000000000001AAA';
const USER = '005000000000001AAA';
const limitInfo = { 'sforce-limit-info': 'api-usage=10/15000' };

function appAt(url: string): ProviderAppConfig {
  return { clientId: 'client', clientSecret: 'secret', authorizeUrl: url, apiBaseUrl: url, sandboxLoginUrl: url, isSandbox: true };
}

function connectionAt(url: string): ConnectionInfo {
  return { externalAccountId: ORG, accountName: 'ada@example.com', dataCentre: null, apiDomain: url, accountsServer: url };
}

function tokenBody(origin: string, overrides: Record<string, unknown> = {}, secret = 'secret') {
  const id = `${origin}/id/${ORG}/${USER}`;
  const issuedAt = String(Date.now());
  return {
    access_token: 'access-2',
    signature: createHmac('sha256', secret).update(id + issuedAt).digest('base64'),
    scope: 'api refresh_token id',
    instance_url: origin,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    ...overrides,
  };
}

/** A script whose answers need the server's own URL, known only once it listens. */
async function startServer(steps: (origin: () => string) => Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  let origin = '';
  server = await startScriptedServer(steps(() => origin));
  origin = server.url;
  return server;
}

describe('SalesforceService over HTTP', () => {
  it('refreshes once on 401 INVALID_SESSION_ID and retries the call once with the new token', async () => {
    const s = await startServer((origin) => [
      json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]),
      (res) => json(200, tokenBody(origin()))(res),
      json(201, { id: '003000000000009AAA', success: true, errors: [] }, limitInfo),
    ]);
    const service = new SalesforceService(appAt(s.url), { http: FAST_HTTP });
    const connection = connectionAt(s.url);
    const session = createTestSession(connection, 'access-1', () => service.refreshTokens({ refreshToken: 'refresh-1', connection }));

    const result = await service.logCall(session, { contactExternalId: '003000000000001AAA', startedAt: new Date(), durationSec: 5, title: 't', body: 'b', marker: 'b', status: 'completed' });

    expect(result).toEqual({ externalId: '003000000000009AAA' });
    expect(session.refreshCalls).toEqual(['access-1']);
    expect(s.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /services/data/v62.0/sobjects/Task',
      'POST /services/oauth2/token',
      'POST /services/data/v62.0/sobjects/Task',
    ]);
    expect(new URLSearchParams(s.requests[1]!.body).get('grant_type')).toBe('refresh_token');
  });

  it('answers a spent daily allowance (403 REQUEST_LIMIT_EXCEEDED) with provider_quota_exhausted, without retrying', async () => {
    const s = await startServer(() => [json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], { 'sforce-limit-info': 'api-usage=15001/15000' })]);
    const service = new SalesforceService(appAt(s.url), { http: FAST_HTTP });
    const session = createTestSession(connectionAt(s.url), 'access-1', async () => ({ accessToken: 'x' }));

    const error = await rejectionOf(service.fetchContactsPage(session, { kind: 'full', since: null, cursor: null }));

    expect(error.code).toBe('provider_quota_exhausted');
    expect(error.details).toMatchObject({ retryAfterSeconds: 900, status: 403 });
    expect(s.requests).toHaveLength(1);
  });

  it('stops a sync page at the reserve using the usage the last response reported, before asking for records', async () => {
    const s = await startServer(() => [json(200, { DailyApiRequests: { Max: 1000, Remaining: 150 } }, { 'sforce-limit-info': 'api-usage=850/1000' })]);
    const service = new SalesforceService(appAt(s.url), { http: FAST_HTTP, sync: { apiReservePercent: 20 } });
    const session = createTestSession(connectionAt(s.url), 'access-1', async () => ({ accessToken: 'x' }));

    const error = await rejectionOf(service.fetchContactsPage(session, { kind: 'full', since: null, cursor: null }));

    expect(error).toMatchObject({ code: 'provider_quota_exhausted', details: { used: 850, max: 1000, retryAfterSeconds: 900 } });
    expect(s.requests.map((request) => request.url)).toEqual(['/services/data/v62.0/limits']);
  });

  it('sends a create again after UNABLE_TO_LOCK_ROW, which wrote nothing', async () => {
    const s = await startServer(() => [
      json(400, [{ message: 'unable to obtain exclusive access to this record', errorCode: 'UNABLE_TO_LOCK_ROW', fields: [] }]),
      json(201, { id: '00T000000000001AAA', success: true, errors: [] }),
    ]);
    const service = new SalesforceService(appAt(s.url), { http: FAST_HTTP });
    const session = createTestSession(connectionAt(s.url), 'access-1', async () => ({ accessToken: 'x' }));

    const result = await service.logCall(session, { contactExternalId: '003000000000001AAA', startedAt: new Date(), durationSec: 5, title: 't', body: 'b', marker: 'b', status: 'completed' });

    expect(result.externalId).toBe('00T000000000001AAA');
    expect(s.requests).toHaveLength(2);
  });

  it('refuses a token response whose signature is not made with our secret, and reads no identity', async () => {
    const s = await startServer((origin) => [(res) => json(200, tokenBody(origin(), { refresh_token: 'refresh-1' }, 'someone-else'))(res)]);
    const service = new SalesforceService(appAt(s.url), { http: FAST_HTTP });

    const error = await rejectionOf(service.completeAuthorization({ code: 'code', redirectUri: 'http://localhost/cb', callbackQuery: {}, codeVerifier: 'v' }));

    expect(error).toMatchObject({ code: 'oauth_exchange_failed', details: { reason: 'bad_signature' } });
    expect(s.requests).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(s.requests[0]!.body))).toMatchObject({ grant_type: 'authorization_code', code: 'code', code_verifier: 'v', client_id: 'client' });
  });

  it('refuses an instance_url on another host and revokes the grant it will not use', async () => {
    const s = await startServer((origin) => [(res) => json(200, tokenBody(origin(), { refresh_token: 'refresh-1', instance_url: 'http://localhost:1' }))(res), json(200, {})]);
    const service = new SalesforceService(appAt(s.url), { http: FAST_HTTP });

    const error = await rejectionOf(service.completeAuthorization({ code: 'code', redirectUri: 'http://localhost/cb', callbackQuery: {} }));

    expect(error).toMatchObject({ code: 'oauth_exchange_failed', details: { reason: 'untrusted_host', host: 'localhost:1' } });
    expect(s.requests.map((request) => request.url)).toEqual(['/services/oauth2/token', '/services/oauth2/revoke']);
    expect(new URLSearchParams(s.requests[1]!.body).get('token')).toBe('refresh-1');
  });

  it('keeps the old refresh token when none comes back, and takes a rotated one', async () => {
    const s = await startServer((origin) => [(res) => json(200, tokenBody(origin()))(res), (res) => json(200, tokenBody(origin(), { refresh_token: 'refresh-2' }))(res)]);
    const service = new SalesforceService(appAt(s.url), { http: FAST_HTTP });
    const connection = connectionAt(s.url);

    const kept = await service.refreshTokens({ refreshToken: 'refresh-1', connection });
    const rotated = await service.refreshTokens({ refreshToken: 'refresh-1', connection });

    expect(kept.refreshToken).toBeUndefined();
    expect(kept.expiresAt.getTime()).toBeGreaterThan(Date.now() + 60 * 60 * 1000);
    expect(rotated.refreshToken).toBe('refresh-2');
  });

  it('reports a refused refresh token (invalid_grant) as crm_auth_revoked', async () => {
    const s = await startServer(() => [json(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' })]);
    const service = new SalesforceService(appAt(s.url), { http: FAST_HTTP });

    const error = await rejectionOf(service.refreshTokens({ refreshToken: 'refresh-1', connection: connectionAt(s.url) }));

    expect(error.code).toBe('crm_auth_revoked');
    expect(JSON.stringify(error.details)).not.toContain('refresh-1');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { HUBSPOT_DEFAULT_APP } from '../../src/hubspot';
import { call, startTestSandbox, type ErrorBody, type TestSandbox, type TokenBody } from './helpers';

let sandbox: TestSandbox;
afterEach(() => sandbox.close());

const CONTACTS = '/crm/v3/objects/contacts';

describe('Bearer authentication on the CRM API', () => {
  it('expires access tokens after 30 minutes with HubSpot\'s EXPIRED_AUTHENTICATION body, and a refresh brings access back', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Tiny', contactCount: 5 } });
    const minted = sandbox.admin.mintToken(sandbox.portalId);
    expect((await call(sandbox.url, CONTACTS, { token: minted.access_token })).status).toBe(200);

    sandbox.clock.advance(30 * 60_000 - 1000);
    expect((await call(sandbox.url, CONTACTS, { token: minted.access_token })).status).toBe(200);
    sandbox.clock.advance(1000);
    const expired = await call<ErrorBody>(sandbox.url, CONTACTS, { token: minted.access_token });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      status: 'error',
      message: 'The OAuth token used to make this call expired 0 second(s) ago.',
      correlationId: expect.any(String),
      category: 'EXPIRED_AUTHENTICATION',
      context: { 'expire time': [new Date(sandbox.clock.now()).toISOString()] },
    });
    sandbox.clock.advance(5 * 3600_000);
    const older = await call<ErrorBody>(sandbox.url, CONTACTS, { token: minted.access_token });
    expect(older.body.message).toBe('The OAuth token used to make this call expired 5 hour(s) ago.');

    const refreshed = await call<TokenBody>(sandbox.url, '/oauth/v1/token', {
      form: {
        grant_type: 'refresh_token',
        client_id: HUBSPOT_DEFAULT_APP.clientId!,
        client_secret: HUBSPOT_DEFAULT_APP.clientSecret!,
        refresh_token: minted.refresh_token,
      },
    });
    expect(refreshed.status).toBe(200);
    expect((await call(sandbox.url, CONTACTS, { token: refreshed.body.access_token })).status).toBe(200);
  });

  it('honours a configured token lifetime', async () => {
    sandbox = await startTestSandbox({ accessTokenTtlSeconds: 60, defaultPortal: { name: 'Tiny', contactCount: 5 } });
    expect(sandbox.admin.mintToken(sandbox.portalId).expires_in).toBe(60);
    sandbox.clock.advance(60_000);
    expect((await call(sandbox.url, CONTACTS, { token: sandbox.token })).status).toBe(401);
  });

  it('answers a missing or unknown token with INVALID_AUTHENTICATION', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Tiny', contactCount: 5 } });
    for (const token of [undefined, 'not-a-token']) {
      const refused = await call<ErrorBody>(sandbox.url, CONTACTS, { token });
      expect(refused.status).toBe(401);
      expect(refused.body.category).toBe('INVALID_AUTHENTICATION');
      expect(refused.body.message).toMatch(/^Authentication credentials not found/);
      expect(refused.headers.get('x-hubspot-correlation-id')).toBe(refused.body.correlationId);
    }
  });

  it('answers a call outside the granted scopes with 403 MISSING_SCOPES', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Tiny', contactCount: 5 } });
    const readOnly = sandbox.admin.mintToken(sandbox.portalId, { scopes: ['oauth', 'crm.objects.contacts.read'] }).access_token;
    expect((await call(sandbox.url, CONTACTS, { token: readOnly })).status).toBe(200);
    const refused = await call<ErrorBody>(sandbox.url, CONTACTS, { token: readOnly, json: { properties: { email: 'new@example.com' } } });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      status: 'error',
      message: "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
      correlationId: expect.any(String),
      category: 'MISSING_SCOPES',
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredScopes: ['crm.objects.contacts.write'] } }],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    });
  });

  it('lets the admin expire and revoke tokens', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Tiny', contactCount: 5 } });
    const other = sandbox.admin.mintToken(sandbox.portalId);
    expect(sandbox.admin.expireTokens({ accessToken: sandbox.token })).toEqual({ expired: 1 });
    expect((await call<ErrorBody>(sandbox.url, CONTACTS, { token: sandbox.token })).body.category).toBe('EXPIRED_AUTHENTICATION');
    expect((await call(sandbox.url, CONTACTS, { token: other.access_token })).status).toBe(200);

    const revoked = await call<{ revoked: number }>(sandbox.url, '/__sandbox/tokens/revoke', { json: { refreshToken: other.refresh_token } });
    expect(revoked.body.revoked).toBe(2);
    expect((await call<ErrorBody>(sandbox.url, CONTACTS, { token: other.access_token })).body.category).toBe('INVALID_AUTHENTICATION');
  });
});

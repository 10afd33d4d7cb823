import { describe, expect, it } from 'vitest';
import type { ProviderAppConfig } from '../../config';
import { HubSpotService } from './hubspot/hubspot-service';
import { SalesforceService } from './salesforce/salesforce-service';
import { ZohoService } from './zoho/zoho-service';

const hubspotApp: ProviderAppConfig = { clientId: 'hs-id', clientSecret: 'hs-secret', authorizeUrl: 'https://app.hubspot.com/oauth/authorize', apiBaseUrl: 'https://api.hubapi.com', isSandbox: false };
const zohoApp: ProviderAppConfig = { clientId: '1000.ZID', clientSecret: 'z-secret', authorizeUrl: 'https://accounts.zoho.com', apiBaseUrl: 'https://accounts.zoho.com', isSandbox: false };
const salesforceApp: ProviderAppConfig = {
  clientId: 'sf-id',
  clientSecret: 'sf-secret',
  authorizeUrl: 'https://login.salesforce.com',
  apiBaseUrl: 'https://login.salesforce.com',
  sandboxLoginUrl: 'https://test.salesforce.com',
  isSandbox: false,
};
const input = { state: 'st/ate+1', redirectUri: 'https://api.example.com/api/v1/crm/x/callback' };

describe('buildAuthorizationUrl', () => {
  it('HubSpot: consent page with client id, redirect, the contact scopes and the state', () => {
    const url = new URL(new HubSpotService(hubspotApp).buildAuthorizationUrl(input));
    expect(`${url.origin}${url.pathname}`).toBe('https://app.hubspot.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'hs-id',
      redirect_uri: input.redirectUri,
      scope: 'oauth crm.objects.contacts.read crm.objects.contacts.write crm.schemas.contacts.read crm.lists.read',
      state: input.state,
    });
  });

  it('Zoho: offline access with a fresh consent, contacts, calls and the org', () => {
    const url = new URL(new ZohoService(zohoApp).buildAuthorizationUrl(input));
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.zoho.com/oauth/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      scope: 'ZohoCRM.modules.contacts.ALL,ZohoCRM.modules.calls.ALL,ZohoCRM.org.READ,ZohoCRM.settings.fields.READ,ZohoCRM.settings.custom_views.READ,ZohoCRM.notifications.ALL',
      client_id: '1000.ZID',
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      redirect_uri: input.redirectUri,
      state: input.state,
    });
  });

  it('Salesforce: the web server flow at the chosen login host, with PKCE S256', () => {
    const service = new SalesforceService(salesforceApp);
    const url = new URL(service.buildAuthorizationUrl({ ...input, codeChallenge: 'challenge' }));
    expect(`${url.origin}${url.pathname}`).toBe('https://login.salesforce.com/services/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'sf-id',
      redirect_uri: input.redirectUri,
      state: input.state,
      scope: 'api refresh_token id',
      code_challenge: 'challenge',
      code_challenge_method: 'S256',
    });
    expect(new URL(service.buildAuthorizationUrl({ ...input, loginHost: 'sandbox' })).origin).toBe('https://test.salesforce.com');
    expect(new URL(service.buildAuthorizationUrl({ ...input, loginHost: 'acme.my.salesforce.com' })).origin).toBe('https://acme.my.salesforce.com');
    expect(() => service.buildAuthorizationUrl({ ...input, loginHost: 'evil.example.com' })).toThrow(expect.objectContaining({ code: 'oauth_exchange_failed' }));
  });

  it('never puts the client secret in the URL', () => {
    expect(new SalesforceService(salesforceApp).buildAuthorizationUrl(input)).not.toContain('sf-secret');
    expect(new HubSpotService(hubspotApp).buildAuthorizationUrl(input)).not.toContain('hs-secret');
    expect(new ZohoService(zohoApp).buildAuthorizationUrl(input)).not.toContain('z-secret');
  });
});

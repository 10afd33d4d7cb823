import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent, callbackUrlOf, startHubSpotTestSandbox, startZohoTestSandbox, type TestHubSpotSandbox, type TestZohoSandbox } from '../../support/sandbox-consent';

// The consent helper is what every OAuth test stands on: check it against both sandboxes' real pages.
let hubspot: TestHubSpotSandbox;
let zoho: TestZohoSandbox;

beforeAll(async () => {
  [hubspot, zoho] = await Promise.all([startHubSpotTestSandbox(), startZohoTestSandbox()]);
});
afterAll(async () => {
  await Promise.all([hubspot?.close(), zoho?.close()]);
});

function hubspotAuthorizeUrl(state: string): string {
  const url = new URL(hubspot.app.authorizeUrl);
  url.search = new URLSearchParams({ client_id: hubspot.app.clientId, redirect_uri: callbackUrlOf('hubspot'), scope: 'oauth crm.objects.contacts.read', state }).toString();
  return url.toString();
}

function zohoAuthorizeUrl(state: string): string {
  const url = new URL(`${zoho.app.authorizeUrl}/oauth/v2/auth`);
  url.search = new URLSearchParams({
    client_id: zoho.app.clientId,
    redirect_uri: callbackUrlOf('zoho'),
    scope: 'ZohoCRM.modules.contacts.ALL,ZohoCRM.org.READ',
    response_type: 'code',
    access_type: 'offline',
    prompt: 'consent',
    state,
  }).toString();
  return url.toString();
}

describe('approveConsent', () => {
  it('grants on the HubSpot page and returns the callback with a code and the state', async () => {
    const callback = await approveConsent(hubspotAuthorizeUrl('s-1'));
    expect(`${callback.origin}${callback.pathname}`).toBe(callbackUrlOf('hubspot'));
    expect(callback.searchParams.get('state')).toBe('s-1');
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('denies on the HubSpot page', async () => {
    const callback = await approveConsent(hubspotAuthorizeUrl('s-2'), { deny: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('signs in to the Zoho account of the chosen data centre', async () => {
    const eu = await approveConsent(zohoAuthorizeUrl('z-1'), { zohoDataCentre: 'eu' });
    expect(eu.searchParams.get('location')).toBe('eu');
    expect(eu.searchParams.get('accounts-server')).toBe(`${zoho.url}/dc/eu/accounts`);
    expect(eu.searchParams.get('state')).toBe('z-1');
    const us = await approveConsent(zohoAuthorizeUrl('z-2'), { zohoDataCentre: 'us' });
    expect(us.searchParams.get('location')).toBe('us');
  });

  it('rejects on the Zoho page', async () => {
    const callback = await approveConsent(zohoAuthorizeUrl('z-3'), { deny: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('z-3');
  });

  it('fails loudly when the page refuses the request', async () => {
    await expect(approveConsent(`${hubspot.url}/oauth/authorize?client_id=nobody&redirect_uri=x&scope=oauth`)).rejects.toThrow(/client_id/);
  });
});

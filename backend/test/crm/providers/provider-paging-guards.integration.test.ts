import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderAppConfig } from '../../../src/config';
import type { ConnectionInfo } from '../../../src/crm/crm-service';
import { HubSpotService } from '../../../src/crm/providers/hubspot/hubspot-service';
import { ZohoService } from '../../../src/crm/providers/zoho/zoho-service';
import { createTestSession, FAST_HTTP, json, rejectionOf, startScriptedServer, type ScriptedServer } from './provider-test-support';

// What neither sandbox does on purpose: a provider handing back the cursor it was given
// (Nango #1598), or batch results in another order than the inputs.
let server: ScriptedServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

function appAt(url: string): ProviderAppConfig {
  return { clientId: 'client', clientSecret: 'secret', authorizeUrl: url, apiBaseUrl: url, isSandbox: true };
}

function sessionAt(url: string, dataCentre: string | null) {
  const connection: ConnectionInfo = { externalAccountId: '1', accountName: 'Scripted', dataCentre, apiDomain: url, accountsServer: dataCentre ? url : null };
  return createTestSession(connection, 'token', async () => ({ accessToken: 'token' }));
}

describe('a provider that repeats its page cursor', () => {
  it('fails the HubSpot list page instead of asking for the same page forever', async () => {
    server = await startScriptedServer([json(200, { results: [{ id: '7', properties: {} }], paging: { next: { after: '7' } } })]);
    const service = new HubSpotService(appAt(server.url), { http: FAST_HTTP });
    const cursor = { v: 1, platform: 'hubspot', kind: 'full', after: '7', estimatedTotal: null };
    const error = await rejectionOf(service.fetchContactsPage(sessionAt(server.url, null), { kind: 'full', since: null, cursor }));
    expect(error).toMatchObject({ code: 'provider_unavailable', message: expect.stringContaining('same page cursor') });
    expect(server.requests).toHaveLength(1);
  });

  it('fails the HubSpot search page when the offset does not move', async () => {
    server = await startScriptedServer([json(200, { total: 5000, results: [{ id: '9', properties: { hs_lastmodifieddate: '2026-01-01T00:00:00Z' } }], paging: { next: { after: '200' } } })]);
    const service = new HubSpotService(appAt(server.url), { http: FAST_HTTP });
    const cursor = { v: 1, platform: 'hubspot', kind: 'incremental', since: 0, estimatedTotal: 5000, phase: 'changes', window: { mode: 'range', from: 0, inclusive: true, first: 0, offset: 200 } };
    const error = await rejectionOf(service.fetchContactsPage(sessionAt(server.url, null), { kind: 'incremental', since: new Date(0), cursor }));
    expect(error).toMatchObject({ code: 'provider_unavailable' });
  });

  it('fails the Zoho page when next_page_token is the token just used', async () => {
    const record = { id: '1', Last_Name: 'A', Modified_Time: '2026-01-01T00:00:00+00:00' };
    server = await startScriptedServer([json(200, { data: [record], info: { more_records: true, next_page_token: 'same-token' } })]);
    const service = new ZohoService(appAt(server.url), { http: FAST_HTTP });
    const cursor = {
      v: 1,
      platform: 'zoho',
      kind: 'full',
      runSince: null,
      estimatedTotal: null,
      phase: 'records',
      chain: { since: null, pageToken: 'same-token', served: 200 },
      lastModified: '2025-12-31T00:00:00+00:00',
    };
    const error = await rejectionOf(service.fetchContactsPage(sessionAt(server.url, 'us'), { kind: 'full', since: null, cursor }));
    expect(error).toMatchObject({ code: 'provider_unavailable' });
  });
});

describe('HubSpot batch results out of input order', () => {
  it('matches results to inputs by email, the rest in the order HubSpot returned them', async () => {
    const created = (id: string, lastname: string, email: string | null) => ({ id, properties: { lastname, email } });
    server = await startScriptedServer([
      json(201, { status: 'COMPLETE', results: [created('3', 'C', 'c@example.com'), created('2', 'B', null), created('1', 'A', 'a@example.com')] }),
    ]);
    const service = new HubSpotService(appAt(server.url), { http: FAST_HTTP });
    const results = await service.createContacts(sessionAt(server.url, null), [
      { lastName: 'A', email: 'A@example.com' },
      { lastName: 'B', phone: '+1 212 555 0100' },
      { lastName: 'C', email: 'c@example.com' },
    ]);
    expect(results.map((result) => (result.ok ? `${result.contact.externalId}:${result.contact.lastName}` : result.error.code))).toEqual(['1:A', '2:B', '3:C']);
  });
});

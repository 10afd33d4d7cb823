import { SALESFORCE_DEFAULT_APP, startSalesforceSandbox } from '@voiceagent/crm-sandbox';
import { describe, expect, it } from 'vitest';
import type { CrmContactRecord } from '../../../src/crm/crm-service';
import { createPkcePair } from '../../../src/crm/oauth/pkce';
import { SalesforceService } from '../../../src/crm/providers/salesforce/salesforce-service';
import { approveConsent } from '../../support/sandbox-consent';
import { startHubSpotHarness } from './hubspot-test-support';
import { createTestSession, FAST_HTTP } from './provider-test-support';
import { runSync } from './sync-run';
import { startZohoHarness } from './zoho-test-support';

/**
 * CRMService.fetchContactsByIds, what real-time sync reads pushed changes with: each CRM's records
 * by id are exactly what a full sync makes of them, ids the CRM does not have are absent, and any
 * number of ids goes in batches of the CRM's size.
 */
function byId(records: CrmContactRecord[]): Map<string, CrmContactRecord> {
  return new Map(records.map((record) => [record.externalId, record]));
}

describe('CRMService.fetchContactsByIds', () => {
  it('HubSpot: batch reads of 100 ids, as the full sync maps them, without the archived and unknown ones', async () => {
    const harness = await startHubSpotHarness({ contactCount: 220 });
    try {
      const service = harness.createService();
      const synced = byId((await runSync((request) => service.fetchContactsPage(harness.session, request), { kind: 'full', since: null })).contacts);
      harness.sandbox.admin.deleteContacts(harness.sandbox.portalId, { ids: ['7'] });
      const ids = [...Array.from({ length: 150 }, (_, index) => String(index + 1)), '99999999'];
      const before = harness.sandbox.admin.counters().requests['POST /crm/v3/objects/contacts/batch/read'] ?? 0;

      const records = await service.fetchContactsByIds(harness.session, 'contact', ids);

      expect(harness.sandbox.admin.counters().requests['POST /crm/v3/objects/contacts/batch/read']).toBe(before + 2);
      expect(records.map((record) => record.externalId).sort()).toEqual(ids.filter((id) => id !== '7' && id !== '99999999').sort());
      for (const record of records) expect(record).toEqual(synced.get(record.externalId));
    } finally {
      await harness.sandbox.close();
    }
  });

  it('Zoho: Get Records by ids (100 a request), as the full sync maps them, without the deleted and unknown ones', async () => {
    const harness = await startZohoHarness({ contactCount: 130 });
    try {
      const service = harness.createService();
      const synced = byId((await runSync((request) => service.fetchContactsPage(harness.session, request), { kind: 'full', since: null })).contacts);
      const ids = harness.seededIds(120);
      harness.sandbox.admin.deleteContacts(harness.orgId, { ids: [ids[3]!] });
      const unknown = `${ids[0]!.slice(0, 8)}99999999999`;

      const records = await service.fetchContactsByIds(harness.session, 'contact', [...ids, unknown]);

      expect(records.map((record) => record.externalId).sort()).toEqual(ids.filter((id) => id !== ids[3]).sort());
      for (const record of records) expect(record).toEqual(synced.get(record.externalId));
    } finally {
      await harness.sandbox.close();
    }
  });

  it('Salesforce: SOQL Id IN (…) of contacts and of leads, as the full sync maps them', async () => {
    const redirect = 'http://localhost:4000/api/v1/crm/salesforce/callback';
    const sandbox = await startSalesforceSandbox({
      apps: [{ ...SALESFORCE_DEFAULT_APP, redirectUris: [redirect] }],
      orgs: [{ name: 'Acme Corp', isSandbox: false, contactCount: 60, leadCount: 20, seed: 3 }],
    });
    try {
      const app = { clientId: SALESFORCE_DEFAULT_APP.clientId, clientSecret: SALESFORCE_DEFAULT_APP.clientSecret, authorizeUrl: sandbox.loginUrl, apiBaseUrl: sandbox.loginUrl, sandboxLoginUrl: sandbox.testLoginUrl, isSandbox: true };
      const service = new SalesforceService(app, { http: FAST_HTTP });
      const pkce = createPkcePair();
      const callback = await approveConsent(service.buildAuthorizationUrl({ state: 's', redirectUri: redirect, codeChallenge: pkce.challenge, loginHost: 'production' }));
      const code = callback.searchParams.get('code')!;
      const connected = await service.completeAuthorization({ code, redirectUri: redirect, callbackQuery: {}, codeVerifier: pkce.verifier, loginHost: 'production' });
      const session = createTestSession(connected.connection, connected.tokens.accessToken, async () => ({ accessToken: connected.tokens.accessToken }));
      const synced = (await runSync((request) => service.fetchContactsPage(session, request), { kind: 'full', since: null })).contacts;
      const contacts = synced.filter((record) => record.objectType !== 'lead').slice(0, 25);
      const leads = synced.filter((record) => record.objectType === 'lead').slice(0, 5);

      const readContacts = await service.fetchContactsByIds(session, 'contact', [...contacts.map((record) => record.externalId), '003000000000000AAA', 'not an id']);
      const readLeads = await service.fetchContactsByIds(session, 'lead', leads.map((record) => record.externalId));

      expect(byId(readContacts)).toEqual(byId(contacts));
      expect(byId(readLeads)).toEqual(byId(leads));
    } finally {
      await sandbox.close();
    }
  });
});

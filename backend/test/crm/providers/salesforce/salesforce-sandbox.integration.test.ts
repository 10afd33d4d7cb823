import { SALESFORCE_DEFAULT_APP, startSalesforceSandbox, type RunningSalesforceSandbox } from '@voiceagent/crm-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderAppConfig } from '../../../../src/config';
import { createPkcePair } from '../../../../src/crm/oauth/pkce';
import { SalesforceService } from '../../../../src/crm/providers/salesforce/salesforce-service';
import { approveConsent } from '../../../support/sandbox-consent';
import { createTestSession, FAST_HTTP, rejectionOf } from '../provider-test-support';
import { findRepeats, runSync } from '../sync-run';

const REDIRECT = 'http://localhost:4000/api/v1/crm/salesforce/callback';
let sandbox: RunningSalesforceSandbox;
let app: ProviderAppConfig;

beforeAll(async () => {
  sandbox = await startSalesforceSandbox({
    apps: [{ ...SALESFORCE_DEFAULT_APP, redirectUris: [REDIRECT] }],
    orgs: [
      { name: 'Acme Corp', isSandbox: false, contactCount: 2300, leadCount: 150, seed: 1 },
      { name: 'Acme Corp (UAT)', isSandbox: true, contactCount: 5, leadCount: 3, seed: 2 },
    ],
    bulk: { inProgressAfterMs: 10, completeAfterMs: 30 },
  });
  app = { clientId: SALESFORCE_DEFAULT_APP.clientId, clientSecret: SALESFORCE_DEFAULT_APP.clientSecret, authorizeUrl: sandbox.loginUrl, apiBaseUrl: sandbox.loginUrl, sandboxLoginUrl: sandbox.testLoginUrl, isSandbox: true };
});
afterAll(async () => {
  await sandbox?.close();
});

/** Connects through the consent page as a person would, at the given login host, with PKCE. */
async function connect(service: SalesforceService, loginHost: 'production' | 'sandbox') {
  const pkce = createPkcePair();
  const url = service.buildAuthorizationUrl({ state: 'state-1', redirectUri: REDIRECT, codeChallenge: pkce.challenge, loginHost });
  const callback = await approveConsent(url);
  expect(callback.searchParams.get('state')).toBe('state-1');
  return service.completeAuthorization({ code: callback.searchParams.get('code')!, redirectUri: REDIRECT, callbackQuery: {}, codeVerifier: pkce.verifier, loginHost });
}

describe('SalesforceService against the sandbox', () => {
  it('connects a production org at the login host and a sandbox org at the test login host, through PKCE', async () => {
    const service = new SalesforceService(app, { http: FAST_HTTP });
    const production = await connect(service, 'production');
    const uat = await connect(service, 'sandbox');

    const [prodOrg, uatOrg] = sandbox.orgs;
    expect(production.connection).toEqual({ externalAccountId: prodOrg!.id, accountName: prodOrg!.users[0]!.username, dataCentre: null, apiDomain: prodOrg!.instanceUrl, accountsServer: sandbox.loginUrl });
    expect(uat.connection).toMatchObject({ externalAccountId: uatOrg!.id, apiDomain: uatOrg!.instanceUrl, accountsServer: sandbox.testLoginUrl });
    expect(production.tokens.refreshToken).toBeTruthy();
    // The refresh grant goes back to the login host the org signed in at.
    const refreshed = await service.refreshTokens({ refreshToken: uat.tokens.refreshToken, connection: uat.connection });
    expect(refreshed.accessToken).not.toBe(uat.tokens.accessToken);
  });

  it('reads every Contact and unconverted Lead once in a full sync, by REST and by Bulk API 2.0 alike', async () => {
    const connected = await connect(new SalesforceService(app, { http: FAST_HTTP }), 'production');
    const session = createTestSession(connected.connection, connected.tokens.accessToken, async () => ({ accessToken: connected.tokens.accessToken }));
    const rest = new SalesforceService(app, { http: FAST_HTTP });
    const bulk = new SalesforceService(app, { http: FAST_HTTP, sync: { bulkThreshold: 0, bulkMaxRecords: 1000 } });

    const viaRest = await runSync((request) => rest.fetchContactsPage(session, request), { kind: 'full', since: null });
    const viaBulk = await runSync((request) => bulk.fetchContactsPage(session, request), { kind: 'full', since: null });

    // The sandbox's own counts: some seeded leads are converted, some contacts are in the recycle bin.
    const count = (soql: string) =>
      fetch(`${connected.connection.apiDomain}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers: { authorization: `Bearer ${connected.tokens.accessToken}` } }).then(
        async (response) => ((await response.json()) as { totalSize: number }).totalSize,
      );
    const liveContacts = await count('SELECT COUNT() FROM Contact');
    const liveLeads = await count('SELECT COUNT() FROM Lead WHERE IsConverted = false');
    expect(liveContacts).toBeGreaterThan(2000);
    expect(liveLeads).toBeGreaterThan(0);
    expect(viaRest.contacts).toHaveLength(liveContacts + liveLeads);
    expect(findRepeats(viaRest.contacts.map((contact) => contact.externalId)).size).toBe(0);
    expect(viaRest.estimatedTotals[0]).toBe(liveContacts + liveLeads);
    expect(viaRest.contacts.filter((contact) => contact.objectType === 'lead')).toHaveLength(liveLeads);
    // REST batches of 2,000 followed by nextRecordsUrl; Bulk pages of 1,000 by locator.
    expect(viaBulk.pages).toBeGreaterThanOrEqual(4);
    const byId = new Map(viaRest.contacts.map((contact) => [contact.externalId, contact]));
    expect(viaBulk.contacts).toHaveLength(liveContacts + liveLeads);
    for (const contact of viaBulk.contacts) expect(contact).toEqual(byId.get(contact.externalId));
  });

  it('stops a sync at the API reserve with provider_quota_exhausted', async () => {
    const connected = await connect(new SalesforceService(app, { http: FAST_HTTP }), 'sandbox');
    const orgId = connected.connection.externalAccountId;
    sandbox.admin.setApiLimit(orgId, { max: 1000, used: 900 });
    const session = createTestSession(connected.connection, connected.tokens.accessToken, async () => ({ accessToken: connected.tokens.accessToken }));

    const error = await rejectionOf(new SalesforceService(app, { http: FAST_HTTP, sync: { apiReservePercent: 20 } }).fetchContactsPage(session, { kind: 'full', since: null, cursor: null }));

    expect(error).toMatchObject({ code: 'provider_quota_exhausted', details: { retryAfterSeconds: 900, max: 1000 } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotHarness, type HubSpotHarness } from './hubspot-test-support';
import { createTestSession, rejectionOf } from './provider-test-support';
import { startZohoHarness, type ZohoHarness } from './zoho-test-support';

/**
 * Connections made before lists were asked for lack their scope: reading lists tells the user to
 * reconnect (provider_rejected, a 422) rather than failing as a revoked grant or a 500.
 */
let hubspot: HubSpotHarness;
let zoho: ZohoHarness;

beforeAll(async () => {
  hubspot = await startHubSpotHarness({ contactCount: 5 });
  zoho = await startZohoHarness({ contactCount: 5 });
});

afterAll(async () => {
  await hubspot?.sandbox.close();
  await zoho?.sandbox.close();
});

describe('CRMService.listCrmLists without the lists scope', () => {
  it('HubSpot: names crm.lists.read and says to reconnect', async () => {
    const token = hubspot.sandbox.admin.mintToken(hubspot.sandbox.portalId, { scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.read'] }).access_token;
    const session = createTestSession(hubspot.session.connection, token, async () => ({ accessToken: token }));
    const service = hubspot.createService();

    for (const attempt of [service.listCrmLists(session), service.fetchListMembers(session, '1', null)]) {
      const error = await rejectionOf(attempt);
      expect(error.code).toBe('provider_rejected');
      expect(error.message).toMatch(/crm\.lists\.read.*Reconnect HubSpot/);
      expect(error.details).toMatchObject({ status: 403, reason: 'missing_scope', requiredScope: 'crm.lists.read' });
    }
  });

  it('Zoho: names ZohoCRM.settings.custom_views.READ and says to reconnect', async () => {
    const minted = zoho.sandbox.admin.mintToken(zoho.orgId, { scopes: ['ZohoCRM.modules.contacts.ALL', 'ZohoCRM.org.READ', 'ZohoCRM.settings.fields.READ'] });
    const session = createTestSession(zoho.session.connection, minted.access_token, async () => ({ accessToken: minted.access_token }));
    const error = await rejectionOf(zoho.createService().listCrmLists(session));
    expect(error.code).toBe('provider_rejected');
    expect(error.message).toMatch(/ZohoCRM\.settings\.custom_views\.READ.*Reconnect Zoho CRM/);
    expect(error.details).toMatchObject({ providerCode: 'OAUTH_SCOPE_MISMATCH', reason: 'missing_scope', reconnect: true });
  });

  it('HubSpot: a list deleted since is not_found, and a list of a connection with the scope pages its members', async () => {
    const service = hubspot.createService();
    const ids = (await service.fetchContactsPage(hubspot.session, { kind: 'full', since: null, deletionsSince: null, cursor: null, fields: { contact: [], lead: [] }, fieldsOnly: false })).contacts.map((contact) => contact.externalId);
    const list = hubspot.sandbox.admin.createList(hubspot.sandbox.portalId, { name: 'Three', memberIds: ids.slice(0, 3) });
    expect((await service.fetchListMembers(hubspot.session, list.listId, null)).externalIds.sort()).toEqual(ids.slice(0, 3).sort());
    hubspot.sandbox.admin.deleteList(hubspot.sandbox.portalId, list.listId);
    expect((await rejectionOf(service.fetchListMembers(hubspot.session, list.listId, null))).code).toBe('not_found');
  });
});

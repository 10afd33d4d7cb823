import { describe, expect, it } from 'vitest';
import type { TContact, TCreateContactsResponse } from '@voiceagent/shared';
import { signUpConnectedUser } from '../../support/run-mode-sandboxes';
import type { TestUser } from '../../support/test-users';
import { BATCH_PATH, CREATE_PATH, useContactWritesTestbed } from './contact-writes-testbed';

/**
 * What only Salesforce has, against the product's own Salesforce sandbox over HTTP: leads beside
 * contacts, its duplicate rule, sObject Collections with a verdict per record, a record lock on
 * one of them, and an access token that dies mid-write. What the org holds is read through its
 * own REST API with a token its admin API mints.
 */
const testbed = useContactWritesTestbed();
const { addFault, localContactCount } = testbed;
const post = (user: TestUser, path: string, body: unknown) => testbed.post<TContact & TCreateContactsResponse>(user, path, body);
const requests = (endpoint: string) => testbed.requestsTo('salesforce', endpoint);
const LEAD_CREATE = 'POST /services/data/vXX.X/sobjects/Lead';
const TOKEN_GRANT = 'POST /services/oauth2/token';

const unique = () => crypto.randomUUID().slice(0, 8);
const emailOf = (name: string) => `${name.toLowerCase()}.${unique()}@example.com`;

/** SOQL through the org's REST API, as the org's admin sees it. */
async function queryAtSalesforce(user: TestUser, soql: string): Promise<Array<Record<string, unknown>>> {
  const get = await testbed.sandboxReader(user, 'salesforce');
  const body = await get(`/services/data/v62.0/query?q=${encodeURIComponent(soql)}`);
  expect(body, soql).not.toBeNull();
  return body!.records as Array<Record<string, unknown>>;
}

async function orgIdOf(user: TestUser): Promise<string> {
  const { rows } = await testbed.product().pool.query<{ id: string }>(`select external_account_id as id from user_crm_credentials where user_id = $1 and platform = 'salesforce'`, [user.id]);
  return rows[0]!.id;
}

describe('POST /api/v1/crm/salesforce/contacts', () => {
  it('creates a Lead when asked for objectType lead, with its company and the org\'s default status', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');
    const email = emailOf('lin');
    const leadsBefore = await requests(LEAD_CREATE);

    const res = await post(user, '/crm/salesforce/contacts', { objectType: 'lead', firstName: 'Lin', lastName: 'Park', email, phone: '+1 415 555 0199', company: 'Parkside Labs', jobTitle: 'CTO' });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ platform: 'salesforce', objectType: 'lead', firstName: 'Lin', lastName: 'Park', email, phoneE164: '+14155550199', company: 'Parkside Labs', leadStatus: 'Open - Not Contacted' });
    expect(res.body.externalId).toMatch(/^00Q/);
    expect(await requests(LEAD_CREATE)).toBe(leadsBefore + 1);
    const [lead] = await queryAtSalesforce(user, `SELECT FirstName, LastName, Email, Phone, Company, Title, Status, IsConverted FROM Lead WHERE Id = '${res.body.externalId}'`);
    expect(lead).toMatchObject({ FirstName: 'Lin', LastName: 'Park', Email: email, Phone: '+1 415 555 0199', Company: 'Parkside Labs', Title: 'CTO', Status: 'Open - Not Contacted', IsConverted: false });
    expect(await testbed.listContacts(user)).toEqual([res.body]);
  });

  it('creates a lead nobody gave a company with Salesforce\'s placeholder there, and no company here', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');

    const res = await post(user, '/crm/salesforce/contacts', { objectType: 'lead', lastName: 'Solo', email: emailOf('solo') });

    expect(res).toMatchObject({ status: 201, body: { objectType: 'lead', company: null } });
    const [lead] = await queryAtSalesforce(user, `SELECT Company FROM Lead WHERE Id = '${res.body.externalId}'`);
    expect(lead).toMatchObject({ Company: '[not provided]' });
  });

  it('creates a contact when objectType is contact or absent', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');

    const explicit = await post(user, '/crm/salesforce/contacts', { objectType: 'contact', lastName: 'Explicit', email: emailOf('explicit') });
    const implicit = await post(user, '/crm/salesforce/contacts', { lastName: 'Implicit', email: emailOf('implicit') });

    for (const res of [explicit, implicit]) {
      expect(res).toMatchObject({ status: 201, body: { objectType: 'contact', leadStatus: null } });
      expect(res.body.externalId).toMatch(/^003/);
    }
  });

  it('answers a lead whose email a lead already has with 409 crm_duplicate naming both ids', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');
    const email = emailOf('twice');
    const first = await post(user, '/crm/salesforce/contacts', { objectType: 'lead', lastName: 'Twice', email });
    expect(first.status).toBe(201);

    const again = await post(user, '/crm/salesforce/contacts', { objectType: 'lead', lastName: 'Twice Again', email: email.toUpperCase() });

    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'crm_duplicate', details: { platform: 'salesforce', existingId: first.body.externalId, contactId: first.body.id } });
    expect(await queryAtSalesforce(user, `SELECT Id FROM Lead WHERE Email = '${email}'`)).toHaveLength(1);
  });

  it('answers a duplicate of a seeded contact not synced yet with its Salesforce id alone', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');
    const [seeded] = await queryAtSalesforce(user, 'SELECT Id, Email FROM Contact WHERE Email != null ORDER BY Id LIMIT 1');

    const res = await post(user, '/crm/salesforce/contacts', { lastName: 'Seeded', email: seeded!.Email });

    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'crm_duplicate', details: { platform: 'salesforce', existingId: seeded!.Id } });
    expect(res.body.error!.details).not.toHaveProperty('contactId');
  });

  it('retries a create Salesforce answered 503 SERVER_UNAVAILABLE (nothing was done) and creates it once', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');
    await addFault('salesforce', { kind: 'status', status: 503, count: 2 });
    const email = emailOf('unavailable');
    const before = await requests(CREATE_PATH.salesforce);

    const res = await post(user, '/crm/salesforce/contacts', { lastName: 'Unavailable', email });

    expect(res.status).toBe(201);
    expect(await requests(CREATE_PATH.salesforce)).toBe(before + 3);
    expect(await queryAtSalesforce(user, `SELECT Id FROM Contact WHERE Email = '${email}'`)).toEqual([expect.objectContaining({ Id: res.body.externalId })]);
  });

  it('retries a create refused with UNABLE_TO_LOCK_ROW and creates it once', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');
    const email = emailOf('locked');
    await addFault('salesforce', { kind: 'record-error', recordContains: email, count: 1 });
    const before = await requests(CREATE_PATH.salesforce);

    const res = await post(user, '/crm/salesforce/contacts', { lastName: 'Locked', email });

    expect(res.status).toBe(201);
    expect(await requests(CREATE_PATH.salesforce)).toBe(before + 2);
    expect(await queryAtSalesforce(user, `SELECT Id FROM Contact WHERE Email = '${email}'`)).toHaveLength(1);
  });

  it('refreshes an access token that died mid-session once, and the create completes', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');
    expect((await post(user, '/crm/salesforce/contacts', { lastName: 'Warm', email: emailOf('warm') })).status).toBe(201);
    // The org's admin ends every session: the token our server holds is now INVALID_SESSION_ID.
    const expired = await testbed.admin('salesforce', `/orgs/${await orgIdOf(user)}/tokens/expire`);
    expect(expired.status).toBe(200);
    const [creates, grants] = [await requests(CREATE_PATH.salesforce), await requests(TOKEN_GRANT)];
    const email = emailOf('expired');

    const res = await post(user, '/crm/salesforce/contacts', { lastName: 'Expired', email });

    expect(res.status).toBe(201);
    // The refused create, the refresh, the create again.
    expect(await requests(CREATE_PATH.salesforce)).toBe(creates + 2);
    expect(await requests(TOKEN_GRANT)).toBe(grants + 1);
    expect(await queryAtSalesforce(user, `SELECT Id FROM Contact WHERE Email = '${email}'`)).toHaveLength(1);
    const { rows } = await testbed.product().pool.query<{ status: string }>(`select status from user_crm_credentials where user_id = $1 and platform = 'salesforce'`, [user.id]);
    expect(rows[0]!.status).toBe('connected');
  });

  it.each(['hubspot', 'zoho'] as const)('refuses objectType lead for %s with 400 naming the field, without calling it', async (platform) => {
    const user = await signUpConnectedUser(testbed.product(), platform);
    const before = await testbed.requestsTo(platform, CREATE_PATH[platform]);

    const res = await post(user, `/crm/${platform}/contacts`, { objectType: 'lead', lastName: 'Nope', email: emailOf('nope') });

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('objectType'), details: { issues: [{ field: 'objectType' }] } });
    expect(await testbed.requestsTo(platform, CREATE_PATH[platform])).toBe(before);
    expect(await localContactCount(user.id)).toBe(0);
  });

  it('refuses an objectType that is neither contact nor lead', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');
    const res = await post(user, '/crm/salesforce/contacts', { objectType: 'account', lastName: 'Acme', email: emailOf('acme') });
    expect(res.status).toBe(400);
    expect(res.body.error!.details).toMatchObject({ issues: [{ field: 'objectType' }] });
  });
});

describe('POST /api/v1/crm/salesforce/contacts/batch', () => {
  it('creates contacts and leads in one sObject Collections request, each with its own verdict', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');
    const taken = await post(user, '/crm/salesforce/contacts', { lastName: 'Taken', email: emailOf('taken') });
    const [ada, lin] = [emailOf('ada'), emailOf('lin')];
    const before = await requests(BATCH_PATH.salesforce);

    const res = await post(user, '/crm/salesforce/contacts/batch', {
      contacts: [
        { firstName: 'Ada', lastName: 'Contact', email: ada },
        { objectType: 'lead', lastName: 'Lead', email: lin, company: 'Lin & Co' },
        // Salesforce's own refusal: LastName is required on Contact.
        { firstName: 'Nameless', email: emailOf('nameless') },
        { lastName: 'Duplicate', email: taken.body.email },
      ],
    });

    expect(res.status).toBe(200);
    const [contact, lead, nameless, duplicate] = res.body.results;
    expect(contact).toMatchObject({ ok: true, contact: { objectType: 'contact', lastName: 'Contact', email: ada } });
    expect(lead).toMatchObject({ ok: true, contact: { objectType: 'lead', lastName: 'Lead', email: lin, company: 'Lin & Co' } });
    expect(nameless).toMatchObject({ ok: false, error: { code: 'provider_rejected', message: expect.stringContaining('LastName') } });
    expect(duplicate).toEqual({ ok: false, error: { code: 'crm_duplicate', message: expect.any(String), existingId: taken.body.externalId, contactId: taken.body.id } });
    expect(await requests(BATCH_PATH.salesforce)).toBe(before + 1);
    expect(await queryAtSalesforce(user, `SELECT Id FROM Lead WHERE Email = '${lin}'`)).toHaveLength(1);
    expect(await queryAtSalesforce(user, `SELECT Id FROM Contact WHERE Email = '${ada}'`)).toHaveLength(1);
    expect(await localContactCount(user.id)).toBe(3);
  });

  it('reports a record Salesforce could not lock on its own, creates the others, and a retry of that one creates it', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'salesforce');
    const emails = [emailOf('one'), emailOf('two'), emailOf('three')];
    await addFault('salesforce', { kind: 'record-error', recordContains: emails[1], count: 1 });

    const res = await post(user, '/crm/salesforce/contacts/batch', { contacts: emails.map((email, i) => ({ lastName: `Person ${i}`, email })) });

    expect(res.status).toBe(200);
    expect(res.body.results.map((result) => (result.ok ? result.contact.email : result.error.code))).toEqual([emails[0], 'provider_unavailable', emails[2]]);
    expect(res.body.results[1]).toMatchObject({ ok: false, error: { message: expect.stringContaining('UNABLE_TO_LOCK_ROW') } });
    expect(await queryAtSalesforce(user, `SELECT Id FROM Contact WHERE Email = '${emails[1]}'`)).toEqual([]);

    const retry = await post(user, '/crm/salesforce/contacts/batch', { contacts: [{ lastName: 'Person 1', email: emails[1] }] });
    expect(retry.body.results).toEqual([expect.objectContaining({ ok: true })]);
    expect(await localContactCount(user.id)).toBe(3);
  });

  it('refuses a lead item for Zoho on its own, and creates the others', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'zoho');

    const res = await post(user, '/crm/zoho/contacts/batch', { contacts: [{ lastName: 'Fine', email: emailOf('fine') }, { objectType: 'lead', lastName: 'Lead', email: emailOf('lead') }] });

    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ ok: true });
    expect(res.body.results[1]).toMatchObject({ ok: false, error: { code: 'validation_failed', issues: [{ field: 'contacts.1.objectType' }] } });
    expect(await localContactCount(user.id)).toBe(1);
  });
});

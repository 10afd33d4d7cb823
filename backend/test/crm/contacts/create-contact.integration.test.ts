import { beforeAll, describe, expect, it } from 'vitest';
import type { TContact, TPlatform } from '@voiceagent/shared';
import { signUpConnectedUser } from '../../support/run-mode-sandboxes';
import type { TestUser } from '../../support/test-users';
import { CREATE_PATH, DOWN_STATUS, PLATFORMS, useContactWritesTestbed, type TestedPlatform } from './contact-writes-testbed';

/**
 * POST /api/v1/crm/:platform/contacts against both sandboxes, started by the product in run
 * mode: every call — ours, the CRM's, and the reads that check what the CRM now holds (with a
 * token minted by the sandbox's admin API, not through our provider code) — is real HTTP.
 */
const testbed = useContactWritesTestbed();
const { post, addFault, listContacts, localContactCount } = testbed;
const createRequests = (platform: TestedPlatform) => testbed.requestsTo(platform, CREATE_PATH[platform]);

/** A contact as the sandbox holds it, in our field names; null when it has none by that id. */
async function readAtSandbox(user: TestUser, platform: TPlatform, externalId: string) {
  const get = await testbed.sandboxReader(user, platform);
  if (platform === 'hubspot') {
    const body = await get(`/crm/v3/objects/contacts/${externalId}?properties=firstname,lastname,email,phone,mobilephone,company,jobtitle`);
    const p = body?.properties as Record<string, string | null> | undefined;
    return p ? { firstName: p.firstname, lastName: p.lastname, email: p.email, phone: p.phone, mobilePhone: p.mobilephone ?? null, company: p.company, jobTitle: p.jobtitle } : null;
  }
  if (platform === 'salesforce') {
    const soql = `SELECT FirstName, LastName, Email, Phone, MobilePhone, Account.Name, Title FROM Contact WHERE Id = '${externalId}'`;
    const r = ((await get(`/services/data/v62.0/query?q=${encodeURIComponent(soql)}`))?.records as Array<Record<string, unknown>> | undefined)?.[0];
    return r
      ? { firstName: r.FirstName, lastName: r.LastName, email: r.Email, phone: r.Phone, mobilePhone: r.MobilePhone, company: (r.Account as { Name: string } | null)?.Name ?? null, jobTitle: r.Title }
      : null;
  }
  const body = await get(`/crm/v8/Contacts/${externalId}?fields=First_Name,Last_Name,Email,Phone,Mobile,Account_Name,Title`);
  const r = (body?.data as Array<Record<string, unknown>> | undefined)?.[0];
  return r
    ? { firstName: r.First_Name, lastName: r.Last_Name, email: r.Email, phone: r.Phone, mobilePhone: r.Mobile ?? null, company: (r.Account_Name as { name: string } | null)?.name ?? null, jobTitle: r.Title }
    : null;
}

const unique = () => crypto.randomUUID().slice(0, 8);
/** A Salesforce Contact's company is its Account, which creating a contact does not create: the company is not written there. */
const companyKept = (platform: TPlatform, company: string) => (platform === 'salesforce' ? null : company);

describe('POST /api/v1/crm/:platform/contacts', () => {
  it.each(PLATFORMS)('creates the contact in %s, stores it, and answers 201 with it as the list shows it', async (platform) => {
    const user = await signUpConnectedUser(testbed.product(), platform);
    const email = `ada.${unique()}@example.com`;
    const res = await post(user, `/crm/${platform}/contacts`, {
      firstName: ' Ada ',
      lastName: 'Lovelace',
      email,
      phone: '030 1234567',
      country: 'DE',
      mobilePhone: '+44 20 7946 0958',
      company: 'Analytical Engines',
      jobTitle: 'Mathematician',
    });

    expect(res.status).toBe(201);
    const contact = res.body as unknown as TContact;
    expect(contact).toMatchObject({
      platform,
      firstName: 'Ada',
      lastName: 'Lovelace',
      fullName: 'Ada Lovelace',
      email,
      // A national number reaches the CRM in international format: the country hint is stored nowhere.
      phone: '+49 30 1234567',
      phoneE164: '+49301234567',
      mobilePhone: '+44 20 7946 0958',
      mobilePhoneE164: '+442079460958',
      isCallable: true,
      company: companyKept(platform, 'Analytical Engines'),
      jobTitle: 'Mathematician',
      deletedAt: null,
    });
    expect(contact.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(contact.objectType).toBe('contact');
    expect(await readAtSandbox(user, platform, contact.externalId)).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email,
      phone: '+49 30 1234567',
      mobilePhone: '+44 20 7946 0958',
      company: companyKept(platform, 'Analytical Engines'),
      jobTitle: 'Mathematician',
    });
    expect(await listContacts(user)).toEqual([contact]);
  });

  it.each(PLATFORMS)('answers a duplicate in %s with 409 crm_duplicate, the CRM id and our id of the contact', async (platform) => {
    const user = await signUpConnectedUser(testbed.product(), platform);
    const email = `grace.${unique()}@example.com`;
    const first = await post(user, `/crm/${platform}/contacts`, { lastName: 'Hopper', email });
    expect(first.status).toBe(201);
    const requestsBefore = await createRequests(platform);

    const again = await post(user, `/crm/${platform}/contacts`, { lastName: 'Hopper Again', email: email.toUpperCase() });

    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'crm_duplicate', details: { existingId: first.body.externalId, contactId: first.body.id } });
    expect(await createRequests(platform)).toBe(requestsBefore + 1);
    expect(await localContactCount(user.id)).toBe(1);
  });

  it('answers a duplicate of a contact not synced yet with the CRM id alone', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const seeded = await (await testbed.sandboxReader(user, 'hubspot'))('/crm/v3/objects/contacts/3?properties=email');
    const email = (seeded!.properties as { email: string }).email;

    const res = await post(user, '/crm/hubspot/contacts', { lastName: 'Seeded', email });

    expect(res.status).toBe(409);
    expect(res.body.error!.code).toBe('crm_duplicate');
    expect(res.body.error!.details).toEqual({ platform: 'hubspot', existingId: '3' });
  });

  it.each(PLATFORMS)('answers 502 provider_unavailable while %s fails creates, stores nothing, and works once it recovers', async (platform) => {
    const user = await signUpConnectedUser(testbed.product(), platform);
    const status = DOWN_STATUS[platform];
    await addFault(platform, { kind: 'status', status });
    const body = { lastName: 'Down', email: `down.${unique()}@example.com` };
    const requestsBefore = await createRequests(platform);

    const failed = await post(user, `/crm/${platform}/contacts`, body);

    expect(failed.status).toBe(502);
    expect(failed.body.error).toMatchObject({ code: 'provider_unavailable', details: { platform, status } });
    // A create that may have landed is never sent twice.
    expect(await createRequests(platform)).toBe(requestsBefore + 1);
    expect(await localContactCount(user.id)).toBe(0);

    await testbed.clearFaults(platform);
    const retried = await post(user, `/crm/${platform}/contacts`, body);
    expect(retried.status).toBe(201);
    expect(await readAtSandbox(user, platform, retried.body.externalId as string)).toMatchObject({ lastName: 'Down', email: body.email });
    expect(await localContactCount(user.id)).toBe(1);
  });

  it('answers 404 crm_not_connected for a platform the user has not connected', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const requestsBefore = await createRequests('zoho');

    const res = await post(user, '/crm/zoho/contacts', { lastName: 'Nowhere', email: `nowhere.${unique()}@example.com` });

    expect(res.status).toBe(404);
    expect(res.body.error!.code).toBe('crm_not_connected');
    expect(await createRequests('zoho')).toBe(requestsBefore);
  });

  it('passes on Zoho\'s own refusal of a contact without a last name as a 400, without calling Zoho', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'zoho');
    const requestsBefore = await createRequests('zoho');

    const res = await post(user, '/crm/zoho/contacts', { firstName: 'Only', email: `only.${unique()}@example.com` });

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('last name') });
    expect(await createRequests('zoho')).toBe(requestsBefore);
  });

  describe('refuses a bad request with 400 naming what is wrong, before calling the CRM', () => {
    const email = 'valid@example.com';
    let user: TestUser;
    beforeAll(async () => {
      user = await signUpConnectedUser(testbed.product(), 'hubspot');
    });
    const cases: Array<[string, unknown, string[]]> = [
      ['neither email nor phone', { firstName: 'Ada' }, ['email', 'phone']],
      ['an empty body', {}, ['email', 'phone']],
      ['a malformed email', { email: 'ada@' }, ['email']],
      ['a first name over 100 characters', { email, firstName: 'a'.repeat(101) }, ['firstName']],
      ['a last name over 100 characters', { email, lastName: 'a'.repeat(101) }, ['lastName']],
      ['a company over 200 characters', { email, company: 'c'.repeat(201) }, ['company']],
      ['a job title over 200 characters', { email, jobTitle: 't'.repeat(201) }, ['jobTitle']],
      ['a blank last name', { email, lastName: '   ' }, ['lastName']],
      ['a name that is not text', { email, lastName: 42 }, ['lastName']],
      ['a national number without country', { phone: '030 1234567' }, ['phone']],
      ['a number too short to exist', { phone: '+49 12' }, ['phone']],
      ['words for a number', { email, phone: 'call me maybe' }, ['phone']],
      ['a mobile number too short', { email, mobilePhone: '+1 415 555 01' }, ['mobilePhone']],
      ['a country that is not a code', { phone: '030 1234567', country: 'Germany' }, ['country', 'phone']],
      ['an unknown field', { email, nickname: 'Ada' }, ['nickname']],
      ['an array for a body', [{ email }], ['(body)']],
    ];

    it.each(cases)('%s', async (_label, body, fields) => {
      const requestsBefore = await createRequests('hubspot');

      const res = await post(user, '/crm/hubspot/contacts', body);

      expect(res.status).toBe(400);
      expect(res.body.error!.code).toBe('validation_failed');
      const issues = (res.body.error!.details as { issues: Array<{ field: string }> }).issues;
      expect([...new Set(issues.map((issue) => issue.field))].sort()).toEqual([...fields].sort());
      for (const field of fields) expect(res.body.error!.message).toContain(field);
      expect(await createRequests('hubspot')).toBe(requestsBefore);
    });

    it('a body that is not JSON', async () => {
      const res = await post(user, '/crm/hubspot/contacts', '{"email":');
      expect(res.status).toBe(400);
      expect(res.body.error!.code).toBe('invalid_json');
    });

    it('a platform we do not know', async () => {
      const res = await post(user, '/crm/pipedrive/contacts', { email });
      expect(res.status).toBe(400);
      expect(res.body.error!.message).toContain('platform');
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { TContact, TCreateContactsResponse, TPlatform } from '@voiceagent/shared';
import { signUpConnectedUser } from '../../support/run-mode-sandboxes';
import type { TestUser } from '../../support/test-users';
import { BATCH_PATH, DOWN_STATUS, PLATFORMS, useContactWritesTestbed } from './contact-writes-testbed';

/** POST /api/v1/crm/:platform/contacts/batch against every sandbox, over HTTP. */

const testbed = useContactWritesTestbed();
const { addFault, requestsTo, listContacts, localContactCount } = testbed;
const post = (user: TestUser, path: string, body: unknown, key?: string) =>
  testbed.post<TCreateContactsResponse & TContact>(user, path, body, key === undefined ? {} : { 'idempotency-key': key });

/** A contact's email as the sandbox's own API serves it; null when it has no contact by that id. */
async function readAtSandbox(user: TestUser, platform: TPlatform, externalId: string): Promise<{ email: string | null } | null> {
  const get = await testbed.sandboxReader(user, platform);
  if (platform === 'hubspot') {
    const body = (await get(`/crm/v3/objects/contacts/${externalId}?properties=email`)) as { properties: { email?: string | null } } | null;
    return body ? { email: body.properties.email ?? null } : null;
  }
  if (platform === 'salesforce') {
    const body = (await get(`/services/data/v62.0/sobjects/Contact/${externalId}?fields=Email`)) as { Email?: string | null } | null;
    return body ? { email: body.Email ?? null } : null;
  }
  const body = (await get(`/crm/v8/Contacts/${externalId}?fields=Email`)) as { data: Array<{ Email?: string | null }> } | null;
  return body ? { email: body.data[0]!.Email ?? null } : null;
}

const unique = () => crypto.randomUUID().slice(0, 8);
const emailOf = (name: string) => `${name.toLowerCase()}.${unique()}@example.com`;

describe('POST /api/v1/crm/:platform/contacts/batch', () => {
  it.each(PLATFORMS)('gives each item of a mixed batch in %s its own verdict, in input order, and creates the valid ones', async (platform) => {
    const user = await signUpConnectedUser(testbed.product(), platform);
    const taken = await post(user, `/crm/${platform}/contacts`, { lastName: 'Taken', email: emailOf('taken') });
    expect(taken.status).toBe(201);
    const [ada, bea] = [emailOf('ada'), emailOf('bea')];

    const res = await post(user, `/crm/${platform}/contacts/batch`, {
      contacts: [
        { firstName: 'Ada', lastName: 'Valid', email: ada },
        { lastName: 'Bad Email', email: 'not-an-email' },
        { lastName: 'Duplicate', email: taken.body.email!.toUpperCase() },
        { lastName: 'Phone Only', phone: '0151 23456789', country: 'DE' },
        { lastName: 'Unknown Field', email: bea, nickname: 'Bea' },
        'not a contact',
      ],
    });

    expect(res.status).toBe(200);
    const results = res.body.results;
    expect(results).toHaveLength(6);
    expect(results[0]).toMatchObject({ ok: true, contact: { platform, firstName: 'Ada', lastName: 'Valid', email: ada } });
    expect(results[1]).toEqual({ ok: false, error: { code: 'validation_failed', message: expect.stringContaining('contacts.1.email'), issues: [{ field: 'contacts.1.email', message: expect.any(String) }] } });
    expect(results[2]).toEqual({ ok: false, error: { code: 'crm_duplicate', message: expect.any(String), existingId: taken.body.externalId, contactId: taken.body.id } });
    expect(results[3]).toMatchObject({ ok: true, contact: { lastName: 'Phone Only', phone: '+49 1512 3456789', phoneE164: '+4915123456789', isCallable: true } });
    expect(results[4]).toMatchObject({ ok: false, error: { code: 'validation_failed', issues: [{ field: 'contacts.4.nickname' }] } });
    expect(results[5]).toMatchObject({ ok: false, error: { code: 'validation_failed', issues: [{ field: 'contacts.5' }] } });

    const created = [results[0], results[3]].map((result) => (result?.ok ? result.contact : null));
    expect(await readAtSandbox(user, platform, created[0]!.externalId)).toEqual({ email: ada });
    expect(await readAtSandbox(user, platform, created[1]!.externalId)).toEqual({ email: null });
    const listed = await listContacts(user);
    expect(listed).toEqual(expect.arrayContaining(created));
    expect(listed).toHaveLength(3);
  });

  it('creates a clean batch with one request to HubSpot\'s batch endpoint', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const before = await requestsTo('hubspot', BATCH_PATH.hubspot);
    const emails = [emailOf('one'), emailOf('two'), emailOf('three')];

    const res = await post(user, '/crm/hubspot/contacts/batch', { contacts: emails.map((email, index) => ({ lastName: `Person ${index}`, email })) });

    expect(res.status).toBe(200);
    expect(res.body.results.map((result) => (result.ok ? result.contact.email : result.error.code))).toEqual(emails);
    expect(await requestsTo('hubspot', BATCH_PATH.hubspot)).toBe(before + 1);
    expect(await localContactCount(user.id)).toBe(3);
  });

  it('answers a batch of only invalid items without calling the CRM', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'zoho');
    const before = await requestsTo('zoho', BATCH_PATH.zoho);

    const res = await post(user, '/crm/zoho/contacts/batch', { contacts: [{ lastName: 'No Way To Reach' }, { email: 'bad@' }] });

    expect(res.status).toBe(200);
    expect(res.body.results.map((result) => !result.ok && result.error.issues?.map((issue) => issue.field))).toEqual([
      ['contacts.0.email', 'contacts.0.phone'],
      ['contacts.1.email'],
    ]);
    expect(await requestsTo('zoho', BATCH_PATH.zoho)).toBe(before);
  });

  it.each(PLATFORMS)('answers 502 while %s is down and stores nothing', async (platform) => {
    const user = await signUpConnectedUser(testbed.product(), platform);
    await addFault(platform, { kind: 'status', status: DOWN_STATUS[platform] });

    const res = await post(user, `/crm/${platform}/contacts/batch`, { contacts: [{ lastName: 'Down', email: emailOf('down') }] });

    expect(res.status).toBe(502);
    expect(res.body.error!.code).toBe('provider_unavailable');
    expect(await localContactCount(user.id)).toBe(0);
  });

  it('answers 404 crm_not_connected for a platform the user has not connected', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const res = await post(user, '/crm/zoho/contacts/batch', { contacts: [{ lastName: 'Nowhere', email: emailOf('nowhere') }] });
    expect(res.status).toBe(404);
    expect(res.body.error!.code).toBe('crm_not_connected');
  });

  it.each([
    ['no contacts', { contacts: [] }, 'contacts'],
    ['more than 100 contacts', { contacts: Array.from({ length: 101 }, (_, i) => ({ email: `p${i}@example.com` })) }, 'contacts'],
    ['contacts that are not a list', { contacts: { email: 'a@example.com' } }, 'contacts'],
    ['no contacts field', { items: [] }, 'contacts'],
    ['an unknown field beside contacts', { contacts: [{ email: 'a@example.com' }], dryRun: true }, 'dryRun'],
  ])('refuses a body with %s with 400 naming the field', async (_label, body, field) => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const before = await requestsTo('hubspot', BATCH_PATH.hubspot);

    const res = await post(user, '/crm/hubspot/contacts/batch', body);

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining(field) });
    expect(await requestsTo('hubspot', BATCH_PATH.hubspot)).toBe(before);
  });

  it.each(PLATFORMS)('honours an Idempotency-Key in %s: a retry creates nothing and gets the same results', async (platform) => {
    const user = await signUpConnectedUser(testbed.product(), platform);
    const key = crypto.randomUUID();
    const body = { contacts: [{ lastName: 'First', email: emailOf('first') }, { lastName: 'Second', email: emailOf('second') }] };
    const before = await requestsTo(platform, BATCH_PATH[platform]);

    const first = await post(user, `/crm/${platform}/contacts/batch`, body, key);
    const retry = await post(user, `/crm/${platform}/contacts/batch`, body, key);
    const other = await post(user, `/crm/${platform}/contacts/batch`, { contacts: [body.contacts[0]] }, key);

    expect(first).toMatchObject({ status: 200, isReplay: false });
    expect(first.body.results.every((result) => result.ok)).toBe(true);
    expect(retry).toEqual({ status: 200, body: first.body, isReplay: true });
    expect(other.status).toBe(422);
    expect(other.body.error!.code).toBe('idempotency_key_reused');
    expect(await requestsTo(platform, BATCH_PATH[platform])).toBe(before + 1);
    expect(await localContactCount(user.id)).toBe(2);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TContact, TContactListResponse, TCreateContactsResponse } from '@voiceagent/shared';
import { sandboxOriginOf, signUpConnectedUser } from '../../support/run-mode-sandboxes';
import { startTestProduct, type TestProduct } from '../../support/start-test-product';
import type { TestUser } from '../../support/test-users';

/** POST /api/v1/crm/:platform/contacts/batch against both sandboxes, over HTTP. */
type Platform = 'hubspot' | 'zoho';
const PLATFORMS: Platform[] = ['hubspot', 'zoho'];
/** Where each CRM's batch create goes: HubSpot's batch endpoint, Zoho's insert of up to 100 records. */
const BATCH_PATH: Record<Platform, string> = { hubspot: 'POST /crm/v3/objects/contacts/batch/create', zoho: 'POST /crm/v8/Contacts' };
const FAULT_PREFIX: Record<Platform, string> = { hubspot: '/crm/v3/objects/contacts', zoho: '/crm/v8/Contacts' };

let product: TestProduct;

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX_CONTACTS: '20', SYNC_WORKERS: 'off' });
});
afterAll(async () => {
  await product?.close();
});
afterEach(async () => {
  for (const platform of PLATFORMS) await fetch(`${sandboxOriginOf(product, platform)}/__sandbox/faults`, { method: 'DELETE' });
});

type Answer = { status: number; body: TCreateContactsResponse & TContact & { error?: { code: string; message: string; details?: unknown } }; isReplay: boolean };

async function post(user: TestUser, path: string, body: unknown, key?: string): Promise<Answer> {
  const res = await fetch(`${product.url}/api/v1${path}`, {
    method: 'POST',
    headers: { ...user.authorization, 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'], isReplay: res.headers.get('idempotent-replayed') === 'true' };
}

async function requestsTo(platform: Platform, endpoint: string): Promise<number> {
  const counters = (await (await fetch(`${sandboxOriginOf(product, platform)}/__sandbox/counters`)).json()) as { requests: Record<string, number> };
  return counters.requests[endpoint] ?? 0;
}

/** A contact's email as the sandbox's own API serves it (token from its admin API); null when it has no contact by that id. */
async function readAtSandbox(user: TestUser, platform: Platform, externalId: string): Promise<{ email: string | null } | null> {
  const { rows } = await product.pool.query<{ external_account_id: string; api_domain: string }>(
    'select external_account_id, api_domain from user_crm_credentials where user_id = $1 and platform = $2',
    [user.id, platform],
  );
  const { external_account_id: accountId, api_domain: apiDomain } = rows[0]!;
  const minted = await fetch(`${sandboxOriginOf(product, platform)}/__sandbox/accounts/${accountId}/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const token = ((await minted.json()) as { access_token: string }).access_token;
  if (platform === 'hubspot') {
    const res = await fetch(`${apiDomain}/crm/v3/objects/contacts/${externalId}?properties=email`, { headers: { authorization: `Bearer ${token}` } });
    return res.status === 200 ? { email: ((await res.json()) as { properties: { email?: string | null } }).properties.email ?? null } : null;
  }
  const res = await fetch(`${apiDomain}/crm/v8/Contacts/${externalId}?fields=Email`, { headers: { authorization: `Zoho-oauthtoken ${token}` } });
  return res.status === 200 ? { email: ((await res.json()) as { data: Array<{ Email?: string | null }> }).data[0]!.Email ?? null } : null;
}

async function listContacts(user: TestUser): Promise<TContact[]> {
  const body = (await (await fetch(`${product.url}/api/v1/crm/contacts?limit=200`, { headers: user.authorization })).json()) as TContactListResponse;
  if (body.view !== 'unified') throw new Error('expected the unified view');
  return body.items;
}

async function localContactCount(userId: string): Promise<number> {
  const { rows } = await product.pool.query<{ n: number }>('select count(*)::int as n from crm_contacts where user_id = $1', [userId]);
  return rows[0]!.n;
}

const unique = () => crypto.randomUUID().slice(0, 8);
const emailOf = (name: string) => `${name.toLowerCase()}.${unique()}@example.com`;

describe('POST /api/v1/crm/:platform/contacts/batch', () => {
  it.each(PLATFORMS)('gives each item of a mixed batch in %s its own verdict, in input order, and creates the valid ones', async (platform) => {
    const user = await signUpConnectedUser(product, platform);
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
    const user = await signUpConnectedUser(product, 'hubspot');
    const before = await requestsTo('hubspot', BATCH_PATH.hubspot);
    const emails = [emailOf('one'), emailOf('two'), emailOf('three')];

    const res = await post(user, '/crm/hubspot/contacts/batch', { contacts: emails.map((email, index) => ({ lastName: `Person ${index}`, email })) });

    expect(res.status).toBe(200);
    expect(res.body.results.map((result) => (result.ok ? result.contact.email : result.error.code))).toEqual(emails);
    expect(await requestsTo('hubspot', BATCH_PATH.hubspot)).toBe(before + 1);
    expect(await localContactCount(user.id)).toBe(3);
  });

  it('answers a batch of only invalid items without calling the CRM', async () => {
    const user = await signUpConnectedUser(product, 'zoho');
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
    const user = await signUpConnectedUser(product, platform);
    await fetch(`${sandboxOriginOf(product, platform)}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 503, pathPrefix: FAULT_PREFIX[platform] }),
    });

    const res = await post(user, `/crm/${platform}/contacts/batch`, { contacts: [{ lastName: 'Down', email: emailOf('down') }] });

    expect(res.status).toBe(502);
    expect(res.body.error!.code).toBe('provider_unavailable');
    expect(await localContactCount(user.id)).toBe(0);
  });

  it('answers 404 crm_not_connected for a platform the user has not connected', async () => {
    const user = await signUpConnectedUser(product, 'hubspot');
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
    const user = await signUpConnectedUser(product, 'hubspot');
    const before = await requestsTo('hubspot', BATCH_PATH.hubspot);

    const res = await post(user, '/crm/hubspot/contacts/batch', body);

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining(field) });
    expect(await requestsTo('hubspot', BATCH_PATH.hubspot)).toBe(before);
  });

  it.each(PLATFORMS)('honours an Idempotency-Key in %s: a retry creates nothing and gets the same results', async (platform) => {
    const user = await signUpConnectedUser(product, platform);
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

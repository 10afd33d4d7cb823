import type { TContact, TContactListResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../../support/start-test-product';
import { signUpTestUser, type TestUser } from '../../support/test-users';
import { createApiCaller, insertContacts, listAllPages, listUnified, type ApiCaller } from './contact-fixtures';

/** Listing, search, filters, views, duplicates and one contact, against the running product. */
let product: TestProduct;
let owner: TestUser;
let api: ApiCaller;
const ids: Record<string, string> = {};

const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.UTC(2026, 5, 1) - hoursAgo * HOUR);

beforeAll(async () => {
  product = await startTestProduct();
  owner = await signUpTestUser(product);
  api = createApiCaller(product.url, owner.authorization);
  const seeds = {
    zoe: { firstName: 'Zoë', lastName: 'Ångström', email: 'zoe@nordic.example', company: 'Fjord AB', phone: '+46 70 123 45 67', phoneE164: '+46701234567', crmUpdatedAt: at(1) },
    jose: { firstName: 'José', lastName: 'Núñez', email: 'JOSE.NUNEZ@Iberia.example', company: 'Iberia Foods', crmUpdatedAt: at(2) },
    jose2: { platform: 'zoho' as const, firstName: 'Jose', lastName: 'Nunez', email: 'jose.nunez@iberia.example', crmUpdatedAt: at(3) },
    lukasz: { firstName: 'Łukasz', lastName: 'Kowalski', company: 'Wisła Sp. z o.o.', mobilePhone: '(415) 555-0134', mobilePhoneE164: '+14155550134', crmUpdatedAt: null },
    lukaszZoho: { platform: 'zoho' as const, firstName: 'Lukasz', lastName: 'Kowalski', phone: '415.555.0134', phoneE164: '+14155550134', crmUpdatedAt: at(4) },
    amy: { firstName: 'Amy', lastName: 'Adams', email: 'amy@shared.example', phone: '020 7946 0000', company: '100% Juice', crmUpdatedAt: at(5) },
    amyAgain: { firstName: 'Amy', lastName: 'Adams-Dup', email: 'AMY@shared.example', company: 'a_b test', crmUpdatedAt: at(6) },
    gone: { platform: 'zoho' as const, firstName: 'Gone', lastName: 'Away', email: 'zoe@nordic.example', phoneE164: '+46701234567', deletedAt: at(0), crmUpdatedAt: at(0) },
    bob: { platform: 'zoho' as const, firstName: 'Bob', lastName: 'Brown', email: 'bob@zoho.example', crmUpdatedAt: at(7) },
    lena: { platform: 'salesforce' as const, objectType: 'lead' as const, firstName: 'Lena', lastName: 'Lindqvist', company: 'Nordlys AS', email: 'lena@nordlys.example', crmUpdatedAt: at(8) },
    zed: { platform: 'salesforce' as const, firstName: 'Zed', lastName: 'Zimmer', company: 'Zimmer GmbH', email: 'zed@zimmer.example', crmUpdatedAt: at(9) },
  };
  const created = await insertContacts(product.pool, owner.id, Object.values(seeds));
  Object.keys(seeds).forEach((key, i) => (ids[key] = created[i]!));
});
afterAll(async () => {
  await product?.close();
});

const idsOf = (items: TContact[]) => items.map((item) => item.id);
const search = async (q: string, extra = '') => idsOf((await listUnified(api, `q=${encodeURIComponent(q)}${extra}`)).items).sort();

describe('GET /api/v1/crm/contacts', () => {
  it('lists live contacts of every platform by last name, first name, with exact counts', async () => {
    const page = await listUnified(api, '');

    // Case and accents aside: Ångström files under A; Núñez and Nunez tie, so their order is the ids'.
    expect(page.items.map((item) => item.lastName).slice(0, 7)).toEqual(['Adams', 'Adams-Dup', 'Ångström', 'Brown', 'Kowalski', 'Kowalski', 'Lindqvist']);
    expect(page.items.slice(7, 9).map((item) => item.id)).toEqual([ids.jose, ids.jose2].sort());
    expect(page.items.slice(9).map((item) => item.id)).toEqual([ids.zed]);
    expect(page.counts).toEqual({ byPlatform: { hubspot: 5, zoho: 3, salesforce: 2 }, total: 10, isEstimate: false });
    expect(page.nextCursor).toBeNull();
    const zoe = page.items.find((item) => item.id === ids.zoe);
    expect(zoe).toMatchObject({
      platform: 'hubspot',
      firstName: 'Zoë',
      lastName: 'Ångström',
      fullName: 'Zoë Ångström',
      phoneE164: '+46701234567',
      isCallable: true,
      company: 'Fjord AB',
      deletedAt: null,
      crmUpdatedAt: at(1).toISOString(),
    });
  });

  it('sorts by most recently updated, contacts without a date last', async () => {
    const page = await listUnified(api, 'sort=updated');

    expect(idsOf(page.items)).toEqual([ids.zoe, ids.jose, ids.jose2, ids.lukaszZoho, ids.amy, ids.amyAgain, ids.bob, ids.lena, ids.zed, ids.lukasz]);
  });

  it('finds names whatever their accents and case, typed with or without them', async () => {
    expect(await search('zoe')).toEqual([ids.zoe]);
    expect(await search('ZOË ÅNG')).toEqual([ids.zoe]);
    expect(await search('angstrom')).toEqual([ids.zoe]);
    expect(await search('josé')).toEqual([ids.jose, ids.jose2].sort());
    expect(await search('Jose Nunez')).toEqual([ids.jose, ids.jose2].sort());
    expect(await search('łukasz')).toEqual([ids.lukasz, ids.lukaszZoho].sort());
    expect(await search('lukasz kow')).toEqual([ids.lukasz, ids.lukaszZoho].sort());
  });

  it('finds emails and companies by any part, and treats % and _ literally', async () => {
    expect(await search('iberia.EXAMPLE')).toEqual([ids.jose, ids.jose2].sort());
    expect(await search('wisla')).toEqual([ids.lukasz]);
    expect(await search('100%')).toEqual([ids.amy]);
    expect(await search('a_b')).toEqual([ids.amyAgain]);
    expect(await search('zz_no_such')).toEqual([]);
  });

  it('finds phone numbers by their digits, however they are written', async () => {
    const both = [ids.lukasz, ids.lukaszZoho].sort();
    expect(await search('+1 (415) 555')).toEqual(both);
    expect(await search('415-555-01')).toEqual(both);
    expect(await search('415 555 0134')).toEqual(both);
    expect(await search('+14155550134')).toEqual(both);
    expect(await search('(415)5550134')).toEqual(both);
    expect(await search('020 7946')).toEqual([ids.amy]);
    expect(await search('+46 70 123')).toEqual([ids.zoe]);
    expect(await search('415-556')).toEqual([]);
  });

  it('searches with two-character terms too', async () => {
    expect(await search('zo')).toEqual([ids.zoe, ids.bob].sort());
    expect(await search('Zö')).toEqual([ids.zoe, ids.bob].sort());
    expect((await listUnified(api, 'q=zo')).counts).toEqual({ byPlatform: { hubspot: 1, zoho: 1, salesforce: 0 }, total: 2, isEstimate: false });
  });

  it('filters by platform, given once, repeated or comma-separated', async () => {
    const zoho = [ids.jose2, ids.lukaszZoho, ids.bob].sort();
    expect(idsOf((await listUnified(api, 'platform=zoho')).items).sort()).toEqual(zoho);
    expect((await listUnified(api, 'platform=zoho')).counts).toEqual({ byPlatform: { zoho: 3 }, total: 3, isEstimate: false });
    expect((await listUnified(api, 'platform=hubspot&platform=zoho')).items).toHaveLength(8);
    expect((await listUnified(api, 'platform=zoho,hubspot')).items).toHaveLength(8);
    expect((await listUnified(api, 'platform=zoho,hubspot,salesforce')).items).toHaveLength(10);
    expect(await search('kowalski', '&platform=hubspot')).toEqual([ids.lukasz]);
  });

  it('filters callable contacts (a valid E.164 phone or mobile) and the others', async () => {
    const callable = await listUnified(api, 'callable=true');
    expect(idsOf(callable.items).sort()).toEqual([ids.zoe, ids.lukasz, ids.lukaszZoho].sort());
    expect(callable.counts.total).toBe(3);
    expect(callable.items.every((item) => item.isCallable)).toBe(true);

    const notCallable = await listUnified(api, 'callable=false');
    // Amy has a phone, but not one that is a valid E.164 number.
    expect(idsOf(notCallable.items).sort()).toEqual([ids.jose, ids.jose2, ids.amy, ids.amyAgain, ids.bob, ids.lena, ids.zed].sort());
    expect(await search('kowalski', '&callable=true&platform=zoho')).toEqual([ids.lukaszZoho]);
  });

  it('leaves deleted contacts out unless includeDeleted=true', async () => {
    expect(await search('away')).toEqual([]);
    const withDeleted = await listUnified(api, 'includeDeleted=true&platform=zoho');

    expect(idsOf(withDeleted.items)).toContain(ids.gone);
    expect(withDeleted.counts.total).toBe(4);
    expect(withDeleted.items.find((item) => item.id === ids.gone)?.deletedAt).toBe(at(0).toISOString());
    expect(await search('away', '&includeDeleted=true')).toEqual([ids.gone]);
  });

  it('marks contacts sharing an email or an E.164 number across platforms with one duplicate group', async () => {
    const byId = new Map((await listUnified(api, '')).items.map((item) => [item.id, item]));
    const group = (key: string) => byId.get(ids[key]!)?.duplicateGroup;

    // Same email in another case, on HubSpot and Zoho.
    expect(group('jose')).toEqual(expect.any(String));
    expect(group('jose')).toBe(group('jose2'));
    // A HubSpot mobile number that is a Zoho phone number.
    expect(group('lukasz')).toEqual(expect.any(String));
    expect(group('lukasz')).toBe(group('lukaszZoho'));
    expect(group('lukasz')).not.toBe(group('jose'));
    // Two HubSpot contacts with one email: one platform, no duplicate group.
    expect(group('amy')).toBeNull();
    expect(group('amyAgain')).toBeNull();
    // Zoë's twin on Zoho is deleted: no longer a duplicate.
    expect(group('zoe')).toBeNull();
    expect(group('bob')).toBeNull();
  });

  it('groups by platform in the separate view, each group with its count and cursor', async () => {
    const { status, body } = await api('/crm/contacts?view=separate&limit=2');
    expect(status).toBe(200);
    const response = body as Extract<TContactListResponse, { view: 'separate' }>;

    expect(response.view).toBe('separate');
    expect(response.groups.map((group) => [group.platform, group.count, group.items.length])).toEqual([
      ['hubspot', 5, 2],
      ['zoho', 3, 2],
      ['salesforce', 2, 2],
    ]);
    expect(response.groups.every((group) => group.items.every((item) => item.platform === group.platform))).toBe(true);
    expect(response.counts).toEqual({ byPlatform: { hubspot: 5, zoho: 3, salesforce: 2 }, total: 10, isEstimate: false });

    // A group's cursor pages that group alone.
    const zoho = response.groups[1]!;
    const next = await api(`/crm/contacts?view=separate&limit=2&cursor=${zoho.nextCursor}`);
    const nextBody = next.body as Extract<TContactListResponse, { view: 'separate' }>;
    expect(nextBody.groups.map((group) => group.platform)).toEqual(['zoho']);
    expect(nextBody.groups[0]!.items.map((item) => item.id)).toEqual([ids.jose2]);
    expect(nextBody.groups[0]!.nextCursor).toBeNull();
  });

  it('searches within each group of the separate view', async () => {
    const { body } = await api(`/crm/contacts?view=separate&sort=updated&q=${encodeURIComponent('kowalski')}`);
    const response = body as Extract<TContactListResponse, { view: 'separate' }>;

    expect(response.groups.map((group) => [group.platform, group.count, idsOf(group.items)])).toEqual([
      ['hubspot', 1, [ids.lukasz]],
      ['zoho', 1, [ids.lukaszZoho]],
      ['salesforce', 0, []],
    ]);
  });

  it('filters Salesforce leads from contacts, in the list, a search and the separate view, with exact counts', async () => {
    const leads = await listUnified(api, 'objectType=lead');
    expect(leads.items.map((item) => [item.id, item.objectType])).toEqual([[ids.lena, 'lead']]);
    expect(leads.counts).toEqual({ byPlatform: { hubspot: 0, zoho: 0, salesforce: 1 }, total: 1, isEstimate: false });

    const contacts = await listUnified(api, 'objectType=contact');
    expect(idsOf(contacts.items)).not.toContain(ids.lena);
    expect(contacts.items.every((item) => item.objectType === 'contact')).toBe(true);
    expect(contacts.counts).toEqual({ byPlatform: { hubspot: 5, zoho: 3, salesforce: 1 }, total: 9, isEstimate: false });

    // Three letters and more go through the trigram search's matches, which carry the type too.
    expect(await search('nordlys', '&objectType=lead')).toEqual([ids.lena]);
    expect(await search('nordlys', '&objectType=contact')).toEqual([]);
    const { body } = await api('/crm/contacts?view=separate&objectType=lead');
    const groups = (body as Extract<TContactListResponse, { view: 'separate' }>).groups;
    expect(groups.map((group) => [group.platform, group.count, idsOf(group.items)])).toEqual([
      ['hubspot', 0, []],
      ['zoho', 0, []],
      ['salesforce', 1, [ids.lena]],
    ]);
    expect((await api('/crm/contacts?objectType=account')).status).toBe(400);
  });
});

describe('duplicate groups of a page', () => {
  it('gives every listed contact the group its own GET gives, on any page size, sort, filter or search', async () => {
    const user = await signUpTestUser(product);
    const call = createApiCaller(product.url, user.authorization);
    const seeds = {
      pat: { firstName: 'Pat', lastName: 'A', email: 'pat@dup.example', phone: '415 555 0101', phoneE164: '+14155550101', mobilePhoneE164: '+14155550102' },
      patZoho: { platform: 'zoho' as const, firstName: 'Pat', lastName: 'B', email: 'PAT@dup.example' },
      sam: { platform: 'salesforce' as const, firstName: 'Sam', lastName: 'C', email: 'sam@dup.example', phoneE164: '+14155550102' },
      samHubspot: { firstName: 'Sam', lastName: 'D', email: 'sam@dup.example', mobilePhoneE164: '+14155550101' },
      eve: { platform: 'zoho' as const, firstName: 'Eve', lastName: 'E', phoneE164: '+14155550199', mobilePhoneE164: '+14155550101' },
      solo: { platform: 'zoho' as const, firstName: 'Solo', lastName: 'F', email: 'solo@dup.example', phoneE164: '+14155550150' },
      soloTwin: { platform: 'zoho' as const, firstName: 'Solo', lastName: 'G', email: 'solo@dup.example', phoneE164: '+14155550150' },
      gone: { platform: 'salesforce' as const, firstName: 'Gone', lastName: 'H', email: 'gone@dup.example', deletedAt: at(0) },
      goneTwin: { firstName: 'Gone', lastName: 'I', email: 'gone@dup.example' },
      jo: { firstName: 'Jo', lastName: 'J', phoneE164: '+14155550170', mobilePhoneE164: '+14155550160' },
      joZoho: { platform: 'zoho' as const, firstName: 'Jo', lastName: 'K', phoneE164: '+14155550170' },
      joSalesforce: { platform: 'salesforce' as const, firstName: 'Jo', lastName: 'L', mobilePhoneE164: '+14155550160' },
    };
    const created = await insertContacts(product.pool, user.id, Object.values(seeds));
    const idOf = Object.fromEntries(Object.keys(seeds).map((key, i) => [key, created[i]!]));
    const single = new Map<string, string | null>();
    for (const id of created) {
      const { status, body } = await call(`/crm/contacts/${id}`);
      expect(status).toBe(200);
      single.set(id, (body as TContact).duplicateGroup);
    }

    // The expected groups, spelled out: the one-contact GET must agree with them too.
    const group = (key: string) => single.get(idOf[key]!);
    expect(group('pat')).toEqual(expect.any(String));
    expect(group('patZoho')).toBe(group('pat')); // the email wins over the numbers
    expect(group('sam')).toEqual(expect.any(String));
    expect(group('samHubspot')).toBe(group('sam'));
    expect(group('sam')).not.toBe(group('pat'));
    expect(group('eve')).toEqual(expect.any(String)); // +14155550101, a HubSpot phone and mobile
    expect([group('solo'), group('soloTwin'), group('goneTwin')]).toEqual([null, null, null]);
    expect(group('gone')).toEqual(expect.any(String)); // deleted itself, its live twin still shares the email
    expect(group('joZoho')).toEqual(expect.any(String));
    expect(group('jo')).toBe(group('joSalesforce')); // the smaller of two shared numbers
    expect(group('jo')).not.toBe(group('joZoho'));

    const queries = ['limit=1', 'limit=2&includeDeleted=true', 'limit=5&sort=updated', 'limit=50', 'limit=3&platform=zoho&platform=salesforce', 'limit=2&q=dup.example', 'q=jo&limit=1', 'limit=2&callable=true'];
    for (const query of queries) {
      const listed = (await listAllPages(call, query)).flat();
      expect(listed.length, query).toBeGreaterThan(0);
      for (const item of listed) expect(item.duplicateGroup, `${query}: ${item.firstName} ${item.lastName}`).toBe(single.get(item.id));
    }
  });
});

describe('GET /api/v1/crm/contacts/:id', () => {
  it('returns the contact with its duplicate group', async () => {
    const { status, body } = await api(`/crm/contacts/${ids.lukaszZoho}`);

    expect(status).toBe(200);
    const contact = body as TContact;
    expect(contact).toMatchObject({ id: ids.lukaszZoho, platform: 'zoho', phone: '415.555.0134', phoneE164: '+14155550134', isCallable: true });
    const listed = (await listUnified(api, 'q=kowalski')).items.find((item) => item.id === ids.lukaszZoho);
    expect(contact.duplicateGroup).toBe(listed?.duplicateGroup);
  });

  it('answers 400 naming id for a malformed id, 404 not_found for an unknown one', async () => {
    const bad = await api('/crm/contacts/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'validation_failed', details: { issues: [{ field: 'id' }] } } });

    const unknown = await api(`/crm/contacts/${crypto.randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('row-level security between users', () => {
  it('never shows one user the contacts of another, through any query', async () => {
    const other = await signUpTestUser(product);
    const otherApi = createApiCaller(product.url, other.authorization);
    const [own] = await insertContacts(product.pool, other.id, [{ firstName: 'Zoe', lastName: 'Other', email: 'jose.nunez@iberia.example', phoneE164: '+14155550134', platform: 'zoho' }]);
    const ownerIds = new Set(Object.values(ids));

    const queries = ['', 'q=zoe', 'q=iberia', 'q=%2B1%20415%20555', 'q=zo', 'includeDeleted=true', 'sort=updated', 'platform=hubspot', 'callable=true', 'view=separate'];
    for (const query of queries) {
      const { status, body } = await otherApi(`/crm/contacts?${query}`);
      expect(status, query).toBe(200);
      const response = body as TContactListResponse;
      const items = response.view === 'unified' ? response.items : response.groups.flatMap((group) => group.items);
      expect(items.filter((item) => ownerIds.has(item.id)), query).toEqual([]);
      expect(response.counts.total, query).toBeLessThanOrEqual(1);
    }
    // Sharing an email and a number with the owner's contacts makes no duplicate across users.
    expect((await listUnified(otherApi, '')).items).toEqual([expect.objectContaining({ id: own, duplicateGroup: null })]);

    for (const id of Object.values(ids)) {
      expect((await otherApi(`/crm/contacts/${id}`)).status).toBe(404);
    }

    // Cursors made from the owner's pages only position the other user's own list.
    const ownerPages = await listAllPages(api, 'limit=1');
    expect(ownerPages.length).toBeGreaterThan(2);
    let cursor: string | null = null;
    for (let i = 0; i < 3; i++) {
      cursor = (await listUnified(api, `limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).nextCursor;
      const { body } = await otherApi(`/crm/contacts?limit=50&cursor=${encodeURIComponent(cursor!)}`);
      const items = (body as Extract<TContactListResponse, { view: 'unified' }>).items;
      expect(items.filter((item) => ownerIds.has(item.id))).toEqual([]);
    }
  });
});

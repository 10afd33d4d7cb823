import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { call, listAll, startTestSandbox, type ErrorBody, type HubSpotObject, type SearchBody, type TestSandbox } from './helpers';

const SEARCH = '/crm/v3/objects/contacts/search';
const ALL_PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company', 'hs_lastmodifieddate', 'createdate'];
const UNLIMITED = { rateLimits: { tenSecondlyRolling: 1_000_000, searchPerSecond: 1_000_000 } };

type Filter = { propertyName: string; operator: string; value?: string; values?: string[]; highValue?: string };
type SearchRequest = { filterGroups?: { filters: Filter[] }[]; sorts?: unknown[]; limit?: number; after?: string; properties?: string[]; query?: string };

async function search(sandbox: TestSandbox, request: SearchRequest) {
  return call<SearchBody & ErrorBody>(sandbox.url, SEARCH, { token: sandbox.token, json: request });
}

/** Follows `paging.next.after` to the end and returns every result with the reported total. */
async function searchAll(sandbox: TestSandbox, request: SearchRequest): Promise<{ total: number; results: HubSpotObject[] }> {
  const results: HubSpotObject[] = [];
  let after: string | undefined;
  let total = -1;
  do {
    const page = await search(sandbox, { ...request, limit: 200, after, properties: ALL_PROPERTIES });
    expect(page.status).toBe(200);
    total = page.body.total;
    results.push(...page.body.results);
    after = page.body.paging?.next.after;
  } while (after !== undefined);
  return { total, results };
}

const time = (contact: HubSpotObject, name = 'hs_lastmodifieddate') => Date.parse(contact.properties[name]!);
const ids = (contacts: HubSpotObject[]) => contacts.map((contact) => contact.id);

describe('POST /crm/v3/objects/contacts/search on a 700-contact account with changes', () => {
  let sandbox: TestSandbox;
  /** Every live contact read through the list endpoint: the oracle the search must agree with. */
  let everyone: HubSpotObject[];
  let changed: string[];
  let deleted: string[];
  let createdId: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ ...UNLIMITED, defaultPortal: { name: 'Search', contactCount: 700 } });
    sandbox.clock.advance(60_000);
    changed = sandbox.admin.modifyContacts(sandbox.portalId, { count: 15 }).ids;
    deleted = sandbox.admin.deleteContacts(sandbox.portalId, { count: 10 }).ids;
    const created = await call<HubSpotObject>(sandbox.url, '/crm/v3/objects/contacts', {
      token: sandbox.token,
      json: { properties: { email: 'late.arrival@example.net', firstname: 'Łukasz', lastname: 'Żółć', phone: '+48 22 1234567' } },
    });
    createdId = created.body.id;
    everyone = await listAll(sandbox.url, sandbox.token, `&properties=${ALL_PROPERTIES.join(',')}`);
  });
  afterAll(() => sandbox.close());

  it('answers a sync\'s "modified since" query in ascending order with every match once, changes included and archivals excluded', async () => {
    const since = Date.UTC(2025, 6, 1);
    const { total, results } = await searchAll(sandbox, {
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since) }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
    });
    const expected = everyone.filter((contact) => time(contact) >= since).sort((a, b) => time(a) - time(b) || Number(a.id) - Number(b.id));
    expect(total).toBe(expected.length);
    expect(ids(results)).toEqual(ids(expected));
    expect(ids(results).slice(-16).sort()).toEqual([...changed, createdId].sort());
    expect(ids(results).some((id) => deleted.includes(id))).toBe(false);
  });

  it('distinguishes GT from GTE and LT from LTE at an exact timestamp', async () => {
    const pivot = everyone[123]!;
    const at = String(time(pivot));
    const count = async (operator: string) =>
      (await search(sandbox, { filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator, value: at }] }], limit: 0 })).body.total;
    const before = everyone.filter((contact) => time(contact) < time(pivot)).length;
    const same = everyone.filter((contact) => time(contact) === time(pivot)).length;
    expect(await count('LT')).toBe(before);
    expect(await count('LTE')).toBe(before + same);
    expect(await count('GTE')).toBe(everyone.length - before);
    expect(await count('GT')).toBe(everyone.length - before - same);
    expect(await count('EQ')).toBe(same);
  });

  it('accepts ISO dates as filter values', async () => {
    const iso = new Date(Date.UTC(2024, 0, 1)).toISOString();
    const result = await search(sandbox, { filterGroups: [{ filters: [{ propertyName: 'createdate', operator: 'LT', value: iso }] }], limit: 0 });
    expect(result.body.total).toBe(everyone.filter((contact) => time(contact, 'createdate') < Date.UTC(2024, 0, 1)).length);
  });

  it('matches email EQ case-insensitively and ORs filter groups', async () => {
    const [first, second] = everyone.filter((contact) => contact.properties.email).slice(3, 5) as [HubSpotObject, HubSpotObject];
    const one = await search(sandbox, { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: first.properties.email!.toUpperCase() }] }] });
    expect(ids(one.body.results)).toContain(first.id);
    const either = await searchAll(sandbox, {
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: first.properties.email! }] }, { filters: [{ propertyName: 'email', operator: 'EQ', value: second.properties.email! }] }],
    });
    const expected = everyone.filter((contact) => [first.properties.email, second.properties.email].includes(contact.properties.email));
    expect(ids(either.results).sort()).toEqual(ids(expected).sort());
  });

  it('matches names with EQ and phones and email domains with CONTAINS_TOKEN', async () => {
    const named = await searchAll(sandbox, { filterGroups: [{ filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'łukasz' }, { propertyName: 'lastname', operator: 'EQ', value: 'Żółć' }] }] });
    expect(ids(named.results)).toEqual([createdId]);

    const phone = await searchAll(sandbox, { filterGroups: [{ filters: [{ propertyName: 'phone', operator: 'CONTAINS_TOKEN', value: '1234567' }] }] });
    expect(ids(phone.results)).toContain(createdId);

    const domain = await searchAll(sandbox, { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@example.net' }] }] });
    expect(ids(domain.results)).toEqual(ids(everyone.filter((contact) => contact.properties.email?.toLowerCase().endsWith('@example.net'))));
  });

  it('splits contacts exactly between HAS_PROPERTY and NOT_HAS_PROPERTY', async () => {
    const has = await search(sandbox, { filterGroups: [{ filters: [{ propertyName: 'phone', operator: 'HAS_PROPERTY' }] }], limit: 1 });
    const hasNot = await search(sandbox, { filterGroups: [{ filters: [{ propertyName: 'phone', operator: 'NOT_HAS_PROPERTY' }] }], limit: 1 });
    expect(has.body.total).toBe(everyone.filter((contact) => contact.properties.phone).length);
    expect(has.body.total + hasNot.body.total).toBe(everyone.length);
    expect(hasNot.body.total).toBeGreaterThan(0);
  });

  it('sorts by text and by date in either direction, ties by id, and defaults to id order', async () => {
    const byName = await searchAll(sandbox, { sorts: [{ propertyName: 'lastname', direction: 'ASCENDING' }] });
    const names = byName.results.map((contact) => contact.properties.lastname!.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    const newest = await search(sandbox, { sorts: ['-createdate'], limit: 5, properties: ['createdate'] });
    const expected = [...everyone].sort((a, b) => time(b, 'createdate') - time(a, 'createdate') || Number(a.id) - Number(b.id)).slice(0, 5);
    expect(ids(newest.body.results)).toEqual(ids(expected));

    const plain = await searchAll(sandbox, {});
    expect(ids(plain.results)).toEqual(ids(everyone));
    expect(plain.total).toBe(everyone.length);
  });

  it('finds contacts by free-text query', async () => {
    const found = await search(sandbox, { query: 'late.arrival' });
    expect(ids(found.body.results)).toEqual([createdId]);
  });

  it('refuses bad filters with VALIDATION_ERROR', async () => {
    const unknown = await search(sandbox, { filterGroups: [{ filters: [{ propertyName: 'shoe_size', operator: 'EQ', value: '42' }] }] });
    const badDate = await search(sandbox, { filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GT', value: 'yesterday' }] }] });
    const noValue = await search(sandbox, { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ' }] }] });
    const badOperator = await search(sandbox, { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'LIKE', value: 'x' }] }] });
    const tooManyGroups = await search(sandbox, { filterGroups: Array.from({ length: 6 }, () => ({ filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] })) });
    for (const refused of [unknown, badDate, noValue, badOperator, tooManyGroups]) expect([refused.status, refused.body.category]).toEqual([400, 'VALIDATION_ERROR']);
  });
});

describe('the same search asked again after each kind of change', () => {
  it('sees every update, creation and archival made in between', async () => {
    const sandbox = await startTestSandbox({ ...UNLIMITED, defaultPortal: { name: 'Repeat', contactCount: 300 } });
    try {
      sandbox.clock.advance(60_000);
      const since = sandbox.clock.now();
      const recent = { filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since) }] }], sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] };
      // Changed at the same instant, so they come in id order.
      const [first, second] = sandbox.admin.modifyContacts(sandbox.portalId, { count: 2 }).ids.sort((a, b) => Number(a) - Number(b));
      expect(ids((await searchAll(sandbox, recent)).results)).toEqual([first, second]);

      sandbox.clock.advance(1_000);
      await call(sandbox.url, `/crm/v3/objects/contacts/${first}`, { method: 'PATCH', token: sandbox.token, json: { properties: { jobtitle: 'Moved last' } } });
      expect(ids((await searchAll(sandbox, recent)).results)).toEqual([second, first]);

      sandbox.clock.advance(1_000);
      const created = await call<HubSpotObject>(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token, json: { properties: { email: 'repeat.search@example.net' } } });
      expect(ids((await searchAll(sandbox, recent)).results)).toEqual([second, first, created.body.id]);

      sandbox.admin.deleteContacts(sandbox.portalId, { ids: [second!] });
      expect(ids((await searchAll(sandbox, recent)).results)).toEqual([first, created.body.id]);
    } finally {
      await sandbox.close();
    }
  });
});

describe('the 10,000-result cap', () => {
  let sandbox: TestSandbox;
  afterEach(() => sandbox.close());

  it('serves pages up to the 10,000th result, reports the full total, and refuses any page reaching past it with 400', async () => {
    sandbox = await startTestSandbox({ ...UNLIMITED, defaultPortal: { name: 'Capped', contactCount: 20_000 } });
    const last = await search(sandbox, { limit: 200, after: '9800' });
    expect(last.status).toBe(200);
    expect(last.body.total).toBe(20_000);
    expect(last.body.results).toHaveLength(200);
    expect(last.body.results.at(-1)!.id).toBe('10000');
    // HubSpot still offers the next cursor; following it is what fails.
    expect(last.body.paging?.next.after).toBe('10000');

    for (const [after, limit] of [['10000', 1], ['9801', 200], ['9999', 2]] as const) {
      const refused = await search(sandbox, { limit, after });
      expect(refused.status).toBe(400);
      expect(refused.body.category).toBe('VALIDATION_ERROR');
    }
    expect((await search(sandbox, { limit: 201 })).status).toBe(400);
  });

  it('lets a sync get past the cap by restarting from the last key seen, on a 1,000,000-contact account', async () => {
    sandbox = await startTestSandbox({ ...UNLIMITED, defaultPortal: { name: 'Huge', contactCount: 1_000_000 } });
    const since = Date.UTC(2025, 10, 1);
    const modifiedSince = (value: number, after?: string) =>
      search(sandbox, {
        filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(value) }] }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        properties: ['hs_lastmodifieddate'],
        limit: 200,
        after,
      });
    const started = performance.now();
    const first = await modifiedSince(since);
    const deep = await modifiedSince(since, '9800');
    expect(first.body.total).toBeGreaterThan(10_000);
    expect(deep.body.total).toBe(first.body.total);
    const lastSeen = time(deep.body.results.at(-1)!);
    const restarted = await modifiedSince(lastSeen);
    expect(restarted.body.total).toBeLessThan(first.body.total);
    expect(time(restarted.body.results[0]!)).toBe(lastSeen);
    const keys = [...first.body.results, ...deep.body.results, ...restarted.body.results].map((contact) => time(contact));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(performance.now() - started).toBeLessThan(8000);
  });
});

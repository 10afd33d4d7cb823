import { afterEach, describe, expect, it } from 'vitest';
import { call, listAll, startTestSandbox, type ErrorBody, type ListBody, type TestSandbox } from './helpers';

let sandbox: TestSandbox;
afterEach(() => sandbox.close());

describe('GET /crm/v3/objects/contacts', () => {
  it('pages a 2,537-contact account visiting every contact exactly once, in id order', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Mid', contactCount: 2537 } });
    const seen = await listAll(sandbox.url, sandbox.token);
    const ids = seen.map((contact) => Number(contact.id));
    expect(ids).toHaveLength(2537);
    expect(new Set(ids).size).toBe(2537);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBe(1);
    expect(ids.at(-1)).toBe(2537);
  });

  it('skips archived contacts, lists them with archived=true, and includes created contacts after the seeded ones', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Mid', contactCount: 250 } });
    const { ids: deleted } = sandbox.admin.deleteContacts(sandbox.portalId, { count: 30 });
    const created = await call<{ id: string }>(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token, json: { properties: { email: 'fresh.person@example.org' } } });
    expect(created.status).toBe(201);

    const live = (await listAll(sandbox.url, sandbox.token)).map((contact) => contact.id);
    expect(live).toHaveLength(250 - 30 + 1);
    expect(live.some((id) => deleted.includes(id))).toBe(false);
    expect(live.at(-1)).toBe(created.body.id);

    const archived = await listAll(sandbox.url, sandbox.token, '&archived=true');
    expect(archived.map((contact) => contact.id).sort()).toEqual([...deleted].sort());
    expect(archived.every((contact) => contact.archived && contact.archivedAt === new Date(sandbox.clock.now()).toISOString())).toBe(true);
  });

  it('returns HubSpot\'s default properties, or the requested ones plus the always-present three', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Mid', contactCount: 40 } });
    const plain = await call<ListBody>(sandbox.url, '/crm/v3/objects/contacts', { token: sandbox.token });
    expect(plain.body.results).toHaveLength(10);
    expect(Object.keys(plain.body.results[0]!.properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
    expect(plain.body.results[0]).toMatchObject({ id: '1', archived: false, createdAt: expect.stringMatching(/Z$/), updatedAt: expect.stringMatching(/Z$/) });
    expect(plain.body.paging?.next.after).toBe('11');
    expect(plain.body.paging?.next.link).toBe(`${sandbox.url}/crm/v3/objects/contacts?after=11`);

    const chosen = await call<ListBody>(sandbox.url, '/crm/v3/objects/contacts?limit=3&properties=phone,mobilephone&properties=country', { token: sandbox.token });
    expect(Object.keys(chosen.body.results[0]!.properties).sort()).toEqual(['country', 'createdate', 'hs_object_id', 'lastmodifieddate', 'mobilephone', 'phone']);
  });

  it('refuses a limit above 100 and a malformed cursor', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Mid', contactCount: 40 } });
    const tooMany = await call<ErrorBody>(sandbox.url, '/crm/v3/objects/contacts?limit=101', { token: sandbox.token });
    expect([tooMany.status, tooMany.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    expect((await call(sandbox.url, '/crm/v3/objects/contacts?after=abc', { token: sandbox.token })).status).toBe(400);
  });

  it('serves pages of a 1,000,000-contact account quickly, without materialising it', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Huge', contactCount: 1_000_000 } });
    const started = performance.now();
    let after = '1';
    for (const start of ['1', '500001', '999901']) {
      after = start;
      const page = await call<ListBody>(sandbox.url, `/crm/v3/objects/contacts?limit=100&after=${after}`, { token: sandbox.token });
      expect(page.status).toBe(200);
      expect(page.body.results).toHaveLength(100);
      expect(page.body.results[0]!.id).toBe(start);
      if (start === '999901') expect(page.body.paging).toBeUndefined();
      else expect(page.body.paging?.next.after).toBe(String(Number(start) + 100));
    }
    // Three pages of a materialised million would take far longer than this on any machine.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 ** 3);
  });

  it('returns the same contacts for the same seed', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Seeded', contactCount: 30, accountSeed: 7, sharedSeed: 42 } });
    const first = await listAll(sandbox.url, sandbox.token);
    const again = await startTestSandbox({ defaultPortal: { name: 'Seeded', contactCount: 30, accountSeed: 7, sharedSeed: 42 } });
    try {
      expect(await listAll(again.url, again.token)).toEqual(first);
    } finally {
      await again.close();
    }
  });
});

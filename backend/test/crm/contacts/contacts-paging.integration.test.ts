import type { TContact, TContactListResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../../support/start-test-product';
import { signUpTestUser, type TestUser } from '../../support/test-users';
import { createApiCaller, insertContacts, listAllPages, type ApiCaller, type ContactSeed } from './contact-fixtures';

/**
 * Keyset paging: following nextCursor visits every contact that existed when paging began
 * exactly once, while contacts are inserted between page requests on both sides of the cursor.
 */
let product: TestProduct;

beforeAll(async () => {
  product = await startTestProduct();
});
afterAll(async () => {
  await product?.close();
});

type Fixture = { user: TestUser; api: ApiCaller; originalIds: Set<string> };

// Microsecond timestamps with ties, and names with ties, so both the key and the id decide.
const base = Date.UTC(2026, 0, 1);
function seedContact(i: number, withNulls: boolean): ContactSeed {
  return {
    platform: i % 3 === 0 ? 'zoho' : 'hubspot',
    firstName: ['Ann', 'Ben', 'Zoë', null][i % 4],
    lastName: ['Müller', 'Mueller', 'Ólafsson', 'Olafsson', withNulls ? null : 'Lee', 'Kim'][i % 6],
    email: `p${i}@paging.example`,
    phoneE164: i % 2 === 0 ? `+1415555${String(i).padStart(4, '0')}` : null,
    crmUpdatedAt: withNulls && i % 7 === 0 ? null : new Date(base + (i % 10) * 60_000),
    company: 'Paging Co',
  };
}

async function createFixture(count: number, withNulls = true): Promise<Fixture> {
  const user = await signUpTestUser(product);
  const api = createApiCaller(product.url, user.authorization);
  const ids = await insertContacts(product.pool, user.id, Array.from({ length: count }, (_, i) => seedContact(i, withNulls)));
  return { user, api, originalIds: new Set(ids) };
}

function expectEachOnce(pages: TContact[][], originalIds: Set<string>) {
  const seen = pages.flat().map((item) => item.id);
  expect(new Set(seen).size, 'no contact twice').toBe(seen.length);
  const missing = [...originalIds].filter((id) => !seen.includes(id));
  expect(missing, 'every original contact').toEqual([]);
}

/**
 * Inserts one contact that sorts before every contact so far (behind the cursor) and one that
 * sorts after every contact so far (ahead of it), in both sorts: names and dates move outwards
 * with each page.
 */
function insertAroundTheCursor(fixture: Fixture, inserted: { before: string[]; after: string[] }) {
  return async (pageNumber: number) => {
    const n = String(pageNumber).padStart(4, '0');
    const [before, after] = await insertContacts(product.pool, fixture.user.id, [
      { lastName: `Aaa${9999 - pageNumber}`, firstName: 'Early', email: `early${n}@x.example`, crmUpdatedAt: new Date(base + 3_600_000 + pageNumber), company: 'Paging Co' },
      { lastName: `Zzz${n}`, firstName: 'Late', email: `late${n}@x.example`, crmUpdatedAt: new Date(base - 3_600_000 - pageNumber), company: 'Paging Co' },
    ]);
    inserted.before.push(before!);
    inserted.after.push(after!);
  };
}

describe('GET /api/v1/crm/contacts keyset paging', () => {
  for (const { sort, query } of [
    { sort: 'name', query: 'sort=name' },
    { sort: 'updated', query: 'sort=updated' },
  ]) {
    it(`visits every contact once by ${sort} while contacts are inserted before and after the cursor`, async () => {
      // No null names or dates here: they sort first or last, where the inserted rows go.
      const fixture = await createFixture(90, false);
      const inserted = { before: [] as string[], after: [] as string[] };

      const pages = await listAllPages(fixture.api, `${query}&limit=7`, insertAroundTheCursor(fixture, inserted));

      expectEachOnce(pages, fixture.originalIds);
      const seen = new Set(pages.flat().map((item) => item.id));
      // Rows ahead of the cursor are reached; rows behind it are not revisited.
      expect(inserted.after.filter((id) => !seen.has(id)), 'inserted after, unseen').toEqual([]);
      expect(inserted.before.filter((id) => seen.has(id)), 'inserted before, seen').toEqual([]);
      expect(pages.length).toBeGreaterThan(12);
    });
  }

  it('pages in the order of the sort, across page boundaries', async () => {
    const fixture = await createFixture(40);
    const byName = (await listAllPages(fixture.api, 'limit=6')).flat();
    const byUpdated = (await listAllPages(fixture.api, 'sort=updated&limit=6')).flat();

    const times = byUpdated.map((item) => (item.crmUpdatedAt ? Date.parse(item.crmUpdatedAt) : -Infinity));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(byUpdated.at(-1)?.crmUpdatedAt).toBeNull();
    const names = byName.map((item) => (item.lastName ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('pages a search and a filtered list the same way', async () => {
    const fixture = await createFixture(60, false);
    for (const query of ['q=paging', 'q=zo', 'q=%2B1%20415', 'callable=true&platform=hubspot', 'q=muller&sort=updated']) {
      const all = (await listAllPages(fixture.api, `${query}&limit=200`)).flat();
      const inserted = { before: [] as string[], after: [] as string[] };
      const paged = await listAllPages(fixture.api, `${query}&limit=4`, insertAroundTheCursor(fixture, inserted));

      expectEachOnce(paged, new Set(all.map((item) => item.id)));
      expect(all.length, query).toBeGreaterThan(4);
    }
  });

  it('pages each group of the separate view on its own', async () => {
    const fixture = await createFixture(30);
    const seen: Record<string, string[]> = { hubspot: [], zoho: [], salesforce: [] };
    const first = (await fixture.api('/crm/contacts?view=separate&limit=4')).body as Extract<TContactListResponse, { view: 'separate' }>;
    for (const group of first.groups) {
      seen[group.platform]!.push(...group.items.map((item) => item.id));
      let cursor = group.nextCursor;
      while (cursor) {
        const next = (await fixture.api(`/crm/contacts?view=separate&limit=4&cursor=${cursor}`)).body as Extract<TContactListResponse, { view: 'separate' }>;
        expect(next.groups.map((g) => g.platform)).toEqual([group.platform]);
        seen[group.platform]!.push(...next.groups[0]!.items.map((item) => item.id));
        cursor = next.groups[0]!.nextCursor;
      }
    }

    expect(seen.hubspot).toHaveLength(20);
    expect(seen.zoho).toHaveLength(10);
    expect(seen.salesforce).toHaveLength(0);
    expect(new Set([...seen.hubspot!, ...seen.zoho!])).toEqual(fixture.originalIds);
  });
});

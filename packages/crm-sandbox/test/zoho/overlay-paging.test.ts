import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, api, startHarness } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

let h: Harness;
let apiDomain: string;
let token: string;
let expected: Set<string>;

type Row = { id: string; Modified_Time: string; Created_Time: string };

async function walk(sortBy: string, order: string, perPage: number): Promise<Row[]> {
  const base = `/crm/v8/Contacts?fields=Modified_Time,Created_Time&per_page=${perPage}&sort_by=${sortBy}&sort_order=${order}`;
  const rows: Row[] = [];
  let url = base;
  for (;;) {
    const res = await api(apiDomain, token, url);
    expect(res.status).toBe(200);
    rows.push(...res.body.data);
    if (!res.body.info.next_page_token) return rows;
    url = `${base}&page_token=${encodeURIComponent(res.body.info.next_page_token)}`;
  }
}

beforeAll(async () => {
  h = await startHarness({ accounts: [{ name: 'Mixed', dataCentre: 'us', contactCount: 900 }] });
  const accountId = h.admin.listAccounts()[0]?.id ?? '';
  ({ api_domain: apiDomain, access_token: token } = h.admin.mintToken(accountId, { ttlSeconds: 100_000 }));
  expected = new Set((await walk('id', 'asc', 200)).map((row) => row.id));
  // Edits, deletions and inserts spread over time, several in the same second.
  for (let round = 0; round < 4; round++) {
    const modified = (await admin(h, 'POST', `/accounts/${accountId}/contacts/modify`, { count: 25 })).body.ids as string[];
    const deleted = (await admin(h, 'POST', `/accounts/${accountId}/contacts/delete`, { count: 10 })).body.ids as string[];
    const created = await api(apiDomain, token, '/crm/v8/Contacts', { method: 'POST', body: { data: Array.from({ length: 15 }, (_, i) => ({ Last_Name: `R${round}-${i}` })) } });
    expect(modified).toHaveLength(25);
    for (const id of deleted) expected.delete(id);
    for (const result of created.body.data) expected.add(result.details.id);
    h.clock.advance(round % 2 === 0 ? 0 : 1000);
  }
});
afterAll(() => h.close());

describe('paging with edited, deleted and created contacts mixed in', () => {
  for (const sortBy of ['id', 'Modified_Time', 'Created_Time'] as const) {
    for (const order of ['asc', 'desc'] as const) {
      it(`visits every live contact once in (${sortBy}, id) ${order} order`, async () => {
        const rows = await walk(sortBy, order, 37);
        expect(rows.map((row) => row.id).sort()).toEqual([...expected].sort());
        const key = (row: Row) => [sortBy === 'id' ? 0 : Date.parse(row[sortBy]), row.id] as const;
        for (let i = 1; i < rows.length; i++) {
          const [prevTime, prevId] = key(rows[i - 1] as Row);
          const [time, id] = key(rows[i] as Row);
          const ascending = prevTime < time || (prevTime === time && prevId < id);
          expect(order === 'asc' ? ascending : !ascending && prevId !== id).toBe(true);
        }
      });
    }
  }
});

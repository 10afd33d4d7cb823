import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, api, startHarness } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

let h: Harness;
let accountId: string;
let apiDomain: string;
let token: string;
const get = (path: string, headers?: Record<string, string>) => api(apiDomain, token, path, { headers });

beforeEach(async () => {
  h = await startHarness({ accounts: [{ name: 'Sync Org', dataCentre: 'us', contactCount: 500 }] });
  accountId = h.admin.listAccounts()[0]?.id ?? '';
  ({ api_domain: apiDomain, access_token: token } = h.admin.mintToken(accountId));
});
afterEach(() => h.close());

async function allIds(path: string, headers?: Record<string, string>): Promise<{ ids: string[]; statuses: number[] }> {
  const ids: string[] = [];
  const statuses: number[] = [];
  let url = path;
  for (;;) {
    const res = await get(url, headers);
    statuses.push(res.status);
    if (res.status !== 200) break;
    ids.push(...res.body.data.map((r: { id: string }) => r.id));
    if (!res.body.info.next_page_token) break;
    url = `${path}&page_token=${encodeURIComponent(res.body.info.next_page_token)}`;
  }
  return { ids, statuses };
}

describe('If-Modified-Since on GET /crm/v8/Contacts', () => {
  it('is inclusive: the record modified at exactly that second comes back again', async () => {
    const changed = await admin(h, 'POST', `/accounts/${accountId}/contacts/modify`, { count: 3 });
    expect(changed.status).toBe(200);
    const modifiedIds: string[] = changed.body.ids;
    const first = await get(`/crm/v8/Contacts/${modifiedIds[0]}`);
    const cursor = first.body.data[0].Modified_Time as string;
    expect(Date.parse(cursor)).toBe(Math.floor(h.clock.now / 1000) * 1000);

    const since = await allIds('/crm/v8/Contacts?fields=Modified_Time&sort_by=Modified_Time&sort_order=asc', { 'If-Modified-Since': cursor });
    expect(since.ids.sort()).toEqual([...modifiedIds].sort());
    // One second later nothing is new: Zoho answers 304 Not Modified.
    const later = new Date(Date.parse(cursor) + 1000).toISOString().replace('.000Z', '+00:00');
    expect((await get('/crm/v8/Contacts?fields=Modified_Time', { 'If-Modified-Since': later })).status).toBe(304);
  });

  it('finds changes made after a sync started, on a later pass with the last cursor', async () => {
    const full = await allIds('/crm/v8/Contacts?fields=Modified_Time&sort_by=Modified_Time&sort_order=asc');
    expect(full.ids).toHaveLength(500);
    const cursor = new Date(h.clock.now).toISOString();
    h.clock.advance(60_000);
    const changed = (await admin(h, 'POST', `/accounts/${accountId}/contacts/modify`, { count: 7, fields: { Title: 'Head of Sales' } })).body.ids as string[];
    const created = await api(apiDomain, token, '/crm/v8/Contacts', { method: 'POST', body: { data: [{ Last_Name: 'Nouveau', Email: 'nouveau@example.org' }] } });
    const delta = await allIds('/crm/v8/Contacts?fields=Title,Modified_Time&sort_by=Modified_Time&sort_order=asc', { 'If-Modified-Since': cursor });
    expect(delta.ids.sort()).toEqual([...changed, created.body.data[0].details.id].sort());
    const one = await get(`/crm/v8/Contacts/${changed[0]}?fields=Title`);
    expect(one.body.data[0]).toEqual({ id: changed[0], Title: 'Head of Sales' });
  });

  it('accepts an HTTP date as well as Zoho’s ISO 8601 form, and refuses garbage', async () => {
    await admin(h, 'POST', `/accounts/${accountId}/contacts/modify`, { count: 1 });
    const httpDate = new Date(h.clock.now - 5000).toUTCString();
    expect((await get('/crm/v8/Contacts?fields=Last_Name', { 'If-Modified-Since': httpDate })).body.data).toHaveLength(1);
    expect((await get('/crm/v8/Contacts?fields=Last_Name', { 'If-Modified-Since': 'yesterday' })).body).toMatchObject({ code: 'INVALID_DATA', details: { param_name: 'If-Modified-Since' } });
  });

  it('answers 204 No Content for an org without contacts', async () => {
    await admin(h, 'PATCH', `/accounts/${accountId}`, { contactCount: 0 });
    const res = await get('/crm/v8/Contacts?fields=Last_Name');
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
  });
});

describe('GET /crm/v8/Contacts/{id}', () => {
  it('returns the whole record, 204 for an unknown or deleted id, 304 when not modified since', async () => {
    const list = await get('/crm/v8/Contacts?fields=Last_Name&per_page=1');
    const id = list.body.data[0].id as string;
    const one = await get(`/crm/v8/Contacts/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.data[0]).toMatchObject({ id, Full_Name: expect.any(String), Owner: expect.any(Object), Created_Time: expect.any(String), Modified_Time: expect.any(String) });
    expect(Object.keys(one.body.data[0])).toEqual(expect.arrayContaining(['First_Name', 'Last_Name', 'Email', 'Phone', 'Mobile', 'Account_Name', 'Title', 'Lead_Source', 'Mailing_Country']));
    expect((await get(`/crm/v8/Contacts/${id}`, { 'If-Modified-Since': new Date(h.clock.now).toISOString() })).status).toBe(304);
    expect((await get('/crm/v8/Contacts/1234567000000000001')).status).toBe(204);
    await admin(h, 'POST', `/accounts/${accountId}/contacts/delete`, { ids: [id] });
    expect((await get(`/crm/v8/Contacts/${id}`)).status).toBe(204);
  });
});

describe('GET /crm/v8/Contacts/deleted', () => {
  it('lists deletions newest first with Zoho’s fields, filtered by type and If-Modified-Since', async () => {
    expect((await get('/crm/v8/Contacts/deleted')).status).toBe(204);
    const recycled = (await admin(h, 'POST', `/accounts/${accountId}/contacts/delete`, { count: 3 })).body.ids as string[];
    h.clock.advance(10_000);
    const cursor = new Date(h.clock.now).toISOString();
    const permanent = (await admin(h, 'POST', `/accounts/${accountId}/contacts/delete`, { count: 2, permanent: true })).body.ids as string[];
    const newest = (await get('/crm/v8/Contacts?fields=Last_Name&per_page=1')).body.data[0].id as string;
    const viaApi = await api(apiDomain, token, `/crm/v8/Contacts?ids=${newest}`, { method: 'DELETE' });
    expect(viaApi.status).toBe(200);

    const all = await get('/crm/v8/Contacts/deleted?type=all');
    expect(all.body.info).toEqual({ per_page: 200, count: 6, page: 1, more_records: false });
    expect(all.body.data[0]).toEqual({
      deleted_by: { name: expect.any(String), id: expect.any(String) },
      id: newest,
      display_name: expect.any(String),
      type: 'recycle',
      created_by: { name: expect.any(String), id: expect.any(String) },
      deleted_time: expect.stringMatching(/-07:00$/),
    });
    expect((await get('/crm/v8/Contacts/deleted?type=permanent')).body.data.map((d: { id: string }) => d.id).sort()).toEqual([...permanent].sort());
    expect((await get('/crm/v8/Contacts/deleted?type=recycle')).body.info.count).toBe(4);
    const since = await get('/crm/v8/Contacts/deleted', { 'If-Modified-Since': cursor });
    expect(since.body.info.count).toBe(3);
    const paged = await get('/crm/v8/Contacts/deleted?per_page=4&page=2');
    expect(paged.body.info).toEqual({ per_page: 4, count: 2, page: 2, more_records: false });
    expect((await get('/crm/v8/Contacts/deleted?type=gone')).body).toMatchObject({ code: 'INVALID_DATA', details: { param_name: 'type' } });
    // Deleted contacts no longer appear in Get Records.
    const remaining = await allIds('/crm/v8/Contacts?fields=Last_Name');
    expect(remaining.ids).toHaveLength(494);
    for (const id of [...recycled, ...permanent]) expect(remaining.ids).not.toContain(id);
  });
});

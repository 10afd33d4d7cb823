import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, startHarness } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

let h: Harness;
let accountId: string;
let apiDomain: string;
let token: string;
const call = (path: string, withToken = token) => api(apiDomain, withToken, path);

beforeAll(async () => {
  h = await startHarness({ accounts: [{ name: 'Views Org', dataCentre: 'us', contactCount: 2_300 }] });
});
beforeEach(() => {
  h.admin.reset();
  accountId = h.admin.listAccounts()[0]?.id ?? '';
  ({ api_domain: apiDomain, access_token: token } = h.admin.mintToken(accountId));
});
afterAll(() => h.close());

async function contactIds(count: number): Promise<string[]> {
  const res = await call(`/crm/v8/Contacts?fields=Last_Name&per_page=${count}`);
  return (res.body.data as { id: string }[]).map((record) => record.id);
}

/** Every contact id, paged as Get Records pages past 2,000: by page_token. */
async function allContactIds(): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const res = await call(`/crm/v8/Contacts?fields=Last_Name&per_page=200${token ? `&page_token=${token}` : ''}`);
    ids.push(...(res.body.data as { id: string }[]).map((record) => record.id));
    token = res.body.info.next_page_token;
  } while (token);
  return ids;
}

describe('Zoho custom views of Contacts', () => {
  it('lists the views (204 when there are none) and pages a view’s records by cvid', async () => {
    expect((await call('/crm/v8/settings/custom_views?module=Contacts')).status).toBe(204);
    const ids = await contactIds(200);
    const view = h.admin.createCustomView(accountId, { name: 'Callers', memberIds: ids.slice(0, 150) });

    const views = await call('/crm/v8/settings/custom_views?module=Contacts');
    expect(views.status).toBe(200);
    expect(views.body.custom_views).toEqual([expect.objectContaining({ id: view.id, name: 'Callers', display_value: 'Callers' })]);

    const first = await call(`/crm/v8/Contacts?cvid=${view.id}&fields=id&per_page=100&page=1`);
    const second = await call(`/crm/v8/Contacts?cvid=${view.id}&fields=id&per_page=100&page=2`);
    expect(first.body.info).toMatchObject({ page: 1, count: 100, more_records: true });
    expect(second.body.info).toMatchObject({ page: 2, count: 50, more_records: false });
    const read = [...first.body.data, ...second.body.data].map((record: { id: string }) => record.id);
    expect(new Set(read)).toEqual(new Set(ids.slice(0, 150)));
  });

  it('pages a view past 2,000 records by page_token only, as Get Records does', async () => {
    const ids = await allContactIds();
    expect(ids).toHaveLength(2_300);
    const view = h.admin.createCustomView(accountId, { name: 'Everyone', memberIds: ids });

    const tenth = await call(`/crm/v8/Contacts?cvid=${view.id}&fields=id&per_page=200&page=10`);
    expect(tenth.body.info).toMatchObject({ page: 10, count: 200, more_records: true, next_page_token: expect.any(String) });
    const eleventh = await call(`/crm/v8/Contacts?cvid=${view.id}&fields=id&per_page=200&page=11`);
    expect(eleventh.status).toBe(400);
    expect(eleventh.body.code).toBe('DISCRETE_PAGINATION_LIMIT_EXCEEDED');
    const both = await call(`/crm/v8/Contacts?cvid=${view.id}&fields=id&page=2&page_token=${tenth.body.info.next_page_token}`);
    expect(both.body.code).toBe('AMBIGUITY_DURING_PROCESSING');
    const other = h.admin.createCustomView(accountId, { name: 'Other', memberIds: ids.slice(0, 5) });
    const foreign = await call(`/crm/v8/Contacts?cvid=${other.id}&fields=id&page_token=${tenth.body.info.next_page_token}`);
    expect(foreign.body.code).toBe('TOKEN_BOUND_DATA_MISMATCH');

    // Pages 1–10, then the tokens: every member once.
    const read: string[] = [];
    for (let page = 1; page <= 10; page++) read.push(...(await call(`/crm/v8/Contacts?cvid=${view.id}&fields=id&per_page=200&page=${page}`)).body.data.map((record: { id: string }) => record.id));
    let token: string | null = tenth.body.info.next_page_token;
    while (token) {
      const res = await call(`/crm/v8/Contacts?cvid=${view.id}&fields=id&per_page=200&page_token=${token}`);
      read.push(...res.body.data.map((record: { id: string }) => record.id));
      token = res.body.info.next_page_token;
    }
    expect(read).toHaveLength(2_300);
    expect(new Set(read)).toEqual(new Set(ids));
  });

  it('follows members changed by the admin and records deleted since', async () => {
    const ids = await contactIds(10);
    const view = h.admin.createCustomView(accountId, { name: 'Small', memberIds: ids.slice(0, 3) });
    h.admin.changeCustomViewMembers(accountId, view.id, { add: [ids[5]!], remove: [ids[0]!] });
    h.admin.deleteContacts(accountId, { ids: [ids[1]!] });

    const res = await call(`/crm/v8/Contacts?cvid=${view.id}&fields=id`);
    expect(new Set(res.body.data.map((record: { id: string }) => record.id))).toEqual(new Set([ids[2]!, ids[5]!]));
  });

  it('refuses an unknown cvid (400 INVALID_DATA) and a token without the custom views scope (401 OAUTH_SCOPE_MISMATCH)', async () => {
    const unknown = await call('/crm/v8/Contacts?cvid=123&fields=id');
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('INVALID_DATA');
    const narrow = h.admin.mintToken(accountId, { scopes: ['ZohoCRM.modules.contacts.ALL'] }).access_token;
    const refused = await call('/crm/v8/settings/custom_views?module=Contacts', narrow);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('OAUTH_SCOPE_MISMATCH');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, startHarness } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

let h: Harness;
let accountId: string;
let apiDomain: string;
let token: string;
const call = (path: string, withToken = token) => api(apiDomain, withToken, path);

beforeAll(async () => {
  h = await startHarness({ accounts: [{ name: 'Views Org', dataCentre: 'us', contactCount: 300 }] });
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

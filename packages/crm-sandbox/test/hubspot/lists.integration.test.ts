import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, listAll, startTestSandbox, type ErrorBody, type TestSandbox } from './helpers';

type ListResponse = { listId: string; name: string; processingType: string; objectTypeId: string; size: number };
type MembershipsBody = { results: Array<{ recordId: string; membershipTimestamp: string }>; paging?: { next: { after: string } } };

let sandbox: TestSandbox;
beforeEach(async () => {
  sandbox = await startTestSandbox({ defaultPortal: { name: 'Lists', contactCount: 50 } });
});
afterEach(() => sandbox.close());

async function allMembers(listId: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after = '';
  let pages = 0;
  for (;;) {
    const page = await call<MembershipsBody>(sandbox.url, `/crm/v3/lists/${listId}/memberships?limit=${limit}${after ? `&after=${after}` : ''}`, { token: sandbox.token });
    expect(page.status).toBe(200);
    pages += 1;
    ids.push(...page.body.results.map((result) => result.recordId));
    if (!page.body.paging) return { ids, pages };
    after = page.body.paging.next.after;
  }
}

describe('HubSpot Lists API v3 (contact lists)', () => {
  it('finds lists by name and processing type with POST /crm/v3/lists/search, and one by id', async () => {
    const ids = (await listAll(sandbox.url, sandbox.token)).map((contact) => contact.id);
    const manual = sandbox.admin.createList(sandbox.portalId, { name: 'Webinar leads', memberIds: ids.slice(0, 3) });
    sandbox.admin.createList(sandbox.portalId, { name: 'Hot prospects', processingType: 'DYNAMIC', memberIds: ids.slice(3, 5) });

    const found = await call<{ lists: ListResponse[]; hasMore: boolean; total: number }>(sandbox.url, '/crm/v3/lists/search', {
      method: 'POST',
      token: sandbox.token,
      json: { query: 'webinar', processingTypes: ['MANUAL'] },
    });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ total: 1, hasMore: false, lists: [{ listId: manual.listId, name: 'Webinar leads', processingType: 'MANUAL', objectTypeId: '0-1', size: 3 }] });

    const one = await call<{ list: ListResponse }>(sandbox.url, `/crm/v3/lists/${manual.listId}`, { token: sandbox.token });
    expect(one.body.list.name).toBe('Webinar leads');
    const missing = await call<ErrorBody>(sandbox.url, '/crm/v3/lists/999', { token: sandbox.token });
    expect(missing.status).toBe(404);
  });

  it('pages memberships by record id with `after`, and follows members added, removed and archived', async () => {
    const ids = (await listAll(sandbox.url, sandbox.token)).map((contact) => contact.id);
    const list = sandbox.admin.createList(sandbox.portalId, { name: 'Big', memberIds: ids.slice(0, 25) });
    const first = await allMembers(list.listId, 10);
    expect(first.pages).toBe(3);
    expect(first.ids).toEqual([...ids.slice(0, 25)].sort((a, b) => Number(a) - Number(b)));

    sandbox.admin.changeListMembers(sandbox.portalId, list.listId, { add: [ids[30]!], remove: [ids[0]!, ids[1]!] });
    sandbox.admin.deleteContacts(sandbox.portalId, { ids: [ids[2]!] });
    const after = await allMembers(list.listId, 100);
    expect(new Set(after.ids)).toEqual(new Set([...ids.slice(3, 25), ids[30]!]));
  });

  it('refuses a token without crm.lists.read with 403 MISSING_SCOPES', async () => {
    const token = sandbox.admin.mintToken(sandbox.portalId, { scopes: ['oauth', 'crm.objects.contacts.read'] }).access_token;
    const refused = await call<ErrorBody>(sandbox.url, '/crm/v3/lists/search', { method: 'POST', token, json: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.context).toEqual({ requiredScopes: ['crm.lists.read'] });
  });
});

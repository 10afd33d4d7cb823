import type { TContactListResponse, TCrmListsResponse, TSegment } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUser } from '../../src/db/transactions';
import { startSyncTestbed, waitForFirstSync, type SyncTestbed } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';

/**
 * CRM lists as segments over HTTP against the sandbox CRMs and a real Postgres: the CRM's lists,
 * an import whose members follow the CRM after each sync and on demand, and the tenant wall.
 */
let testbed: SyncTestbed;
let owner: TestUser;
let stranger: TestUser;
/** The owner's synced HubSpot contacts: external id → our id. */
let hubspotIds: Map<string, string>;

type Answer<T = unknown> = { status: number; body: T };

async function call<T = unknown>(as: TestUser, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const res = await testbed.api(as, path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function expectOk<T>(answer: Promise<Answer<T>>, status = 200): Promise<T> {
  const { status: actual, body } = await answer;
  if (actual !== status) throw new Error(`expected ${status}, got ${actual}: ${JSON.stringify(body)}`);
  return body;
}

/** The segment's members by name-independent identity: the CRM's ids, read through GET /segments/:id/contacts. */
async function memberExternalIds(as: TestUser, segmentId: string): Promise<string[]> {
  const list = await expectOk(call<TContactListResponse>(as, 'GET', `/segments/${segmentId}/contacts?limit=200`));
  if (list.view !== 'unified') throw new Error('expected the unified view');
  return list.items.map((contact) => contact.externalId).sort();
}

async function syncAndWait(as: TestUser, platform: 'hubspot' | 'zoho' | 'salesforce'): Promise<void> {
  const { runId } = await expectOk(call<{ runId: string }>(as, 'POST', `/crm/${platform}/sync`), 202);
  const run = await testbed.waitForRun(as, runId);
  expect(run.status).toBe('succeeded');
}

/** The refresh after a sync runs when the run has ended: wait until the segment shows it. */
async function waitForRefreshAfter(as: TestUser, segmentId: string, since: string | null): Promise<TSegment> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const segment = await expectOk(call<TSegment>(as, 'GET', `/segments/${segmentId}`));
    if (segment.source?.refreshedAt && (since === null || segment.source.refreshedAt > since)) return segment;
    if (Date.now() > deadline) throw new Error(`segment ${segmentId} not refreshed since ${since}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const sorted = (ids: string[]) => [...ids].sort();
const claimsOf = (user: TestUser) => ({ sub: user.id, role: 'authenticated' as const, email: user.email, aud: 'authenticated' });

beforeAll(async () => {
  testbed = await startSyncTestbed({ hubspotContacts: 40, zohoContacts: 30, salesforceOrgs: [{ contacts: 30, leads: 5 }] });
  owner = await testbed.signUp();
  stranger = await testbed.signUp();
  await testbed.connect(owner, 'hubspot');
  await waitForFirstSync(testbed, owner, 'hubspot');
  const { rows } = await testbed.product.pool.query<{ id: string; external_id: string }>(
    `select id, external_id from public.crm_contacts where user_id = $1 and platform = 'hubspot' and deleted_at is null order by external_id::bigint`,
    [owner.id],
  );
  hubspotIds = new Map(rows.map((row) => [row.external_id, row.id]));
}, 120_000);

afterAll(async () => {
  await testbed?.close();
});

describe('GET /api/v1/crm/:platform/lists', () => {
  it("lists the CRM's contact lists, static and dynamic, with their sizes", async () => {
    const [a, b] = [...hubspotIds.keys()];
    const manual = testbed.hubspot.admin.createList(testbed.portalId, { name: 'Lists: webinar', memberIds: [a!, b!] });
    const dynamic = testbed.hubspot.admin.createList(testbed.portalId, { name: 'Lists: hot leads', processingType: 'DYNAMIC', memberIds: [a!] });

    const { items } = await expectOk(call<TCrmListsResponse>(owner, 'GET', '/crm/hubspot/lists'));
    expect(items).toContainEqual({ id: manual.listId, name: 'Lists: webinar', membership: 'static', size: 2 });
    expect(items).toContainEqual({ id: dynamic.listId, name: 'Lists: hot leads', membership: 'dynamic', size: 1 });
  });

  it('is a 404 crm_not_connected for a CRM the user has not connected, and a 400 for an unknown platform', async () => {
    expect((await call(stranger, 'GET', '/crm/hubspot/lists')).status).toBe(404);
    expect((await call<{ error: { code: string } }>(stranger, 'GET', '/crm/hubspot/lists')).body.error.code).toBe('crm_not_connected');
    expect((await call(owner, 'GET', '/crm/pipedrive/lists')).status).toBe(400);
  });
});

describe('POST /api/v1/segments/crm-lists', () => {
  it('imports a HubSpot list whose members then follow the CRM after each sync', async () => {
    const external = [...hubspotIds.keys()];
    const list = testbed.hubspot.admin.createList(testbed.portalId, { name: 'Follow me', memberIds: external.slice(0, 5) });

    const imported = await expectOk(call<TSegment>(owner, 'POST', '/segments/crm-lists', { platform: 'hubspot', listId: list.listId }), 201);
    expect(imported).toMatchObject({ kind: 'crm_list', name: 'Follow me', source: { platform: 'hubspot', listId: list.listId }, problem: null });
    expect(imported.counts).toEqual({ total: 5, byPlatform: { hubspot: 5 }, isEstimate: false });
    expect(await memberExternalIds(owner, imported.id)).toEqual(sorted(external.slice(0, 5)));

    // At the CRM: two leave, three join; then a sync of the connection.
    testbed.hubspot.admin.changeListMembers(testbed.portalId, list.listId, { remove: external.slice(0, 2), add: external.slice(10, 13) });
    await syncAndWait(owner, 'hubspot');
    const refreshed = await waitForRefreshAfter(owner, imported.id, imported.source!.refreshedAt);

    expect(refreshed.counts?.total).toBe(6);
    expect(await memberExternalIds(owner, imported.id)).toEqual(sorted([...external.slice(2, 5), ...external.slice(10, 13)]));
  });

  it('refreshes on demand, and a contact deleted in the CRM leaves the segment with the sync that sees it go', async () => {
    const external = [...hubspotIds.keys()];
    const list = testbed.hubspot.admin.createList(testbed.portalId, { name: 'On demand', memberIds: external.slice(20, 24) });
    const imported = await expectOk(call<TSegment>(owner, 'POST', '/segments/crm-lists', { platform: 'hubspot', listId: list.listId, name: 'My on-demand list' }), 201);
    expect(imported.name).toBe('My on-demand list');

    testbed.hubspot.admin.changeListMembers(testbed.portalId, list.listId, { add: [external[25]!] });
    const refreshed = await expectOk(call<TSegment>(owner, 'POST', `/segments/${imported.id}/refresh`));
    expect(refreshed.counts?.total).toBe(5);
    expect(await memberExternalIds(owner, imported.id)).toEqual(sorted([...external.slice(20, 24), external[25]!]));

    testbed.hubspot.admin.deleteContacts(testbed.portalId, { ids: [external[21]!] });
    await syncAndWait(owner, 'hubspot');
    await waitForRefreshAfter(owner, imported.id, refreshed.source!.refreshedAt);
    expect(await memberExternalIds(owner, imported.id)).toEqual(sorted([external[20]!, ...external.slice(22, 24), external[25]!]));
  });

  it('is a 409 for a list imported already, and a 404 for a list the CRM does not have', async () => {
    const list = testbed.hubspot.admin.createList(testbed.portalId, { name: 'Twice', memberIds: [] });
    await expectOk(call(owner, 'POST', '/segments/crm-lists', { platform: 'hubspot', listId: list.listId }), 201);

    const again = await call<{ error: { code: string } }>(owner, 'POST', '/segments/crm-lists', { platform: 'hubspot', listId: list.listId, name: 'Another name' });
    expect(again.status).toBe(409);
    const missing = await call<{ error: { code: string } }>(owner, 'POST', '/segments/crm-lists', { platform: 'hubspot', listId: '987654' });
    expect(missing.status).toBe(404);
    expect((await call(owner, 'POST', '/segments/crm-lists', { platform: 'hubspot' })).status).toBe(400);
  });

  it('keeps a list segment\'s filter its own: PATCH of a filter is a 400, and a filter segment has nothing to refresh (409)', async () => {
    const list = testbed.hubspot.admin.createList(testbed.portalId, { name: 'No filter', memberIds: [] });
    const imported = await expectOk(call<TSegment>(owner, 'POST', '/segments/crm-lists', { platform: 'hubspot', listId: list.listId }), 201);
    expect((await call(owner, 'PATCH', `/segments/${imported.id}`, { filter: { callable: true } })).status).toBe(400);
    expect((await expectOk(call<TSegment>(owner, 'PATCH', `/segments/${imported.id}`, { name: 'Renamed list' }))).name).toBe('Renamed list');

    const filterSegment = await expectOk(call<TSegment>(owner, 'POST', '/segments', { name: 'Plain filter', filter: { callable: true } }), 201);
    expect((await call(owner, 'POST', `/segments/${filterSegment.id}/refresh`)).status).toBe(409);
  });
});

async function externalIdsOf(as: TestUser, platform: 'zoho' | 'salesforce'): Promise<string[]> {
  const { rows } = await testbed.product.pool.query<{ external_id: string }>(
    `select external_id from public.crm_contacts where user_id = $1 and platform = $2 and object_type = 'contact' and deleted_at is null order by external_id`,
    [as.id, platform],
  );
  return rows.map((row) => row.external_id);
}

describe('agents and campaigns from a CRM list segment', () => {
  it("gives an agent the list's members, and a later campaign the members the list has after a sync", async () => {
    const { rows: callableRows } = await testbed.product.pool.query<{ external_id: string }>(
      `select external_id from public.crm_contacts where user_id = $1 and platform = 'hubspot' and deleted_at is null
         and (phone_e164 is not null or mobile_phone_e164 is not null) order by external_id::bigint desc limit 4`,
      [owner.id],
    );
    const callable = callableRows.map((row) => row.external_id);
    expect(callable).toHaveLength(4);
    const list = testbed.hubspot.admin.createList(testbed.portalId, { name: 'Call list', memberIds: callable.slice(0, 3) });
    const segment = await expectOk(call<TSegment>(owner, 'POST', '/segments/crm-lists', { platform: 'hubspot', listId: list.listId }), 201);
    const created = await expectOk(call<{ agent: { id: string; contactCount: number } }>(owner, 'POST', '/agents', { name: 'List caller', voice: 'sage', contacts: { segmentId: segment.id } }), 201);
    expect(created.agent.contactCount).toBe(3);

    testbed.hubspot.admin.changeListMembers(testbed.portalId, list.listId, { remove: callable.slice(0, 3), add: [callable[3]!] });
    await syncAndWait(owner, 'hubspot');
    await waitForRefreshAfter(owner, segment.id, segment.source!.refreshedAt);
    const { campaign } = await expectOk(call<{ campaign: { id: string } }>(owner, 'POST', '/campaigns', { agentId: created.agent.id, name: 'After the list changed' }), 201);
    const { rows } = await testbed.product.pool.query<{ crm_contact_id: string }>('select crm_contact_id from public.campaign_contacts where campaign_id = $1', [campaign.id]);
    expect(rows.map((row) => row.crm_contact_id)).toEqual([hubspotIds.get(callable[3]!)]);
  });
});

describe('Zoho custom views and Salesforce list views as segments', () => {
  beforeAll(async () => {
    await testbed.connect(owner, 'zoho');
    await waitForFirstSync(testbed, owner, 'zoho');
    await testbed.connect(owner, 'salesforce');
    await waitForFirstSync(testbed, owner, 'salesforce');
  }, 120_000);

  it('imports a Zoho custom view whose records then follow the CRM after a sync', async () => {
    const external = await externalIdsOf(owner, 'zoho');
    const view = testbed.zoho.admin.createCustomView(testbed.zohoOrgId, { name: 'Zoho: callers', memberIds: external.slice(0, 4) });
    const { items } = await expectOk(call<TCrmListsResponse>(owner, 'GET', '/crm/zoho/lists'));
    expect(items).toContainEqual({ id: view.id, name: 'Zoho: callers', membership: 'dynamic', size: null });

    const imported = await expectOk(call<TSegment>(owner, 'POST', '/segments/crm-lists', { platform: 'zoho', listId: view.id }), 201);
    expect(imported.counts).toMatchObject({ total: 4, byPlatform: { zoho: 4 } });

    testbed.zoho.admin.changeCustomViewMembers(testbed.zohoOrgId, view.id, { remove: [external[0]!], add: external.slice(10, 12) });
    await syncAndWait(owner, 'zoho');
    await waitForRefreshAfter(owner, imported.id, imported.source!.refreshedAt);
    expect(await memberExternalIds(owner, imported.id)).toEqual(sorted([...external.slice(1, 4), ...external.slice(10, 12)]));
  });

  it("imports a Salesforce list view, whose members are the contacts its filter matches as they change in the CRM", async () => {
    const orgId = testbed.salesforceOrgIds[0]!;
    const external = await externalIdsOf(owner, 'salesforce');
    for (const id of external.slice(0, 3)) testbed.salesforce.admin.updateRecord(orgId, 'Contact', id, { Title: 'List View Member' });
    const view = testbed.salesforce.admin.createListView(orgId, { label: 'Members by title', where: "Title = 'List View Member'" });
    const { items } = await expectOk(call<TCrmListsResponse>(owner, 'GET', '/crm/salesforce/lists'));
    expect(items).toContainEqual({ id: view.id, name: 'Members by title', membership: 'dynamic', size: null });

    const imported = await expectOk(call<TSegment>(owner, 'POST', '/segments/crm-lists', { platform: 'salesforce', listId: view.id }), 201);
    expect(imported.counts).toMatchObject({ total: 3, byPlatform: { salesforce: 3 } });

    testbed.salesforce.admin.updateRecord(orgId, 'Contact', external[0]!, { Title: 'Someone else' });
    testbed.salesforce.admin.updateRecord(orgId, 'Contact', external[5]!, { Title: 'List View Member' });
    await syncAndWait(owner, 'salesforce');
    await waitForRefreshAfter(owner, imported.id, imported.source!.refreshedAt);
    expect(await memberExternalIds(owner, imported.id)).toEqual(sorted([external[1]!, external[2]!, external[5]!]));
  });
});

describe('tenant wall', () => {
  it("hides another user's list segment and its members, over HTTP and under row-level security", async () => {
    const external = [...hubspotIds.keys()];
    const list = testbed.hubspot.admin.createList(testbed.portalId, { name: 'Private list', memberIds: external.slice(30, 33) });
    const imported = await expectOk(call<TSegment>(owner, 'POST', '/segments/crm-lists', { platform: 'hubspot', listId: list.listId }), 201);

    expect((await call(stranger, 'GET', `/segments/${imported.id}`)).status).toBe(404);
    expect((await call(stranger, 'GET', `/segments/${imported.id}/contacts`)).status).toBe(404);
    expect((await call(stranger, 'POST', `/segments/${imported.id}/refresh`)).status).toBe(404);

    const seen = await withUser(testbed.product.pool, claimsOf(stranger), async (db) => (await db.query('select count(*)::int as n from public.crm_list_members')).rows[0].n as number);
    expect(seen).toBe(0);
    const own = await withUser(testbed.product.pool, claimsOf(owner), async (db) =>
      (await db.query('select count(*)::int as n from public.crm_list_members where segment_id = $1', [imported.id])).rows[0].n as number,
    );
    expect(own).toBe(3);
    // Users read members; only the server writes them.
    await expect(
      withUser(testbed.product.pool, claimsOf(owner), (db) => db.query('delete from public.crm_list_members where segment_id = $1', [imported.id])),
    ).rejects.toThrow(/permission denied/);
  });
});

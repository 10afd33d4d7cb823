import { randomUUID } from 'node:crypto';
import type { TAgentDetail, TContact, TContactListResponse, TCreateAgentResponse, TSegment, TSegmentListResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUser } from '../../src/db/transactions';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';

/**
 * /api/v1/segments over HTTP against a real Postgres: saved filters with live counts per CRM,
 * their contacts through the contacts list, the tenant wall, and agents whose campaigns take a
 * segment's members as they are when each campaign starts.
 */
let product: TestProduct;
let owner: TestUser;
let stranger: TestUser;
const ids: Record<string, string> = {};

type Answer<T = unknown> = { status: number; body: T; location: string | null };

async function call<T = unknown>(as: TestUser, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const res = await fetch(`${product.url}/api/v1${path}`, {
    method,
    headers: { ...as.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T, location: res.headers.get('location') };
}

async function expectOk<T>(answer: Promise<Answer<T>>, status = 200): Promise<T> {
  const { status: actual, body } = await answer;
  if (actual !== status) throw new Error(`expected ${status}, got ${actual}: ${JSON.stringify(body)}`);
  return body;
}

const acme = { where: { field: 'company', operator: 'eq', value: 'Acme' } } as const;
const createSegment = (as: TestUser, body: unknown) => expectOk(call<TSegment>(as, 'POST', '/segments', body), 201);
const uniqueName = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  // Counts made together and apart are compared: neither may fall back to an estimate because a loaded machine made it slow.
  product = await startTestProduct({}, { treeCountBudgetMs: 10_000 });
  owner = await signUpTestUser(product);
  stranger = await signUpTestUser(product);
  const names = ['ada', 'alan', 'grace', 'zoe', 'bob', 'lin'] as const;
  const mine = await insertContacts(product.pool, owner.id, [
    { platform: 'hubspot', firstName: 'Ada', lastName: 'Lovelace', company: 'Acme', phoneE164: '+14155550101' },
    { platform: 'hubspot', firstName: 'Alan', lastName: 'Turing', company: 'Acme', mobilePhoneE164: '+442079460018' },
    { platform: 'zoho', firstName: 'Grace', lastName: 'Hopper', company: 'Acme', phoneE164: '+14155550102' },
    { platform: 'zoho', firstName: 'Zoë', lastName: 'Ångström', company: 'Acme', email: 'zoe@acme.test' },
    { platform: 'hubspot', firstName: 'Bob', lastName: 'Builder', company: 'Globex', phoneE164: '+14155550103' },
    { platform: 'salesforce', firstName: 'Lin', lastName: 'Yu', company: 'Acme', phoneE164: '+14155550104', objectType: 'lead' },
  ]);
  names.forEach((name, i) => (ids[name] = mine[i]!));
  // The stranger's Acme contact would show in every count and list of the owner's were the wall down.
  await insertContacts(product.pool, stranger.id, [{ platform: 'hubspot', firstName: 'Eve', lastName: 'Stranger', company: 'Acme', phoneE164: '+14155550199' }]);
}, 60_000);

afterAll(async () => {
  await product?.close();
});

describe('POST /api/v1/segments', () => {
  it('saves a filter and answers it with its live counts per CRM and a Location', async () => {
    const answer = await call<TSegment>(owner, 'POST', '/segments', { name: uniqueName('Acme'), description: '  People at Acme ', filter: acme });

    expect(answer.status).toBe(201);
    expect(answer.location).toBe(`/api/v1/segments/${answer.body.id}`);
    expect(answer.body).toMatchObject({ kind: 'filter', description: 'People at Acme', filter: acme, problem: null });
    expect(answer.body.counts).toEqual({ byPlatform: { hubspot: 2, zoho: 2, salesforce: 1 }, total: 5, isEstimate: false });
  });

  it('counts only the CRMs its platform filter names, with the list\'s other filters', async () => {
    const segment = await createSegment(owner, { name: uniqueName('Zoho callable'), filter: { platform: 'zoho', callable: true } });

    expect(segment.filter.platform).toEqual(['zoho']);
    expect(segment.counts).toEqual({ byPlatform: { zoho: 1 }, total: 1, isEstimate: false });
  });

  it('counts exactly what GET /crm/contacts counts for the same filters, a search included', async () => {
    const filter = { q: 'acme', objectType: 'contact' as const };
    const segment = await createSegment(owner, { name: uniqueName('Search'), filter });
    const list = await expectOk(call<TContactListResponse>(owner, 'GET', '/crm/contacts?q=acme&objectType=contact'));

    expect(segment.counts).toEqual(list.counts);
  });

  it('refuses a tree naming a field the user has not got, naming the condition under filter.where', async () => {
    const answer = await call<{ error: { code: string; details: { issues: Array<{ field: string }> } } }>(owner, 'POST', '/segments', {
      name: uniqueName('Bad'),
      filter: { where: { and: [acme.where, { field: 'custom.nope', operator: 'eq', value: 'x' }] } },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(answer.body.error.details.issues.map((issue) => issue.field)).toEqual(['filter.where.and.1']);
  });

  it('refuses an empty or too long name and an unknown field, naming them', async () => {
    for (const [body, field] of [
      [{ name: '  ', filter: {} }, 'name'],
      [{ name: 'x'.repeat(121), filter: {} }, 'name'],
      [{ name: 'ok', filter: {}, colour: 'red' }, 'colour'],
      [{ name: 'ok' }, 'filter'],
    ] as const) {
      const answer = await call<{ error: { code: string; details: { issues: Array<{ field: string }> } } }>(owner, 'POST', '/segments', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.details.issues.map((issue) => issue.field), JSON.stringify(body)).toContain(field);
    }
  });

  it('answers 409 naming the name when the user has a segment of that name in any case, and lets another user take it', async () => {
    const name = uniqueName('Renewals');
    await createSegment(owner, { name, filter: {} });

    const again = await call<{ error: { code: string; message: string } }>(owner, 'POST', '/segments', { name: name.toUpperCase(), filter: {} });

    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect(again.body.error.message).toContain(name.toUpperCase());
    expect((await call(stranger, 'POST', '/segments', { name, filter: {} })).status).toBe(201);
  });
});

describe('GET /api/v1/segments', () => {
  it('pages the user\'s segments newest first, each with its counts, and never another user\'s', async () => {
    const fresh = await signUpTestUser(product);
    await insertContacts(product.pool, fresh.id, [{ platform: 'zoho', firstName: 'Solo', company: 'Acme', phoneE164: '+14155550150' }]);
    const made: string[] = [];
    for (const name of ['First', 'Second', 'Third']) made.push((await createSegment(fresh, { name, filter: acme })).id);

    const first = await expectOk(call<TSegmentListResponse>(fresh, 'GET', '/segments?limit=2'));
    const second = await expectOk(call<TSegmentListResponse>(fresh, 'GET', `/segments?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`));

    expect([...first.items, ...second.items].map((segment) => segment.id)).toEqual(made.reverse());
    expect(second.nextCursor).toBeNull();
    for (const segment of [...first.items, ...second.items]) expect(segment.counts?.byPlatform).toEqual({ hubspot: 0, zoho: 1, salesforce: 0 });
  });

  it('counts a page of mixed segments as each one alone counts: trees together in one pass, searches, kept counts and a stale tree apart', async () => {
    const user = await signUpTestUser(product);
    await insertContacts(product.pool, user.id, [
      { platform: 'hubspot', firstName: 'Ann', company: 'Acme', phoneE164: '+14155550131' },
      { platform: 'zoho', firstName: 'Ben', company: 'Acme', email: 'ben@acme.test' },
      { platform: 'salesforce', firstName: 'Cy', company: 'Globex', phoneE164: '+14155550132', objectType: 'lead' },
      { platform: 'zoho', firstName: 'Dee', company: 'Acme', phoneE164: '+14155550133', deletedAt: new Date() },
    ]);
    await product.pool.query(
      `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type)
       values ($1, 'zoho', 'contact', 'tier', 'custom', 'tier', 'Tier', 'string')`,
      [user.id],
    );
    const filters = [
      acme,
      { platform: 'zoho' as const, where: { field: 'hasEmail', operator: 'eq' as const, value: true } },
      { objectType: 'lead' as const },
      { q: 'acme', callable: true },
      { callable: true },
      { where: { field: 'custom.tier', operator: 'eq' as const, value: 'gold' } },
      { where: { or: [{ field: 'company', operator: 'eq' as const, value: 'Globex' }, { field: 'firstName', operator: 'eq' as const, value: 'Ben' }] } },
    ];
    for (const [i, filter] of filters.entries()) await createSegment(user, { name: `Mixed ${i}`, filter });
    await product.pool.query(`delete from public.crm_field_mappings where user_id = $1`, [user.id]);

    const { items } = await expectOk(call<TSegmentListResponse>(user, 'GET', '/segments?limit=20'));
    const alone = await Promise.all(items.map((item) => expectOk(call<TSegment>(user, 'GET', `/segments/${item.id}`))));

    expect(items.map((item) => [item.name, item.counts, item.problem])).toEqual(alone.map((item) => [item.name, item.counts, item.problem]));
    expect(Object.fromEntries(items.map((item) => [item.name, item.counts?.total ?? item.problem?.slice(0, 15)]))).toEqual({
      'Mixed 0': 2,
      'Mixed 1': 1,
      'Mixed 2': 1,
      'Mixed 3': 1,
      'Mixed 4': 2,
      'Mixed 5': 'Invalid filter:',
      'Mixed 6': 2,
    });
  });

  it('refuses a page larger than 20 and a cursor it did not issue', async () => {
    expect((await call(owner, 'GET', '/segments?limit=21')).status).toBe(400);
    expect((await call(owner, 'GET', '/segments?cursor=forged')).status).toBe(400);
  });
});

describe('PATCH /api/v1/segments/:id', () => {
  it('renames, redescribes and refilters, and the counts follow the new filter', async () => {
    const segment = await createSegment(owner, { name: uniqueName('Before'), description: 'old', filter: acme });
    const name = uniqueName('After');

    const changed = await expectOk(call<TSegment>(owner, 'PATCH', `/segments/${segment.id}`, { name, description: '', filter: { platform: 'hubspot' } }));

    expect(changed).toMatchObject({ id: segment.id, name, description: '', filter: { platform: ['hubspot'] } });
    expect(changed.counts).toEqual({ byPlatform: { hubspot: 3 }, total: 3, isEstimate: false });
    expect(await expectOk(call<TSegment>(owner, 'GET', `/segments/${segment.id}`))).toEqual(changed);
  });

  it('answers 409 for another segment\'s name, 400 for a bad tree or an empty body, and leaves the segment as it was', async () => {
    const taken = await createSegment(owner, { name: uniqueName('Taken'), filter: {} });
    const segment = await createSegment(owner, { name: uniqueName('Mine'), filter: acme });

    expect((await call(owner, 'PATCH', `/segments/${segment.id}`, { name: taken.name.toLowerCase() })).status).toBe(409);
    expect((await call(owner, 'PATCH', `/segments/${segment.id}`, { filter: { where: { field: 'nope', operator: 'eq', value: 1 } } })).status).toBe(400);
    expect((await call(owner, 'PATCH', `/segments/${segment.id}`, {})).status).toBe(400);
    expect(await expectOk(call<TSegment>(owner, 'GET', `/segments/${segment.id}`))).toEqual(segment);
  });
});

describe('a segment whose tree names a field the user no longer maps', () => {
  it('shows a problem instead of counts, and its contacts answer 409 until its filter is saved again', async () => {
    await product.pool.query(
      `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type)
       values ($1, 'hubspot', 'contact', 'plan_tier', 'custom', 'plan', 'Plan', 'string')`,
      [owner.id],
    );
    const segment = await createSegment(owner, { name: uniqueName('Gold'), filter: { where: { field: 'custom.plan', operator: 'eq', value: 'gold' } } });
    expect(segment.counts?.total).toBe(0);
    await product.pool.query(`delete from public.crm_field_mappings where user_id = $1 and target_key = 'plan'`, [owner.id]);

    const stale = await expectOk(call<TSegment>(owner, 'GET', `/segments/${segment.id}`));
    const contacts = await call<{ error: { code: string; message: string } }>(owner, 'GET', `/segments/${segment.id}/contacts`);
    const mended = await expectOk(call<TSegment>(owner, 'PATCH', `/segments/${segment.id}`, { filter: acme }));

    expect(stale.counts).toBeNull();
    expect(stale.problem).toContain('custom.plan');
    expect(contacts.status).toBe(409);
    expect(contacts.body.error.message).toContain(segment.name);
    expect(mended).toMatchObject({ problem: null, counts: { total: 5 } });
  });
});

describe('GET /api/v1/segments/:id/contacts', () => {
  it('pages the segment\'s members as GET /crm/contacts pages the same filters', async () => {
    const segment = await createSegment(owner, { name: uniqueName('Paged'), filter: { ...acme, callable: true } });
    const pages: TContact[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await expectOk(call<TContactListResponse>(owner, 'GET', `/segments/${segment.id}/contacts?${query}`));
      if (page.view !== 'unified') throw new Error('expected the unified view');
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);
    const where = encodeURIComponent(JSON.stringify(acme.where));
    const list = await expectOk(call<TContactListResponse>(owner, 'GET', `/crm/contacts?callable=true&where=${where}&limit=50`));

    expect(pages.map((page) => page.length)).toEqual([2, 2]);
    expect(pages.flat().map((contact) => contact.id)).toEqual(list.view === 'unified' ? list.items.map((contact) => contact.id) : []);
    expect(new Set(pages.flat().map((contact) => contact.id))).toEqual(new Set([ids.ada, ids.alan, ids.grace, ids.lin]));
  });

  it('answers the separate view and sort, and refuses the list\'s own filters', async () => {
    const segment = await createSegment(owner, { name: uniqueName('Views'), filter: acme });

    const separate = await expectOk(call<TContactListResponse>(owner, 'GET', `/segments/${segment.id}/contacts?view=separate&sort=updated`));
    const refused = await call(owner, 'GET', `/segments/${segment.id}/contacts?q=ada`);

    expect(separate.view).toBe('separate');
    expect(separate.counts).toEqual(segment.counts);
    expect(refused.status).toBe(400);
  });
});

describe('the tenant wall', () => {
  it('hides a user\'s segment from another user at every endpoint', async () => {
    const segment = await createSegment(owner, { name: uniqueName('Private'), description: 'mine', filter: acme });

    for (const [method, path, body] of [
      ['GET', `/segments/${segment.id}`, undefined],
      ['PATCH', `/segments/${segment.id}`, { name: 'Stolen' }],
      ['DELETE', `/segments/${segment.id}`, undefined],
      ['GET', `/segments/${segment.id}/contacts`, undefined],
    ] as const) {
      expect((await call(stranger, method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    const theirs = await expectOk(call<TSegmentListResponse>(stranger, 'GET', '/segments?limit=20'));
    expect(theirs.items.map((item) => item.id)).not.toContain(segment.id);
    expect(await expectOk(call<TSegment>(owner, 'GET', `/segments/${segment.id}`))).toEqual(segment);
  });

  it('hides it in SQL under the other user\'s claims, and lets no user insert, delete or refilter segments directly', async () => {
    const segment = await createSegment(owner, { name: uniqueName('SQL'), filter: acme });
    const claimsOf = (user: TestUser) => ({ sub: user.id, role: 'authenticated' as const });
    const asStranger = <T>(fn: Parameters<typeof withUser<T>>[2]) => withUser(product.pool, claimsOf(stranger), fn);

    const seen = await asStranger((db) => db.query('select id from public.segments where id = $1', [segment.id]));
    const renamed = await asStranger((db) => db.query(`update public.segments set name = 'Stolen' where id = $1`, [segment.id]));

    expect(seen.rowCount).toBe(0);
    expect(renamed.rowCount).toBe(0);
    await expect(asStranger((db) => db.query('delete from public.segments where id = $1', [segment.id]))).rejects.toThrow(/permission denied/);
    await expect(
      withUser(product.pool, claimsOf(owner), (db) => db.query(`update public.segments set filter = '{}'::jsonb where id = $1`, [segment.id])),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asStranger((db) => db.query(`insert into public.segments (user_id, name) values ($1, 'Forged')`, [owner.id])),
    ).rejects.toThrow(/permission denied/);
    expect(await expectOk(call<TSegment>(owner, 'GET', `/segments/${segment.id}`))).toEqual(segment);
  });
});

describe('an agent whose contacts come from a segment', () => {
  const campaignMembers = async (campaignId: string) =>
    (await product.pool.query<{ crm_contact_id: string }>('select crm_contact_id from public.campaign_contacts where campaign_id = $1', [campaignId])).rows
      .map((row) => row.crm_contact_id)
      .sort();
  const snapshotOf = async (agentId: string) =>
    (await product.pool.query<{ crm_contact_id: string }>('select crm_contact_id from public.agent_contacts where agent_id = $1', [agentId])).rows
      .map((row) => row.crm_contact_id)
      .sort();
  const namesOf = (...names: string[]) => names.map((name) => ids[name]!).sort();

  it('snapshots the members at creation, and each campaign started from it takes the members at that moment', async () => {
    const user = await signUpTestUser(product);
    const [ann, ben, cy, dee] = await insertContacts(product.pool, user.id, [
      { platform: 'hubspot', firstName: 'Ann', company: 'Initech', phoneE164: '+14155550111' },
      { platform: 'zoho', firstName: 'Ben', company: 'Initech', phoneE164: '+14155550112' },
      { platform: 'hubspot', firstName: 'Cy', company: 'Elsewhere', phoneE164: '+14155550113' },
      { platform: 'zoho', firstName: 'Dee', company: 'Initech' },
    ]);
    const segment = await createSegment(user, { name: 'Initech', filter: { where: { field: 'company', operator: 'eq', value: 'Initech' } } });

    const { agent, contacts } = await expectOk(
      call<TCreateAgentResponse>(user, 'POST', '/agents', { name: 'Initech caller', voice: 'sage', contacts: { segmentId: segment.id } }),
      201,
    );
    expect(contacts).toEqual({ added: 2, skipped: { notCallable: 1, notFound: 0 } });
    expect(agent).toMatchObject({ contactSource: 'segment', contactCount: 2, segment: { id: segment.id, name: 'Initech', problem: null } });
    expect(agent.segment?.matchingNow?.total).toBe(3);

    // Ann leaves the company, Cy joins it, Dee gets a phone number.
    await product.pool.query(`update public.crm_contacts set company = 'Gone' where id = $1`, [ann]);
    await product.pool.query(`update public.crm_contacts set company = 'Initech' where id = $1`, [cy]);
    await product.pool.query(`update public.crm_contacts set phone_e164 = '+14155550114' where id = $1`, [dee]);
    const { campaign } = await expectOk(call<{ campaign: { id: string } }>(user, 'POST', '/campaigns', { agentId: agent.id, name: 'Now' }), 201);

    expect(await campaignMembers(campaign.id)).toEqual([ben!, cy!, dee!].sort());
    expect(await snapshotOf(agent.id)).toEqual([ann!, ben!].sort());
    const detail = await expectOk(call<TAgentDetail>(user, 'GET', `/agents/${agent.id}`));
    expect(detail.segment?.matchingNow).toEqual({ byPlatform: { hubspot: 1, zoho: 2, salesforce: 0 }, total: 3, isEstimate: false });

    // Deleted, the segment leaves the agent its snapshot, and campaigns then take that.
    expect(await expectOk(call(user, 'DELETE', `/segments/${segment.id}`))).toEqual({ id: segment.id, agentsKept: 1 });
    const orphan = await expectOk(call<TAgentDetail>(user, 'GET', `/agents/${agent.id}`));
    const later = await expectOk(call<{ campaign: { id: string } }>(user, 'POST', '/campaigns', { agentId: agent.id, name: 'Later' }), 201);

    expect(orphan).toMatchObject({ contactSource: 'segment', contactCount: 2, segment: { id: null, name: null, matchingNow: null } });
    expect(await campaignMembers(later.campaign.id)).toEqual([ann!, ben!].sort());
    expect((await call(user, 'GET', `/segments/${segment.id}`)).status).toBe(404);
  });

  it('keeps a campaign\'s own selection over the segment', async () => {
    const segment = await createSegment(owner, { name: uniqueName('Own'), filter: acme });
    const { agent } = await expectOk(call<TCreateAgentResponse>(owner, 'POST', '/agents', { name: 'Acme caller', voice: 'sage', contacts: { segmentId: segment.id } }), 201);

    const { campaign } = await expectOk(call<{ campaign: { id: string } }>(owner, 'POST', '/campaigns', { agentId: agent.id, name: 'Bob only', contactIds: [ids.bob] }), 201);

    expect(await campaignMembers(campaign.id)).toEqual(namesOf('bob'));
  });

  it('refuses a segment with other selection parts, an unknown one and another user\'s, naming contacts.…', async () => {
    const mine = await createSegment(owner, { name: uniqueName('Solo'), filter: acme });
    const theirs = await createSegment(stranger, { name: uniqueName('Theirs'), filter: acme });
    const fieldsOf = async (contacts: unknown) => {
      const answer = await call<{ error: { details: { issues: Array<{ field: string }> } } }>(owner, 'POST', '/agents', { name: 'X', voice: 'sage', contacts });
      expect(answer.status, JSON.stringify(contacts)).toBe(400);
      return answer.body.error.details.issues.map((issue) => issue.field);
    };

    expect(await fieldsOf({ segmentId: mine.id, filter: {} })).toEqual(['contacts.filter']);
    expect(await fieldsOf({ segmentId: randomUUID() })).toEqual(['contacts.segmentId']);
    expect(await fieldsOf({ segmentId: theirs.id })).toEqual(['contacts.segmentId']);
    expect(await fieldsOf({ segmentId: 'not-a-uuid' })).toEqual(['contacts.segmentId']);
  });

  it('refuses a campaign while the agent\'s segment names a field unmapped since, naming agentId, and shows the agent why', async () => {
    const user = await signUpTestUser(product);
    await insertContacts(product.pool, user.id, [{ platform: 'hubspot', firstName: 'Ivy', company: 'Initech', phoneE164: '+14155550121' }]);
    await product.pool.query(
      `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type)
       values ($1, 'hubspot', 'contact', 'tier', 'custom', 'tier', 'Tier', 'string')`,
      [user.id],
    );
    const segment = await createSegment(user, { name: 'Not gold', filter: { where: { field: 'custom.tier', operator: 'neq', value: 'gold' } } });
    const { agent } = await expectOk(call<TCreateAgentResponse>(user, 'POST', '/agents', { name: 'Tiers', voice: 'sage', contacts: { segmentId: segment.id } }), 201);
    await product.pool.query(`delete from public.crm_field_mappings where user_id = $1`, [user.id]);

    const refused = await call<{ error: { details: { issues: Array<{ field: string; message: string }> } } }>(user, 'POST', '/campaigns', { agentId: agent.id, name: 'Stale' });
    const detail = await expectOk(call<TAgentDetail>(user, 'GET', `/agents/${agent.id}`));

    expect(refused.status).toBe(400);
    expect(refused.body.error.details.issues).toEqual([{ field: 'agentId', message: expect.stringContaining('custom.tier') }]);
    expect(detail.segment).toMatchObject({ id: segment.id, matchingNow: null, problem: expect.stringContaining('custom.tier') });
  });

  it('keeps every earlier form of an agent\'s contacts, with no segment', async () => {
    const { agent } = await expectOk(call<TCreateAgentResponse>(owner, 'POST', '/agents', { name: 'Plain', voice: 'sage', contacts: { filter: acme, excludeIds: [ids.ada!] } }), 201);

    expect(agent).toMatchObject({ contactSource: 'crm', segment: null, contactCount: 3 });
  });
});

import type { TContact, TContactListResponse, TFilterFieldsResponse, TFilterNode } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../../support/start-test-product';
import { signUpTestUser, type TestUser } from '../../support/test-users';
import { createApiCaller, insertContacts, insertMappings, listAllPages, type ApiCaller } from './contact-fixtures';

/**
 * Filter trees through the API: the fields a user may name, the same answer by URL and by body,
 * exact counts, paging, search with a tree, clear 400s, and never another user's contacts.
 */
let product: TestProduct;
let owner: TestUser;
let stranger: TestUser;
let api: ApiCaller;
const ids: Record<string, string> = {};

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off' });
  [owner, stranger] = [await signUpTestUser(product), await signUpTestUser(product)];
  api = createApiCaller(product.url, owner.authorization);
  const seeds = {
    ada: { platform: 'hubspot' as const, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.test', company: 'Acme', phoneE164: '+442071234567' },
    alan: { platform: 'hubspot' as const, firstName: 'Alan', lastName: 'Turing', email: 'alan@bletchley.test', company: 'Bletchley' },
    grace: { platform: 'zoho' as const, firstName: 'Grace', lastName: 'Hopper', email: 'grace@acme.test', company: 'Acme Navy', phoneE164: '+12025550123' },
    lena: { platform: 'salesforce' as const, objectType: 'lead' as const, firstName: 'Lena', lastName: 'Lind', email: 'lena@nordlys.test', company: 'Nordlys' },
    zed: { platform: 'salesforce' as const, firstName: 'Zed', lastName: 'Zimmer', company: 'Acme GmbH' },
  };
  const created = await insertContacts(product.pool, owner.id, Object.values(seeds));
  Object.keys(seeds).forEach((key, i) => (ids[key] = created[i]!));
  await product.pool.query(
    `update public.crm_contacts set custom_fields = case id when $1 then '{"plan":"pro","seats":12}'::jsonb when $2 then '{"plan":"starter","seats":3}'::jsonb
       when $3 then '{"plan":"pro"}'::jsonb else '{}'::jsonb end,
       lifecycle_stage = case id when $1 then 'customer' when $3 then 'customer' else 'lead' end
     where user_id = $4`,
    [ids.ada, ids.alan, ids.grace, owner.id],
  );
  await insertMappings(product.pool, owner.id, [
    { platform: 'hubspot', field: 'plan_tier', key: 'plan', label: 'Plan tier', type: 'enumeration', options: [{ value: 'pro', label: 'Pro' }, { value: 'starter', label: 'Starter' }] },
    { platform: 'zoho', field: 'Plan', key: 'plan', label: 'Plan', type: 'enumeration', options: [{ value: 'pro', label: 'Pro' }] },
    { platform: 'hubspot', field: 'seats', key: 'seats', label: 'Seats', type: 'number' },
  ]);
  // The stranger has contacts every tree below would match, and a custom key of their own.
  const [strangersAda] = await insertContacts(product.pool, stranger.id, [{ platform: 'hubspot', firstName: 'Ada', lastName: 'Stranger', email: 'ada@acme.test', company: 'Acme' }]);
  await product.pool.query(`update public.crm_contacts set custom_fields = '{"plan":"pro","secret":"x"}'::jsonb, lifecycle_stage = 'customer' where id = $1`, [strangersAda]);
  await insertMappings(product.pool, stranger.id, [{ platform: 'hubspot', field: 'secret', key: 'secret', label: 'Secret', type: 'string' }]);
});
afterAll(async () => {
  await product?.close();
});

async function post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${product.url}/api/v1${path}`, { method: 'POST', headers: { ...owner.authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const whereParam = (tree: TFilterNode) => `where=${encodeURIComponent(JSON.stringify(tree))}`;
const idsOf = (items: TContact[]) => items.map((item) => item.id).sort();
const namesOf = (...names: string[]) => names.map((name) => ids[name]!).sort();

describe('GET /api/v1/crm/contacts/filter-fields', () => {
  it('lists the standard fields, then each mapped custom key once, labelled, typed and with its CRMs, and none of another user’s', async () => {
    const { status, body } = await api('/crm/contacts/filter-fields');
    expect(status).toBe(200);
    const { items } = body as TFilterFieldsResponse;

    expect(items.find((field) => field.field === 'lifecycleStage')).toMatchObject({ label: 'Lifecycle stage', kind: 'text', isCustom: false });
    expect(items.find((field) => field.field === 'platform')?.values?.map((value) => value.label)).toEqual(['HubSpot', 'Zoho', 'Salesforce']);
    expect(items.filter((field) => field.isCustom)).toEqual([
      { field: 'custom.plan', label: 'Plan tier', kind: 'text', operators: expect.arrayContaining(['eq', 'in']), values: [{ value: 'pro', label: 'Pro' }, { value: 'starter', label: 'Starter' }], isCustom: true, platforms: ['hubspot', 'zoho'] },
      { field: 'custom.seats', label: 'Seats', kind: 'number', operators: expect.arrayContaining(['gt', 'between']), isCustom: true, platforms: ['hubspot'] },
    ]);
  });
});

describe('a filter tree on the contacts list', () => {
  const tree: TFilterNode = {
    and: [
      { or: [{ field: 'custom.plan', operator: 'eq', value: 'pro' }, { field: 'company', operator: 'starts_with', value: 'Acme' }] },
      { not: { field: 'emailDomain', operator: 'eq', value: 'bletchley.test' } },
    ],
  };

  it('answers the same by URL and by body, with exact counts per CRM', async () => {
    const byUrl = (await api(`/crm/contacts?${whereParam(tree)}`)).body as TContactListResponse;
    const byBody = await post('/crm/contacts/query', { where: tree });

    expect(byBody.status).toBe(200);
    expect(byBody.body).toEqual(byUrl);
    if (byUrl.view !== 'unified') throw new Error('expected the unified view');
    expect(idsOf(byUrl.items)).toEqual(namesOf('ada', 'grace', 'zed'));
    expect(byUrl.counts).toEqual({ byPlatform: { hubspot: 1, zoho: 1, salesforce: 1 }, total: 3, isEstimate: false });
  });

  it('ands the tree with the other filters, in both views', async () => {
    const callable = await post('/crm/contacts/query', { where: tree, callable: true, view: 'separate' });
    const body = callable.body as Extract<TContactListResponse, { view: 'separate' }>;

    expect(body.groups.map((group) => [group.platform, idsOf(group.items)])).toEqual([
      ['hubspot', [ids.ada]],
      ['zoho', [ids.grace]],
      ['salesforce', []],
    ]);
    expect(body.counts.total).toBe(2);
  });

  it('pages through every match once with a cursor sent back with the same tree', async () => {
    const pages = await listAllPages(api, `limit=1&${whereParam(tree)}`);

    expect(pages.length).toBe(3);
    expect(idsOf(pages.flat())).toEqual(namesOf('ada', 'grace', 'zed'));
  });

  it('combines with a search term, whether the trigram index answers it or the list walks', async () => {
    const indexed = await post('/crm/contacts/query', { q: 'acme', where: { field: 'lifecycleStage', operator: 'eq', value: 'customer' } });
    const walked = await post('/crm/contacts/query', { q: 'ac', where: { field: 'lifecycleStage', operator: 'eq', value: 'customer' } });

    for (const answer of [indexed, walked]) {
      const body = answer.body as Extract<TContactListResponse, { view: 'unified' }>;
      expect(idsOf(body.items)).toEqual(namesOf('ada', 'grace'));
      expect(body.counts.total).toBe(2);
    }
  });

  it('compares typed custom values by their type', async () => {
    const many = await post('/crm/contacts/query', { where: { field: 'custom.seats', operator: 'gte', value: 5 } });
    const none = await post('/crm/contacts/query', { where: { field: 'custom.seats', operator: 'is_empty' } });

    expect(idsOf((many.body as { items: TContact[] }).items)).toEqual(namesOf('ada'));
    expect(idsOf((none.body as { items: TContact[] }).items)).toEqual(namesOf('grace', 'lena', 'zed'));
  });
});

describe('a wrong filter tree', () => {
  it('is a 400 naming the condition: an unknown field, another user’s custom key, a wrong operator or value', async () => {
    const cases: Array<[TFilterNode, string, RegExp]> = [
      [{ and: [{ field: 'company', operator: 'eq', value: 'Acme' }, { field: 'nope', operator: 'eq', value: 1 }] }, 'where.and.1', /No field "nope"/],
      [{ field: 'custom.secret', operator: 'eq', value: 'x' }, 'where', /No mapped custom field/],
      [{ field: 'custom.seats', operator: 'contains', value: '1' }, 'where', /does not take "contains"/],
      [{ not: { field: 'crmUpdatedAt', operator: 'in_last_days', value: 0 } }, 'where.not', /whole number of days/],
    ];
    for (const [where, field, message] of cases) {
      const { status, body } = await post('/crm/contacts/query', { where });
      expect(status, JSON.stringify(where)).toBe(400);
      expect(body).toMatchObject({ error: { code: 'validation_failed', details: { issues: [{ field, message: expect.stringMatching(message) }] } } });
    }
  });

  it('in a URL: not JSON, too long, or a text the database cannot hold is a 400 saying so', async () => {
    const notJson = await api('/crm/contacts?where=%7Bnope');
    const tooLong = await api(`/crm/contacts?${whereParam({ or: Array.from({ length: 50 }, () => ({ field: 'company', operator: 'contains', value: 'x'.repeat(60) })) })}`);
    const nul = await api(`/crm/contacts?${whereParam({ field: 'company', operator: 'eq', value: 'a\u0000b' })}`);

    expect(notJson).toMatchObject({ status: 400, body: { error: { details: { issues: [{ field: 'where', message: expect.stringMatching(/not JSON/) }] } } } });
    expect(tooLong).toMatchObject({ status: 400, body: { error: { details: { issues: [{ field: 'where', message: expect.stringMatching(/POST \/api\/v1\/crm\/contacts\/query/) }] } } } });
    expect(nul).toMatchObject({ status: 400, body: { error: { details: { issues: [{ field: 'where.value', message: expect.stringMatching(/NUL/) }] } } } });
  });

  it('deeper than five groups or over fifty conditions is refused, in a body too', async () => {
    let deep: TFilterNode = { field: 'company', operator: 'eq', value: 'Acme' };
    for (let i = 0; i < 5; i++) deep = { not: deep };
    const wide = { or: Array.from({ length: 51 }, () => ({ field: 'company', operator: 'eq', value: 'Acme' })) };

    expect(await post('/crm/contacts/query', { where: deep })).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/nest at most 5/) } } });
    expect((await post('/crm/contacts/query', { where: wide })).status).toBe(400);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser } from '../support/test-users';
import { agentFields, createAgentsApi, type AgentsApi, type ApiResponse } from './agent-api';

/** Every wrong body, parameter or cursor is a 400 naming the field, and creates nothing. */
let product: TestProduct;
let api: AgentsApi;
let contactId: string;
let agentId: string;

beforeAll(async () => {
  product = await startTestProduct();
  const user = await signUpTestUser(product);
  api = createAgentsApi(product.url, user.authorization);
  const [ada] = await insertContacts(product.pool, user.id, [{ firstName: 'Ada', phoneE164: '+14155550101' }]);
  contactId = ada!;
  ({ agent: { id: agentId } } = await api.createAgent({ ...agentFields(), contacts: { contactIds: [contactId] } }));
});
afterAll(async () => {
  await product?.close();
});

function expectBadRequest(response: ApiResponse, field: string, label: string) {
  expect(response.status, label).toBe(400);
  const error = (response.body as { error: { code: string; details: { issues: Array<{ field: string }> } } }).error;
  expect(error.code, label).toBe('validation_failed');
  expect(error.details.issues.map((issue) => issue.field), label).toEqual([field]);
}

const agentCount = async () => (await product.pool.query('select count(*)::int as n from public.agents')).rows[0].n as number;

describe('POST /api/v1/agents rejects bad bodies', () => {
  // Built when the cases are collected, before beforeAll: any uuid will do, bodies fail before lookup.
  const someId = randomUUID();
  const valid = () => ({ ...agentFields(), contacts: { contactIds: [someId] } });
  const cases: Array<[label: string, body: unknown, field: string]> = [
    ['no name', { ...valid(), name: undefined }, 'name'],
    ['a blank name', { ...valid(), name: '   ' }, 'name'],
    ['a name over 100 characters', { ...valid(), name: 'x'.repeat(101) }, 'name'],
    ['an unknown voice', { ...valid(), voice: 'robot' }, 'voice'],
    ['a greeting over 500 characters', { ...valid(), greeting: 'x'.repeat(501) }, 'greeting'],
    ['instructions over 4,000 characters', { ...valid(), instructions: 'x'.repeat(4001) }, 'instructions'],
    ['an unknown field', { ...valid(), temperature: 0.2 }, 'temperature'],
    ['no contacts', { ...valid(), contacts: undefined }, 'contacts'],
    ['neither contactIds nor filter', { ...valid(), contacts: {} }, 'contacts.contactIds'],
    ['an empty contactIds', { ...valid(), contacts: { contactIds: [] } }, 'contacts.contactIds'],
    ['an id that is not a uuid', { ...valid(), contacts: { contactIds: [someId, 'ada'] } }, 'contacts.contactIds.1'],
    ['over 10,000 ids', { ...valid(), contacts: { contactIds: Array.from({ length: 10_001 }, () => randomUUID()) } }, 'contacts.contactIds'],
    ['excludeIds without a filter', { ...valid(), contacts: { contactIds: [someId], excludeIds: [someId] } }, 'contacts.excludeIds'],
    ['a search term of one character', { ...valid(), contacts: { filter: { q: 'a' } } }, 'contacts.filter.q'],
    ['an unknown platform', { ...valid(), contacts: { filter: { platform: 'pipedrive' } } }, 'contacts.filter.platform'],
    ['callable as a string', { ...valid(), contacts: { filter: { callable: 'true' } } }, 'contacts.filter.callable'],
    ['an unknown filter field', { ...valid(), contacts: { filter: { company: 'Acme' } } }, 'contacts.filter.company'],
    ['an exclude id that is not a uuid', { ...valid(), contacts: { filter: {}, excludeIds: ['x'] } }, 'contacts.excludeIds.0'],
  ];

  it.each(cases)('names the field for %s', async (label, body, field) => {
    const before = await agentCount();

    expectBadRequest(await api.post('/agents', body), field, label);

    expect(await agentCount()).toBe(before);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await fetch(`${product.url}/api/v1/agents`, {
      method: 'POST',
      headers: { ...(await signUpTestUser(product)).authorization, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
  });
});

describe('GET /api/v1/agents… rejects bad parameters', () => {
  it('names limit, cursor, unknown parameters and a malformed id', async () => {
    for (const limit of ['0', '101', 'ten', '1.5']) expectBadRequest(await api.get(`/agents?limit=${limit}`), 'limit', `limit=${limit}`);
    expectBadRequest(await api.get('/agents?cursor=not-ours'), 'cursor', 'agents cursor');
    expectBadRequest(await api.get('/agents?offset=2'), 'offset', 'offset');
    expectBadRequest(await api.get('/agents/not-a-uuid'), 'id', 'id');
    expectBadRequest(await api.get(`/agents/${agentId}/contacts?limit=201`), 'limit', 'contacts limit');
    // A cursor of the agents list is not one of the contacts list.
    const forged = Buffer.from(JSON.stringify({ v: 1, a: ['2026-01-01T00:00:00.000000Z', randomUUID()] })).toString('base64url');
    expectBadRequest(await api.get(`/agents/${agentId}/contacts?cursor=${forged}`), 'cursor', 'contacts cursor');
    const impossible = Buffer.from(JSON.stringify({ v: 1, a: ['2026-02-30T00:00:00.000000Z', randomUUID()] })).toString('base64url');
    expectBadRequest(await api.get(`/agents?cursor=${impossible}`), 'cursor', 'impossible date');
  });
});

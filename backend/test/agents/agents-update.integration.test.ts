import type { TAgentDetail, TApiError } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUser } from '../../src/db/transactions';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { agentFields, createAgentsApi, type AgentsApi } from './agent-api';

/** PATCH /api/v1/agents/:id: what an agent is called and says changes; its contacts do not. */
let product: TestProduct;
let owner: TestUser;
let api: AgentsApi;
let contactIds: string[];

beforeAll(async () => {
  product = await startTestProduct();
  owner = await signUpTestUser(product);
  api = createAgentsApi(product.url, owner.authorization);
  contactIds = await insertContacts(
    product.pool,
    owner.id,
    Array.from({ length: 3 }, (_, i) => ({ platform: 'hubspot' as const, lastName: `Callee${i}`, phoneE164: `+1415555${2000 + i}` })),
  );
});
afterAll(async () => {
  await product?.close();
});

async function newAgent(name = 'Renewal caller'): Promise<TAgentDetail> {
  return (await api.createAgent({ ...agentFields(name), contacts: { contactIds } })).agent;
}

describe('PATCH /api/v1/agents/:id', () => {
  it('changes the fields sent, keeps the others and the contacts, and the change reads back', async () => {
    const agent = await newAgent();
    const res = await api.patch(`/agents/${agent.id}`, { greeting: '  Hello again from Acme.  ', voice: 'ember' });
    expect(res.status).toBe(200);
    const updated = res.body as TAgentDetail;
    expect(updated).toMatchObject({
      id: agent.id,
      name: agent.name,
      voice: 'ember',
      greeting: 'Hello again from Acme.',
      instructions: agent.instructions,
      contactCount: 3,
      contactCounts: { total: 3 },
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(agent.updatedAt));
    expect((await api.get(`/agents/${agent.id}`)).body).toEqual(updated);
  });

  it('clears the greeting and instructions with empty text, but never the name', async () => {
    const agent = await newAgent();
    const cleared = await api.patch(`/agents/${agent.id}`, { greeting: '', instructions: '   ' });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ greeting: '', instructions: '' });
    const blankName = await api.patch(`/agents/${agent.id}`, { name: '  ' });
    expect(blankName.status).toBe(400);
    expect(JSON.stringify((blankName.body as TApiError).error)).toContain('name');
    expect((await api.get(`/agents/${agent.id}`)).body).toMatchObject({ name: agent.name });
  });

  it('refuses an empty body, an unknown voice, an unknown field and too long a greeting with a 400, changing nothing', async () => {
    const agent = await newAgent();
    const cases: [unknown, string][] = [
      [{}, 'at least one'],
      [{ voice: 'robot' }, 'voice'],
      [{ name: 'New', contacts: { contactIds } }, 'contacts'],
      [{ greeting: 'x'.repeat(501) }, 'greeting'],
      [[{ name: 'New' }], 'body'],
    ];
    for (const [body, named] of cases) {
      const res = await api.patch(`/agents/${agent.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify((res.body as TApiError).error).toLowerCase()).toContain(named);
    }
    expect((await api.get(`/agents/${agent.id}`)).body).toMatchObject({ name: agent.name, voice: agent.voice, greeting: agent.greeting, updatedAt: agent.updatedAt });
  });

  it("answers 404 for another user's agent, through the API and through SQL as that user", async () => {
    const agent = await newAgent('Owner only');
    const intruder = await signUpTestUser(product);
    const intruderApi = createAgentsApi(product.url, intruder.authorization);
    const res = await intruderApi.patch(`/agents/${agent.id}`, { name: 'Taken over' });
    expect(res.status).toBe(404);
    expect((res.body as TApiError).error.code).toBe('not_found');
    const { rowCount } = await withUser(product.pool, { sub: intruder.id, role: 'authenticated' }, (db) => db.query(`update agents set name = 'Taken over' where id = $1`, [agent.id]));
    expect(rowCount).toBe(0);
    expect((await api.get(`/agents/${agent.id}`)).body).toMatchObject({ name: 'Owner only' });
  });
});

import type { TAgent, TAgentDetail, TAgentListResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withService, withUser } from '../../src/db/transactions';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { agentFields, createAgentsApi, type AgentsApi } from './agent-api';

/** Reading agents back: the list, one agent, its snapshot, and what another user can reach. */
let product: TestProduct;
let owner: TestUser;
let api: AgentsApi;
let ownerContactIds: string[];

beforeAll(async () => {
  product = await startTestProduct();
  owner = await signUpTestUser(product);
  api = createAgentsApi(product.url, owner.authorization);
  // 120 callable contacts over both platforms, names out of insertion order.
  ownerContactIds = await insertContacts(
    product.pool,
    owner.id,
    Array.from({ length: 120 }, (_, i) => ({
      platform: i % 3 === 0 ? ('zoho' as const) : ('hubspot' as const),
      firstName: `First${String(i % 7)}`,
      lastName: `Last${String((i * 37) % 120).padStart(3, '0')}`,
      phoneE164: `+1415555${String(1000 + i)}`,
    })),
  );
});
afterAll(async () => {
  await product?.close();
});

async function listAgentPages(caller: AgentsApi, limit: number): Promise<TAgent[][]> {
  const pages: TAgent[][] = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await caller.get(`/agents?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(status).toBe(200);
    const page = body as TAgentListResponse;
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

describe('GET /api/v1/agents', () => {
  it('pages the caller\'s agents newest first, each exactly once, with their contact counts', async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const { agent } = await api.createAgent({ ...agentFields(`Agent ${i}`), contacts: { contactIds: ownerContactIds.slice(0, i + 1) } });
      created.push(agent.id);
    }

    const pages = await listAgentPages(api, 3);

    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    const listed = pages.flat();
    expect(listed.map((agent) => agent.id)).toEqual([...created].reverse());
    expect(listed.map((agent) => agent.contactCount)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(listed[0]).toMatchObject({ name: 'Agent 6', voice: 'sage', contactSource: 'crm' });
  });

  it('keeps paging right when agents are created between pages', async () => {
    const first = (await api.get('/agents?limit=2')).body as TAgentListResponse;
    const { agent: newer } = await api.createAgent({ ...agentFields('Created meanwhile'), contacts: { contactIds: [ownerContactIds[0]!] } });

    const rest = (await api.get(`/agents?limit=100&cursor=${encodeURIComponent(first.nextCursor!)}`)).body as TAgentListResponse;

    const seen = [...first.items, ...rest.items].map((agent) => agent.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(newer.id);
    expect(rest.nextCursor).toBeNull();
  });
});

describe('GET /api/v1/agents/:id and /agents/:id/contacts', () => {
  it('returns the agent with its contacts counted by platform', async () => {
    const { agent } = await api.createAgent({ ...agentFields('All of them'), contacts: { filter: {} } });

    const { status, body } = await api.get(`/agents/${agent.id}`);

    expect(status).toBe(200);
    expect(body as TAgentDetail).toEqual({ ...agent, contactCounts: { byPlatform: { hubspot: 80, zoho: 40, salesforce: 0 }, total: 120 } });
  });

  it('pages the snapshot by last name, first name, every contact once', async () => {
    const { agent } = await api.createAgent({ ...agentFields('Paged'), contacts: { contactIds: ownerContactIds } });

    const { pages } = await api.listAllAgentContacts(agent.id, 25);

    expect(pages.map((page) => page.length)).toEqual([25, 25, 25, 25, 20]);
    const names = pages.flat().map((contact) => contact.lastName);
    expect(names).toEqual([...names].sort());
    expect(new Set(pages.flat().map((contact) => contact.crmContactId))).toEqual(new Set(ownerContactIds));
  });

  it('answers 404 for an agent that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await api.get(`/agents/${missing}`)).status).toBe(404);
    expect((await api.get(`/agents/${missing}/contacts`)).status).toBe(404);
  });
});

describe('between users', () => {
  let stranger: TestUser;
  let strangerApi: AgentsApi;
  let ownersAgent: TAgentDetail;

  beforeAll(async () => {
    stranger = await signUpTestUser(product);
    strangerApi = createAgentsApi(product.url, stranger.authorization);
    ({ agent: ownersAgent } = await api.createAgent({ ...agentFields('Private'), contacts: { contactIds: ownerContactIds.slice(0, 5) } }));
  });

  it('hides another user\'s agents: not listed, and 404 as if they did not exist', async () => {
    const notFound = await strangerApi.get(`/agents/${ownersAgent.id}`);
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({ error: { code: 'not_found', message: `No agent ${ownersAgent.id}` } });
    expect((await strangerApi.get(`/agents/${ownersAgent.id}/contacts`)).status).toBe(404);
    expect(((await strangerApi.get('/agents')).body as TAgentListResponse).items).toEqual([]);
  });

  it('takes none of another user\'s contacts by id, and reports them like unknown ids', async () => {
    const { agent, contacts } = await strangerApi.createAgent({ ...agentFields('Poacher'), contacts: { contactIds: ownerContactIds.slice(0, 10) } });

    expect(contacts).toEqual({ added: 0, skipped: { notCallable: 0, notFound: 10 } });
    expect(agent.contactCount).toBe(0);
    const rows = await product.pool.query('select count(*)::int as n from public.agent_contacts where agent_id = $1', [agent.id]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('keeps agent_contacts rows to their owner under RLS, even for a query without a user filter', async () => {
    const claims = { sub: stranger.id, role: 'authenticated' as const };
    const seen = await withUser(product.pool, claims, (db) => db.query('select count(*)::int as n from public.agent_contacts'));
    expect(seen.rows[0].n).toBe(0);

    // Nor can a stranger write a snapshot row into the owner's agent, even naming the owner: users
    // write no snapshots at all (migration 0110).
    const forged = withUser(product.pool, claims, (db) =>
      db.query(
        `insert into public.agent_contacts (user_id, agent_id, platform, external_id, phone_e164) values ($1, $2, 'hubspot', 'x', '+14155550000')`,
        [owner.id, ownersAgent.id],
      ),
    );
    await expect(forged).rejects.toThrow(/permission denied/);
    // And a server path naming the wrong agent cannot either: the key holds the agent's owner.
    const ownAgentForeignKey = withService(product.pool, (db) =>
      db.query(
        `insert into public.agent_contacts (user_id, agent_id, platform, external_id, phone_e164) values ($1, $2, 'hubspot', 'x', '+14155550000')`,
        [stranger.id, ownersAgent.id],
      ),
    );
    await expect(ownAgentForeignKey).rejects.toThrow(/agent_contacts_agent_fkey/);
  });
});

import { PLATFORMS, type TCampaignDetail, type TCampaignFigures, type TCampaignListResponse, type TCampaignStats, type TCreateCampaignResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateCampaignFigures } from '../../src/campaigns/campaign-stats-repository';
import { withUser } from '../../src/db/transactions';
import { agentFields, createAgentsApi } from '../agents/agent-api';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { resultFor } from './campaign-testbed';

/**
 * GET /api/v1/campaigns carries each campaign's headline figures (issue 19), counted for the whole
 * page at once by the same definitions as GET /campaigns/:id/stats: a contact is called once a
 * result arrived, answered when its latest call (by start time) was. Contacts are inserted
 * directly, on HubSpot and Zoho; no CRM is connected and no write-back worker runs.
 */
let product: TestProduct;
let owner: TestUser;
let stranger: TestUser;
let agentId: string;
const contact: Record<string, string> = {};
const campaign: Record<string, string> = {};
let strangersCampaign: string;

type Response<T> = { status: number; body: T };

async function call<T>(user: TestUser, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response<T>> {
  const res = await fetch(`${product.url}/api/v1${path}`, {
    method,
    headers: { ...user.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function createCampaign(user: TestUser, body: { agentId: string; name: string; contactIds: string[] }): Promise<string> {
  const { status, body: created } = await call<TCreateCampaignResponse>(user, 'POST', '/campaigns', body);
  if (status !== 201) throw new Error(`POST /campaigns → ${status}: ${JSON.stringify(created)}`);
  return created.campaign.id;
}

type Call = [contactKey: string, status: 'completed' | 'voicemail' | 'no_answer' | 'busy' | 'failed', startedAt: string];

/** Posts the calls in one request, each for the campaign's row of the named synced contact. */
async function report(user: TestUser, campaignId: string, calls: Call[]): Promise<void> {
  const detail = await call<TCampaignDetail>(user, 'GET', `/campaigns/${campaignId}?limit=200`);
  const rowOf = (key: string) => detail.body.contacts.items.find((item) => item.crmContactId === contact[key])!;
  const results = calls.map(([key, status, startedAt]) => resultFor(rowOf(key), { status, startedAt, durationSec: status === 'completed' ? 60 : 0 }));
  const posted = await call(user, 'POST', `/campaigns/${campaignId}/results`, { results });
  if (posted.status !== 200) throw new Error(`POST results → ${posted.status}: ${JSON.stringify(posted.body)}`);
}

/** The figures the campaign's own statistics give: its total, and the CRMs holding contacts. */
function figuresOfStats(stats: TCampaignStats): TCampaignFigures {
  const { contacts, called, answered } = stats.total;
  return { contacts, called, answered, platforms: PLATFORMS.filter((platform) => stats.byPlatform[platform].contacts > 0) };
}

async function listAll(user: TestUser, query = 'limit=100'): Promise<TCampaignListResponse['items']> {
  const { status, body } = await call<TCampaignListResponse>(user, 'GET', `/campaigns?${query}`);
  expect(status).toBe(200);
  return body.items;
}

const EARLY = '2026-03-02T09:00:00.000Z';
const LATER = '2026-03-02T11:00:00.000Z';
const EARLIEST = '2026-03-02T08:00:00.000Z';

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off' });
  owner = await signUpTestUser(product);
  stranger = await signUpTestUser(product);
  const seeds = {
    h1: { firstName: 'Ada', phoneE164: '+14155550101' },
    h2: { firstName: 'Alan', phoneE164: '+14155550102' },
    h3: { firstName: 'Grace', phoneE164: '+14155550103' },
    h4: { firstName: 'Edsger', phoneE164: '+14155550104' },
    z1: { platform: 'zoho' as const, firstName: 'Zoë', phoneE164: '+46701234561' },
    z2: { platform: 'zoho' as const, firstName: 'Zed', phoneE164: '+46701234562' },
    z3: { platform: 'zoho' as const, firstName: 'Zara', phoneE164: '+46701234563' },
    z4: { platform: 'zoho' as const, firstName: 'Zak', phoneE164: '+46701234564' },
    noNumber: { platform: 'zoho' as const, firstName: 'Bob', email: 'bob@zoho.example' },
  };
  const ids = await insertContacts(product.pool, owner.id, Object.values(seeds));
  Object.keys(seeds).forEach((key, i) => (contact[key] = ids[i]!));
  agentId = (await createAgentsApi(product.url, owner.authorization).createAgent({ ...agentFields(), contacts: { filter: { callable: true } } })).agent.id;

  // Filler first (oldest), so that the campaigns measured lead the newest-first list.
  for (let i = 0; i < 22; i += 1) await createCampaign(owner, { agentId, name: `Filler ${i}`, contactIds: [contact.h1!] });
  campaign.none = await createCampaign(owner, { agentId, name: 'No callable contact', contactIds: [contact.noNumber!] });
  campaign.zohoOnly = await createCampaign(owner, { agentId, name: 'Zoho only', contactIds: [contact.z1!, contact.z2!] });
  campaign.few = await createCampaign(owner, { agentId, name: 'Few called', contactIds: [contact.h4!, contact.z3!, contact.z4!] });
  campaign.mixed = await createCampaign(owner, { agentId, name: 'Mixed', contactIds: [contact.h1!, contact.h2!, contact.h3!, contact.z1!, contact.z2!] });

  // Mixed: every contact called; h3's later call was not answered, z1's later one was, and h2's
  // answered call started before its unanswered one (reported after it): by start, h2's latest is unanswered.
  await report(owner, campaign.mixed, [['h1', 'completed', EARLY], ['h2', 'no_answer', EARLY], ['h3', 'completed', EARLY], ['z1', 'voicemail', EARLY], ['z2', 'failed', EARLY]]);
  await report(owner, campaign.mixed, [['h3', 'busy', LATER], ['z1', 'completed', LATER], ['h2', 'completed', EARLIEST]]);
  await report(owner, campaign.few, [['z3', 'completed', EARLY]]);
  await report(owner, campaign.zohoOnly, [['z1', 'no_answer', EARLY], ['z2', 'completed', EARLY]]);

  const [strangersContact] = await insertContacts(product.pool, stranger.id, [{ firstName: 'Eve', phoneE164: '+14155550111' }]);
  contact.eve = strangersContact!;
  const strangersAgent = (await createAgentsApi(product.url, stranger.authorization).createAgent({ ...agentFields(), contacts: { contactIds: [contact.eve] } })).agent.id;
  strangersCampaign = await createCampaign(stranger, { agentId: strangersAgent, name: 'Eve’s', contactIds: [contact.eve] });
  await report(stranger, strangersCampaign, [['eve', 'voicemail', EARLY]]);
}, 120_000);
afterAll(async () => {
  await product?.close();
});

describe('GET /api/v1/campaigns figures', () => {
  it('gives each campaign its contacts, contacts called and answered by their latest call, and the CRMs holding contacts', async () => {
    const items = await listAll(owner, 'limit=4');

    expect(items.map((item) => [item.name, item.figures])).toEqual([
      ['Mixed', { contacts: 5, called: 5, answered: 2, platforms: ['hubspot', 'zoho'] }],
      ['Few called', { contacts: 3, called: 1, answered: 1, platforms: ['hubspot', 'zoho'] }],
      ['Zoho only', { contacts: 2, called: 2, answered: 1, platforms: ['zoho'] }],
      ['No callable contact', { contacts: 0, called: 0, answered: 0, platforms: [] }],
    ]);
  });

  it('equals what each campaign’s statistics endpoint counts, on every page', async () => {
    const pages: TCampaignListResponse['items'] = [];
    let cursor: string | null = null;
    do {
      const page: Response<TCampaignListResponse> = await call<TCampaignListResponse>(owner, 'GET', `/campaigns?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(pages).toHaveLength(26);
    for (const item of pages) {
      const stats = await call<TCampaignStats>(owner, 'GET', `/campaigns/${item.id}/stats`);
      expect(item.figures, item.name).toEqual(figuresOfStats(stats.body));
    }
    // The campaign's own fields are unchanged beside the figures.
    expect(pages.every((item) => item.figures.contacts === item.contactCount)).toBe(true);
  });

  it('shows a user only their own campaigns’ figures, even to a query naming another user’s campaigns', async () => {
    const strangers = await listAll(stranger);
    expect(strangers.map((item) => [item.id, item.figures])).toEqual([[strangersCampaign, { contacts: 1, called: 1, answered: 0, platforms: ['hubspot'] }]]);
    expect((await listAll(owner)).some((item) => item.id === strangersCampaign)).toBe(false);

    // Below the API: the page's statement, as the stranger, naming the owner and the owner's campaigns, counts nothing.
    const rows = await withUser(product.pool, { sub: stranger.id, role: 'authenticated' }, (db) =>
      aggregateCampaignFigures(db, { userId: owner.id, campaignIds: Object.values(campaign) }),
    );
    expect(rows).toEqual([]);
  });

  it('costs the same statements for a page of 25 campaigns as for a page of one, one of them counting the contacts', async () => {
    const statementsOf = async (query: string) => {
      const statements: string[] = [];
      const restores: Array<() => void> = [];
      // A client is acquired again for each transaction: wrapped once, it counts each statement once.
      const wrapped = new WeakSet<object>();
      const spy = (client: { query: (...args: never[]) => unknown }) => {
        if (wrapped.has(client)) return;
        wrapped.add(client);
        const query = client.query;
        restores.push(() => (client.query = query));
        client.query = ((...args: never[]) => {
          const first = args[0] as unknown;
          statements.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
          return query.apply(client, args);
        }) as typeof client.query;
      };
      product.pool.on('acquire', spy);
      try {
        const items = await listAll(owner, query);
        return { items, statements: statements.filter((sql) => sql.includes('campaign')) };
      } finally {
        product.pool.off('acquire', spy);
        for (const restore of restores.reverse()) restore();
      }
    };

    const one = await statementsOf('limit=1');
    const many = await statementsOf('limit=25');

    expect(one.items).toHaveLength(1);
    expect(many.items).toHaveLength(25);
    expect(many.statements).toHaveLength(one.statements.length);
    expect(many.statements.filter((sql) => sql.includes('public.campaign_contacts'))).toHaveLength(1);
  });
});

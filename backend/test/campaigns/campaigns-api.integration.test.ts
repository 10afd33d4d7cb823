import { randomUUID } from 'node:crypto';
import type { TCampaignContact, TCampaignDetail, TCampaignListResponse, TCampaignStats, TCreateCampaignResponse, TPostResultsResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUser } from '../../src/db/transactions';
import { agentFields, createAgentsApi } from '../agents/agent-api';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { resultFor } from './campaign-testbed';

/**
 * The campaigns API over contacts inserted directly (the write-back file runs against synced
 * sandbox contacts): snapshots de-duplicated by phone across CRMs, paging, exact statistics,
 * row-level security between users and 400s naming the field. Nobody here has connected a
 * CRM, so every write-back ends as failed with crm_not_connected — at once, without retries.
 */
let product: TestProduct;
let owner: TestUser;
let stranger: TestUser;
const ids: Record<string, string> = {};
let agentId: string;
let strangersAgentId: string;

type Response<T> = { status: number; body: T };

async function call<T = unknown>(user: TestUser, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response<T>> {
  const res = await fetch(`${product.url}/api/v1${path}`, {
    method,
    headers: { ...user.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function createCampaign(user: TestUser, body: unknown): Promise<TCreateCampaignResponse> {
  const { status, body: created } = await call<TCreateCampaignResponse>(user, 'POST', '/campaigns', body);
  if (status !== 201) throw new Error(`POST /campaigns → ${status}: ${JSON.stringify(created)}`);
  return created;
}

async function contactsOf(user: TestUser, campaignId: string): Promise<TCampaignContact[]> {
  const { status, body } = await call<TCampaignDetail>(user, 'GET', `/campaigns/${campaignId}?limit=200`);
  expect(status).toBe(200);
  return body.contacts.items;
}

function fieldsOf(body: unknown): string[] {
  return (body as { error: { details: { issues: Array<{ field: string }> } } }).error.details.issues.map((issue) => issue.field);
}

beforeAll(async () => {
  product = await startTestProduct();
  owner = await signUpTestUser(product);
  stranger = await signUpTestUser(product);
  const seeds = {
    ada: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@engines.example', phoneE164: '+14155550101', crmUpdatedAt: new Date('2026-01-01T00:00:00Z') },
    alan: { firstName: 'Alan', lastName: 'Turing', mobilePhoneE164: '+447700900123' },
    grace: { firstName: 'Grace', lastName: 'Hopper', phone: 'ask reception' },
    zed: { firstName: 'Zed', lastName: 'Shaw', phoneE164: '+33142000000', crmUpdatedAt: new Date('2026-01-15T00:00:00Z') },
    // The same people in Zoho: Ada updated there more recently, Zed less.
    adaZoho: { platform: 'zoho' as const, firstName: 'Ada', lastName: 'Byron', phoneE164: '+14155550101', crmUpdatedAt: new Date('2026-02-01T00:00:00Z') },
    zedZoho: { platform: 'zoho' as const, firstName: 'Zed', lastName: 'Shaw-Zoho', mobilePhoneE164: '+33142000000', crmUpdatedAt: new Date('2020-01-01T00:00:00Z') },
    zoe: { platform: 'zoho' as const, firstName: 'Zoë', lastName: 'Ångström', phoneE164: '+46701234567' },
    bob: { platform: 'zoho' as const, firstName: 'Bob', lastName: 'Nophone', email: 'bob@zoho.example' },
    gone: { platform: 'zoho' as const, firstName: 'Ada', lastName: 'Gone', phoneE164: '+14155550199', deletedAt: new Date('2026-01-01T00:00:00Z') },
  };
  const created = await insertContacts(product.pool, owner.id, Object.values(seeds));
  Object.keys(seeds).forEach((key, i) => (ids[key] = created[i]!));
  const [strangersContact] = await insertContacts(product.pool, stranger.id, [{ firstName: 'Eve', lastName: 'Stranger', phoneE164: '+14155550111' }]);
  ids.strangers = strangersContact!;
  agentId = (await createAgentsApi(product.url, owner.authorization).createAgent({ ...agentFields(), contacts: { filter: { callable: true } } })).agent.id;
  strangersAgentId = (await createAgentsApi(product.url, stranger.authorization).createAgent({ ...agentFields(), contacts: { contactIds: [ids.strangers] } })).agent.id;
});
afterAll(async () => {
  await product?.close();
});

describe('POST /api/v1/campaigns', () => {
  it('takes the agent’s contacts when given neither contactIds nor a filter, one per phone number across CRMs', async () => {
    const { campaign, contacts } = await createCampaign(owner, { agentId, name: '  Spring renewals ' });

    expect(campaign).toMatchObject({ agentId, agentName: 'Renewal caller', name: 'Spring renewals', status: 'running', contactCount: 4, startedAt: expect.any(String) });
    // Six callable contacts, two numbers shared across HubSpot and Zoho.
    expect(contacts).toEqual({ added: 4, merged: 2, skipped: { notCallable: 0, notFound: 0 } });
    const snapshot = await contactsOf(owner, campaign.id);
    expect(snapshot.map((c) => c.phoneE164).sort()).toEqual(['+14155550101', '+33142000000', '+447700900123', '+46701234567']);
    expect(snapshot.every((c) => c.lastCall === null && c.writeBack === null)).toBe(true);
  });

  it('takes picked contacts: the callable ones, the most recently updated of those sharing a number, and counts the rest', async () => {
    const contactIds = [ids.ada, ids.adaZoho, ids.alan, ids.grace, ids.zed, ids.zedZoho, ids.gone, ids.strangers, randomUUID()];

    const { contacts, campaign } = await createCampaign(owner, { agentId, name: 'Picked', contactIds });

    expect(contacts).toEqual({ added: 3, merged: 2, skipped: { notCallable: 1, notFound: 3 } });
    const snapshot = await contactsOf(owner, campaign.id);
    // Zoho's Ada is newer; HubSpot's Zed is newer than the Zoho one, whose number was its mobile.
    expect(snapshot.map((c) => [c.platform, c.name, c.phoneE164, c.crmContactId])).toEqual([
      ['zoho', 'Ada Byron', '+14155550101', ids.adaZoho],
      ['hubspot', 'Alan Turing', '+447700900123', ids.alan],
      ['hubspot', 'Zed Shaw', '+33142000000', ids.zed],
    ]);
    expect(snapshot[0]).toMatchObject({ externalId: expect.any(String), email: null });
  });

  it('takes every contact a filter matches, as the contacts list reads that filter', async () => {
    const zoho = await createCampaign(owner, { agentId, name: 'Zoho only', filter: { platform: 'zoho' } });
    expect(zoho.contacts).toEqual({ added: 3, merged: 0, skipped: { notCallable: 1, notFound: 0 } });

    const search = await createCampaign(owner, { agentId, name: 'Search', filter: { q: 'zed' } });
    expect(search.contacts).toEqual({ added: 1, merged: 1, skipped: { notCallable: 0, notFound: 0 } });
  });

  it('answers 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ agentId, name: '' }, 'name'],
      [{ agentId: 'nope', name: 'x' }, 'agentId'],
      [{ agentId: randomUUID(), name: 'x' }, 'agentId'],
      [{ agentId: strangersAgentId, name: 'x' }, 'agentId'],
      [{ agentId, name: 'x', contactIds: ['not-a-uuid'] }, 'contactIds.0'],
      [{ agentId, name: 'x', contactIds: [] }, 'contactIds'],
      [{ agentId, name: 'x', filter: { platform: 'pipedrive' } }, 'filter.platform'],
      [{ agentId, name: 'x', colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const { status, body: answer } = await call(owner, 'POST', '/campaigns', body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(answer), JSON.stringify(body)).toContain(field);
    }
  });
});

describe('GET /api/v1/campaigns and /campaigns/:id', () => {
  it('pages the campaigns newest first, optionally one agent’s, and the contacts by name', async () => {
    const otherAgent = (await createAgentsApi(product.url, owner.authorization).createAgent({ ...agentFields('Other'), contacts: { contactIds: [ids.zoe!] } })).agent.id;
    await createCampaign(owner, { agentId: otherAgent, name: 'Other agent' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Response<TCampaignListResponse> = await call<TCampaignListResponse>(owner, 'GET', `/campaigns?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen[0]).toBe('Other agent');
    expect(new Set(seen).size).toBe(seen.length);
    const byAgent = await call<TCampaignListResponse>(owner, 'GET', `/campaigns?agentId=${otherAgent}`);
    expect(byAgent.body.items.map((item) => item.name)).toEqual(['Other agent']);

    const { campaign } = await createCampaign(owner, { agentId, name: 'Paged' });
    const names: Array<string | null> = [];
    cursor = null;
    do {
      const page: Response<TCampaignDetail> = await call<TCampaignDetail>(owner, 'GET', `/campaigns/${campaign.id}?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.campaign.id).toBe(campaign.id);
      names.push(...page.body.contacts.items.map((c) => c.name));
      cursor = page.body.contacts.nextCursor;
    } while (cursor);
    expect(names).toEqual(['Ada Byron', 'Alan Turing', 'Zed Shaw', 'Zoë Ångström']);
  });

  it('lists only the campaigns in the status asked for, still newest first', async () => {
    const { campaign: paused } = await createCampaign(owner, { agentId, name: 'Paused one' });
    // No route pauses a campaign yet: the status is set as the calling side would.
    await product.pool.query(`update public.campaigns set status = 'paused' where id = $1`, [paused.id]);

    const pausedOnly = await call<TCampaignListResponse>(owner, 'GET', '/campaigns?status=paused');
    expect(pausedOnly.status).toBe(200);
    expect(pausedOnly.body.items.map((item) => [item.name, item.status])).toEqual([['Paused one', 'paused']]);
    const running = await call<TCampaignListResponse>(owner, 'GET', '/campaigns?status=running&limit=100');
    expect(running.body.items.length).toBeGreaterThan(0);
    expect(running.body.items.every((item) => item.status === 'running')).toBe(true);
    expect((await call<TCampaignListResponse>(stranger, 'GET', '/campaigns?status=paused')).body.items).toEqual([]);
  });

  it('answers 400 for an unknown status, a cursor it did not issue and a bad limit', async () => {
    expect(fieldsOf((await call(owner, 'GET', '/campaigns?status=finished')).body)).toEqual(['status']);
    expect(fieldsOf((await call(owner, 'GET', '/campaigns?cursor=bogus')).body)).toEqual(['cursor']);
    expect(fieldsOf((await call(owner, 'GET', '/campaigns?limit=0')).body)).toEqual(['limit']);
    expect(fieldsOf((await call(owner, 'GET', `/campaigns/${randomUUID()}?cursor=bogus`)).body)).toEqual(['cursor']);
  });
});

describe('GET /api/v1/campaigns/:id/stats', () => {
  it('counts exactly per platform: each contact by its latest call, and every call’s write-back', async () => {
    const { campaign } = await createCampaign(owner, { agentId, name: 'Stats' });
    const byName = new Map((await contactsOf(owner, campaign.id)).map((c) => [c.name, c]));
    const [adaZ, alan, zed, zoe] = ['Ada Byron', 'Alan Turing', 'Zed Shaw', 'Zoë Ångström'].map((name) => byName.get(name)!);
    const results = [
      resultFor(alan!, { status: 'no_answer', durationSec: 0, startedAt: '2026-03-01T09:00:00Z' }),
      // Alan called back later and answered: his latest call counts.
      resultFor(alan!, { status: 'completed', durationSec: 90, startedAt: '2026-03-01T11:00:00Z' }),
      resultFor(zed!, { status: 'voicemail', durationSec: 20, startedAt: '2026-03-01T10:00:00Z' }),
      resultFor(adaZ!, { status: 'completed', durationSec: 45, startedAt: '2026-03-01T10:00:00Z' }),
      resultFor(zoe!, { status: 'busy', durationSec: 0, startedAt: '2026-03-01T10:00:00Z' }),
    ];
    expect((await call(owner, 'POST', `/campaigns/${campaign.id}/results`, { results })).status).toBe(200);
    // An older call reported late does not replace Zoë's latest.
    const late = resultFor(zoe!, { status: 'failed', durationSec: 0, startedAt: '2026-03-01T08:00:00+01:00' });
    expect((await call(owner, 'POST', `/campaigns/${campaign.id}/results`, late)).status).toBe(200);

    const stats = await waitForSettled(owner, campaign.id);

    const none = { voicemail: 0, noAnswer: 0, failed: 0, writtenBack: 0, writeBackPending: 0 };
    expect(stats.byPlatform.hubspot).toEqual({ ...none, contacts: 2, called: 2, answered: 1, voicemail: 1, averageDurationSec: 90, calls: 3, writeBackFailed: 3 });
    expect(stats.byPlatform.zoho).toEqual({ ...none, contacts: 2, called: 2, answered: 1, noAnswer: 1, averageDurationSec: 45, calls: 3, writeBackFailed: 3 });
    expect(stats.total).toEqual({ ...none, contacts: 4, called: 4, answered: 2, voicemail: 1, noAnswer: 1, averageDurationSec: 67.5, calls: 6, writeBackFailed: 6 });
    const rows = await contactsOf(owner, campaign.id);
    expect(rows.find((c) => c.id === zoe!.id)).toMatchObject({ lastCall: { status: 'busy', callId: results[4]!.callId } });
    expect(rows.find((c) => c.id === alan!.id)).toMatchObject({
      lastCall: { status: 'completed', durationSec: 90, outcome: 'interested', summary: 'Wants a quote for next quarter.', startedAt: '2026-03-01T11:00:00.000Z' },
      writeBack: { status: 'failed', crmCallId: null, error: 'hubspot is not connected' },
    });
  });

  it('names every platform, with zeros, for a campaign without calls', async () => {
    const { campaign } = await createCampaign(owner, { agentId, name: 'Quiet', contactIds: [ids.alan] });
    const { body } = await call<TCampaignStats>(owner, 'GET', `/campaigns/${campaign.id}/stats`);
    expect(body.byPlatform.zoho).toMatchObject({ contacts: 0, called: 0, averageDurationSec: null });
    expect(body.total).toMatchObject({ contacts: 1, called: 0, calls: 0 });
  });
});

async function waitForSettled(user: TestUser, campaignId: string): Promise<TCampaignStats> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { body } = await call<TCampaignStats>(user, 'GET', `/campaigns/${campaignId}/stats`);
    if (body.total.writeBackPending === 0) return body;
    if (Date.now() > deadline) throw new Error(`still pending: ${JSON.stringify(body.total)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('POST /api/v1/campaigns/:id/results', () => {
  it('answers 400 naming the field of the result that is wrong', async () => {
    const { campaign } = await createCampaign(owner, { agentId, name: 'Validation' });
    const [contact] = await contactsOf(owner, campaign.id);
    const good = () => resultFor(contact!);
    const cases: Array<[unknown, string]> = [
      [{ results: [good(), good(), { ...good(), durationSec: -1 }] }, 'results.2.durationSec'],
      [{ results: [good(), { ...good(), durationSec: '60' }] }, 'results.1.durationSec'],
      [{ results: [{ ...good(), callId: undefined }] }, 'results.0.callId'],
      [{ results: [{ ...good(), status: 'hung_up' }] }, 'results.0.status'],
      [{ results: [{ ...good(), startedAt: 'yesterday' }] }, 'results.0.startedAt'],
      [{ results: [{ ...good(), recordingUrl: 'ftp://calls.example/1' }] }, 'results.0.recordingUrl'],
      [{ results: [{ ...good(), campaignContactId: 'x' }] }, 'results.0.campaignContactId'],
      [{ results: [{ ...good(), mood: 'happy' }] }, 'results.0.mood'],
      [{ results: [] }, 'results'],
      [{ results: Array.from({ length: 501 }, good) }, 'results'],
      [{ ...good(), durationSec: 1.5 }, 'results.0.durationSec'],
      // A contact of another campaign (here, of no campaign of this user's).
      [{ results: [good(), { ...good(), campaignContactId: randomUUID() }] }, 'results.1.campaignContactId'],
    ];
    for (const [body, field] of cases) {
      const { status, body: answer } = await call(owner, 'POST', `/campaigns/${campaign.id}/results`, body);
      expect(status, field).toBe(400);
      expect(fieldsOf(answer), field).toContain(field);
    }
    // Nothing of a refused post was kept.
    expect((await call<TCampaignStats>(owner, 'GET', `/campaigns/${campaign.id}/stats`)).body.total.calls).toBe(0);
  });

  it('takes a call id once: again for the same contact is a duplicate, for another contact a conflict', async () => {
    const { campaign } = await createCampaign(owner, { agentId, name: 'Idempotent' });
    const [first, second] = await contactsOf(owner, campaign.id);
    const result = resultFor(first!);

    const accepted = await call<TPostResultsResponse>(owner, 'POST', `/campaigns/${campaign.id}/results`, result);
    const again = await call<TPostResultsResponse>(owner, 'POST', `/campaigns/${campaign.id}/results`, { results: [result, result] });
    const elsewhere = await call(owner, 'POST', `/campaigns/${campaign.id}/results`, { results: [{ ...result, campaignContactId: second!.id }] });
    const inOnePost = await call(owner, 'POST', `/campaigns/${campaign.id}/results`, {
      results: [resultFor(first!, { callId: 'twice' }), resultFor(second!, { callId: 'twice' })],
    });

    expect(accepted.body).toMatchObject({ accepted: 1, duplicates: 0, results: [{ callId: result.callId, isDuplicate: false }] });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(again.body.results.map((r) => r.resultId)).toEqual([accepted.body.results[0]!.resultId, accepted.body.results[0]!.resultId]);
    expect(elsewhere.status).toBe(409);
    expect(fieldsOf(elsewhere.body)).toEqual(['results.0.callId']);
    expect(inOnePost.status).toBe(400);
    expect(fieldsOf(inOnePost.body)).toEqual(['results.1.callId']);
    expect((await call<TCampaignStats>(owner, 'GET', `/campaigns/${campaign.id}/stats`)).body.total.calls).toBe(1);
  });
});

describe('row-level security between users', () => {
  it('hides a campaign, its contacts, stats and results from everyone but its owner', async () => {
    const { campaign } = await createCampaign(owner, { agentId, name: 'Private' });
    const [contact] = await contactsOf(owner, campaign.id);
    expect((await call(owner, 'POST', `/campaigns/${campaign.id}/results`, resultFor(contact!))).status).toBe(200);

    for (const [method, path, body] of [
      ['GET', `/campaigns/${campaign.id}`],
      ['GET', `/campaigns/${campaign.id}/stats`],
      ['POST', `/campaigns/${campaign.id}/results`, resultFor(contact!)],
      ['POST', `/campaigns/${campaign.id}/sync-results`],
    ] as const) {
      const answer = await call(stranger, method, path, body);
      expect(answer.status, path).toBe(404);
      expect(answer.body).toMatchObject({ error: { code: 'not_found' } });
    }
    expect((await call<TCampaignListResponse>(stranger, 'GET', '/campaigns')).body.items).toEqual([]);
    // The stranger's own campaign cannot take results for the owner's contact either.
    const own = await createCampaign(stranger, { agentId: strangersAgentId, name: 'Mine' });
    const borrowed = await call(stranger, 'POST', `/campaigns/${own.campaign.id}/results`, resultFor(contact!));
    expect(fieldsOf(borrowed.body)).toEqual(['results.0.campaignContactId']);

    // Below the API too: as the stranger, the database shows none of the owner's rows.
    const counts = await withUser(product.pool, { sub: stranger.id, role: 'authenticated' }, async (db) => {
      const { rows } = await db.query<{ campaigns: number; contacts: number; results: number }>(
        `select (select count(*) from campaigns where id = $1)::int as campaigns,
                (select count(*) from campaign_contacts where campaign_id = $1)::int as contacts,
                (select count(*) from campaign_call_results where campaign_id = $1)::int as results`,
        [campaign.id],
      );
      return rows[0];
    });
    expect(counts).toEqual({ campaigns: 0, contacts: 0, results: 0 });
  });
});

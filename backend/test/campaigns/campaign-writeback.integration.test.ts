import type { TCampaignContact, TCreateCampaignResponse, TPostResultsResponse } from '@voiceagent/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countRequests, type Platform } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';
import { resultFor, startCampaignTestbed, type CampaignTestbed } from './campaign-testbed';

/**
 * Call results written back to the sandbox CRMs: a HubSpot call engagement or a Zoho Calls
 * record per reported call, exactly once — through duplicate posts, sandbox errors, retries
 * that run out and re-drives. Retries wait 1 s, then 2 s (two of them).
 */
let testbed: CampaignTestbed;
let user: TestUser;
let campaignId: string;
let contacts: TCampaignContact[];
let fromAgent: TCreateCampaignResponse;
/** Contacts no earlier test of this file has called, so each test counts its own calls. */
let unused: Record<'hubspot' | 'zoho', TCampaignContact[]>;

beforeAll(async () => {
  testbed = await startCampaignTestbed();
  user = await testbed.signUpConnected();
  const { agent } = await testbed.createAgent(user);
  // The sandboxes hold the same people (the same numbers) in both CRMs: the agent's own snapshot
  // would keep HubSpot's copy of each. Picking Zoho's copy of every other number gives a
  // campaign of both.
  const { rows } = await testbed.product.pool.query<{ hubspot: string; zoho: string }>(
    `select h.id as hubspot, z.id as zoho from crm_contacts h
     join crm_contacts z on z.user_id = h.user_id and z.platform = 'zoho'
       and coalesce(z.phone_e164, z.mobile_phone_e164) = coalesce(h.phone_e164, h.mobile_phone_e164)
     where h.user_id = $1 and h.platform = 'hubspot'
     order by coalesce(h.phone_e164, h.mobile_phone_e164)`,
    [user.id],
  );
  fromAgent = await testbed.createCampaign(user, { agentId: agent.id, name: 'Everyone' });
  const picked = await testbed.createCampaign(user, { agentId: agent.id, name: 'Spring renewals', contactIds: rows.map((row, i) => (i % 2 === 0 ? row.hubspot : row.zoho)) });
  campaignId = picked.campaign.id;
  contacts = await testbed.allContacts(user, campaignId);
  unused = { hubspot: contacts.filter((c) => c.platform === 'hubspot'), zoho: contacts.filter((c) => c.platform === 'zoho') };
}, 60_000);
afterAll(async () => {
  await testbed?.close();
});
afterEach(() => {
  testbed.hubspot.admin.clearFaults();
  testbed.zoho.admin.clearFaults();
});

function take(platform: 'hubspot' | 'zoho', count: number): TCampaignContact[] {
  const taken = unused[platform].splice(0, count);
  if (taken.length < count) throw new Error(`not enough unused ${platform} contacts`);
  return taken;
}

async function postResults(results: unknown[]): Promise<TPostResultsResponse> {
  const { status, body } = await testbed.call<TPostResultsResponse>(user, 'POST', `/campaigns/${campaignId}/results`, { results });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

/** Requests that create calls: HubSpot's single and batch create, Zoho's insert (up to 100 each). */
function callPosts(): { hubspot: number; zoho: number } {
  return {
    hubspot: countRequests(testbed.hubspot.admin.counters().requests, /^POST \/crm\/v3\/objects\/calls(\/batch\/create)?$/),
    zoho: countRequests(testbed.zoho.admin.counters().requests, /^POST \/crm\/v8\/Calls$/),
  };
}

/** Calls each CRM has created: since calls go out in batches, the count of creates per call. */
function callsCreated(): { hubspot: number; zoho: number } {
  return { hubspot: testbed.hubspot.admin.counters().callsCreated, zoho: testbed.zoho.admin.counters().callsCreated };
}

async function contactRow(id: string): Promise<TCampaignContact> {
  return (await testbed.allContacts(user, campaignId)).find((contact) => contact.id === id)!;
}

/** Each contact has exactly one call at its CRM, the one whose id the contact's row holds. */
async function expectLoggedOnce(picked: TCampaignContact[]): Promise<void> {
  const rows = await testbed.allContacts(user, campaignId);
  for (const contact of picked) {
    const row = rows.find((candidate) => candidate.id === contact.id)!;
    expect(row.writeBack, contact.id).toMatchObject({ status: 'succeeded', crmCallId: expect.any(String), error: null });
    expect(await testbed.sandboxCallsOf(user, contact.platform as Platform, contact.externalId)).toEqual([row.writeBack!.crmCallId]);
  }
}

/**
 * Results for `perPlatform` fresh contacts of each CRM, posted while each CRM's calls endpoint
 * has the given fault: every call must end written back exactly once. Returns the calls each
 * CRM created.
 */
async function writeBackThrough(
  perPlatform: number,
  hubspotFault: Parameters<CampaignTestbed['hubspot']['admin']['addFault']>[0],
  zohoFault: Parameters<CampaignTestbed['zoho']['admin']['addFault']>[0],
): Promise<{ hubspot: number; zoho: number }> {
  const picked = [...take('hubspot', perPlatform), ...take('zoho', perPlatform)];
  testbed.hubspot.admin.addFault({ ...hubspotFault, pathPrefix: '/crm/v3/objects/calls' });
  testbed.zoho.admin.addFault({ ...zohoFault, pathPrefix: '/crm/v8/Calls' });
  const before = callsCreated();

  await postResults(picked.map((contact) => resultFor(contact)));
  const stats = await testbed.waitForWriteBacks(user, campaignId);

  expect(testbed.hubspot.admin.listFaults()).toEqual([]);
  expect(testbed.zoho.admin.listFaults()).toEqual([]);
  expect(stats.total.writeBackFailed).toBe(0);
  await expectLoggedOnce(picked);
  const after = callsCreated();
  return { hubspot: after.hubspot - before.hubspot, zoho: after.zoho - before.zoho };
}

describe('the campaigns this file creates', () => {
  it('take each person once although both CRMs hold them, and hold contacts of both CRMs when picked so', () => {
    expect(fromAgent.contacts).toEqual({ added: 28, merged: 28, skipped: { notCallable: 0, notFound: 0 } });
    expect(contacts).toHaveLength(28);
    expect(unused.hubspot.length).toBeGreaterThanOrEqual(10);
    expect(unused.zoho.length).toBeGreaterThanOrEqual(10);
  });
});

describe('write-back of call results', () => {
  it('logs each call once in its CRM although the results are posted twice', async () => {
    const picked = [...take('hubspot', 3), ...take('zoho', 3)];
    const results = picked.map((contact, i) => resultFor(contact, { status: (['completed', 'voicemail', 'no_answer'] as const)[i % 3], durationSec: i % 3 === 0 ? 95 : 0 }));
    const before = callsCreated();

    const first = await postResults(results);
    const second = await postResults(results);
    await testbed.waitForWriteBacks(user, campaignId);

    expect(first).toMatchObject({ accepted: 6, duplicates: 0 });
    expect(second).toMatchObject({ accepted: 0, duplicates: 6 });
    expect(second.results.map((r) => r.resultId)).toEqual(first.results.map((r) => r.resultId));
    await expectLoggedOnce(picked);
    const after = callsCreated();
    expect({ hubspot: after.hubspot - before.hubspot, zoho: after.zoho - before.zoho }).toEqual({ hubspot: 3, zoho: 3 });

    // A re-drive finds nothing left to do and logs nothing more.
    const requests = callPosts();
    const redrive = await testbed.call(user, 'POST', `/campaigns/${campaignId}/sync-results`);
    expect(redrive).toEqual({ status: 202, body: { requeued: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(callsCreated()).toEqual(after);
    expect(callPosts()).toEqual(requests);
  });

  it('writes the call as each CRM shows one: HubSpot engagement with outcome, Zoho Calls record on the contact', async () => {
    const [hubspotContact] = take('hubspot', 1);
    const [zohoContact] = take('zoho', 1);
    const startedAt = '2026-03-04T09:30:00.000Z';
    const details = { status: 'completed' as const, outcome: 'interested', startedAt, durationSec: 125, summary: 'Asked for pricing.', recordingUrl: 'https://calls.example/rec/1.mp3' };
    await postResults([resultFor(hubspotContact!, details), resultFor(zohoContact!, details)]);
    await testbed.waitForWriteBacks(user, campaignId);

    const session = await testbed.product.services.credentials.getSession(user.id, 'hubspot');
    const hubspotRow = await contactRow(hubspotContact!.id);
    const properties = 'hs_timestamp,hs_call_title,hs_call_body,hs_call_duration,hs_call_status,hs_call_direction,hs_call_disposition';
    const res = await fetch(`${testbed.hubspot.url}/crm/v3/objects/calls/${hubspotRow.writeBack!.crmCallId}?properties=${properties}&associations=contacts`, {
      headers: { authorization: `Bearer ${await session.getAccessToken()}` },
    });
    const call = (await res.json()) as { properties: Record<string, string>; associations: { contacts: { results: Array<{ id: string }> } } };
    expect(call.properties).toMatchObject({
      hs_timestamp: startedAt,
      hs_call_title: 'Spring renewals: answered',
      hs_call_duration: '125000',
      hs_call_status: 'COMPLETED',
      hs_call_direction: 'OUTBOUND',
      hs_call_disposition: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
    });
    expect(call.properties.hs_call_body).toContain('Outcome: interested');
    expect(call.properties.hs_call_body).toContain('Asked for pricing.');
    expect(call.properties.hs_call_body).toContain('https://calls.example/rec/1.mp3');
    expect(call.associations.contacts.results.map((r) => r.id)).toEqual([hubspotContact!.externalId]);

    const zohoSession = await testbed.product.services.credentials.getSession(user.id, 'zoho');
    const zohoRow = await contactRow(zohoContact!.id);
    const zohoRes = await fetch(`${zohoSession.connection.apiDomain}/crm/v8/Calls/${zohoRow.writeBack!.crmCallId}?fields=Subject,Call_Type,Call_Duration,Description,Who_Id`, {
      headers: { authorization: `Zoho-oauthtoken ${await zohoSession.getAccessToken()}` },
    });
    const record = ((await zohoRes.json()) as { data: Array<Record<string, unknown>> }).data[0]!;
    expect(record).toMatchObject({ Subject: 'Spring renewals: answered', Call_Type: 'Outbound', Call_Duration: '02:05', Who_Id: { id: zohoContact!.externalId } });
  });

  it('retries through sandbox errors on the calls endpoints until every call is logged exactly once', async () => {
    // Two failures per CRM, fewer than any one result's two retries could run out of.
    const creates = await writeBackThrough(4, { kind: 'status', status: 503, count: 2 }, { kind: 'status', status: 500, count: 2 });
    // Four calls each, once: the refused attempts (every fault was spent) were retried, none doubled.
    expect(creates).toEqual({ hubspot: 4, zoho: 4 });
  });

  it('finds a call whose create the CRM made but whose answer was lost, instead of logging it twice', async () => {
    // Each CRM makes the first two calls, then drops the connection before answering.
    const creates = await writeBackThrough(2, { kind: 'lose-response', count: 2 }, { kind: 'lose-response', count: 2 });
    // One create per call: the retries found the lost ones at the CRM.
    expect(creates).toEqual({ hubspot: 2, zoho: 2 });
  });

  it('shows a write-back whose retries ran out as failed, in the stats and on the contact, until sync-results writes it back', async () => {
    const [contact] = take('hubspot', 1);
    const before = await testbed.stats(user, campaignId);
    // Three failures: the attempt and both retries.
    testbed.hubspot.admin.addFault({ kind: 'status', status: 503, pathPrefix: '/crm/v3/objects/calls', count: 3 });

    await postResults([resultFor(contact!)]);
    const failed = await testbed.waitForWriteBacks(user, campaignId);

    expect(failed.byPlatform.hubspot.writeBackFailed).toBe(before.byPlatform.hubspot.writeBackFailed + 1);
    expect(failed.byPlatform.hubspot.writtenBack).toBe(before.byPlatform.hubspot.writtenBack);
    expect((await contactRow(contact!.id)).writeBack).toMatchObject({ status: 'failed', crmCallId: null, error: expect.stringMatching(/HubSpot|503|unavailable/i) });
    expect(await testbed.sandboxCallsOf(user, 'hubspot', contact!.externalId)).toEqual([]);

    const redrive = await testbed.call(user, 'POST', `/campaigns/${campaignId}/sync-results`);
    expect(redrive).toEqual({ status: 202, body: { requeued: 1 } });
    const healed = await testbed.waitForWriteBacks(user, campaignId);

    expect(healed.byPlatform.hubspot.writeBackFailed).toBe(before.byPlatform.hubspot.writeBackFailed);
    expect(healed.byPlatform.hubspot.writtenBack).toBe(before.byPlatform.hubspot.writtenBack + 1);
    await expectLoggedOnce([contact!]);
  });

  it('gives up at once, without retries, when the CRM refuses the call for good (the contact is gone there)', async () => {
    const [contact] = take('hubspot', 1);
    testbed.hubspot.admin.deleteContacts(testbed.portalId, { ids: [contact!.externalId] });
    const before = callPosts();

    await postResults([resultFor(contact!)]);
    await testbed.waitForWriteBacks(user, campaignId);

    expect((await contactRow(contact!.id)).writeBack).toMatchObject({ status: 'failed', crmCallId: null, error: expect.any(String) });
    expect(callPosts().hubspot - before.hubspot).toBe(1);
  });
});

import type { TCampaignContact, TPostResultsResponse } from '@voiceagent/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countRequests } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';
import { resultFor, startCampaignTestbed, type CampaignTestbed } from './campaign-testbed';

/**
 * Write-back in batches: the results waiting for a connection reach the CRM up to 100 per
 * request, a record the CRM fails is retried alone, and a batch whose answer was lost is found
 * at the CRM by a batched lookup instead of being logged again. Counted at the sandboxes.
 */
type Platform = 'hubspot' | 'zoho';

let testbed: CampaignTestbed;
let user: TestUser;
/** One campaign per CRM, so a batch holds one connection's calls. */
const campaigns = {} as Record<Platform, { id: string; unused: TCampaignContact[] }>;

beforeAll(async () => {
  testbed = await startCampaignTestbed({}, { hubspotContacts: 320, zohoContacts: 40 });
  user = await testbed.signUpConnected();
  const { agent } = await testbed.createAgent(user);
  for (const platform of ['hubspot', 'zoho'] as const) {
    const { campaign } = await testbed.createCampaign(user, { agentId: agent.id, name: `Batches ${platform}`, filter: { platform: [platform], callable: true } });
    campaigns[platform] = { id: campaign.id, unused: await testbed.allContacts(user, campaign.id) };
  }
}, 90_000);
afterAll(async () => {
  await testbed?.close();
});
afterEach(() => {
  testbed.hubspot.admin.clearFaults();
  testbed.zoho.admin.clearFaults();
});

function take(platform: Platform, count: number): TCampaignContact[] {
  const taken = campaigns[platform].unused.splice(0, count);
  if (taken.length < count) throw new Error(`not enough unused ${platform} contacts`);
  return taken;
}

/** Requests per kind at each sandbox, and the calls each created. */
function traffic() {
  const hubspot = testbed.hubspot.admin.counters();
  const zoho = testbed.zoho.admin.counters();
  return {
    hubspot: {
      creates: countRequests(hubspot.requests, /^POST \/crm\/v3\/objects\/calls(\/batch\/create)?$/),
      lookups: countRequests(hubspot.requests, /^POST \/crm\/(v4\/associations\/contacts\/calls|v3\/objects\/calls)\/batch\/read$/),
      created: hubspot.callsCreated,
    },
    zoho: {
      creates: countRequests(zoho.requests, /^POST \/crm\/v8\/Calls$/),
      lookups: countRequests(zoho.requests, /^GET \/crm\/v8\/Calls\/search$/),
      created: zoho.callsCreated,
    },
  };
}

function since(before: ReturnType<typeof traffic>, platform: Platform): { creates: number; lookups: number; created: number } {
  const after = traffic()[platform];
  return { creates: after.creates - before[platform].creates, lookups: after.lookups - before[platform].lookups, created: after.created - before[platform].created };
}

/** Posts a result per contact (one request) and waits until none of the campaign's write-backs is pending. */
async function writeBack(platform: Platform, picked: TCampaignContact[], callIds: string[] = picked.map(() => `call-${crypto.randomUUID()}`)): Promise<void> {
  const results = picked.map((contact, i) => resultFor(contact, { callId: callIds[i]! }));
  const { status, body } = await testbed.call<TPostResultsResponse>(user, 'POST', `/campaigns/${campaigns[platform].id}/results`, { results });
  expect(status, JSON.stringify(body)).toBe(200);
  const stats = await testbed.waitForWriteBacks(user, campaigns[platform].id);
  expect(stats.total.writeBackFailed).toBe(0);
}

/** Each contact has exactly one call at its CRM, the one whose id the contact's row holds. */
async function expectLoggedOnce(platform: Platform, picked: TCampaignContact[]): Promise<void> {
  const rows = new Map((await testbed.allContacts(user, campaigns[platform].id)).map((row) => [row.id, row]));
  for (const contact of picked) {
    const row = rows.get(contact.id)!;
    expect(row.writeBack, contact.id).toMatchObject({ status: 'succeeded', crmCallId: expect.any(String), error: null });
    expect(await testbed.sandboxCallsOf(user, platform, contact.externalId)).toEqual([row.writeBack!.crmCallId]);
  }
}

describe('batched write-back', () => {
  it('sends 250 HubSpot results in 3 batch creates (100 + 100 + 50), each call logged once', async () => {
    const picked = take('hubspot', 250);
    const before = traffic();

    await writeBack('hubspot', picked);

    expect(since(before, 'hubspot')).toEqual({ creates: 3, lookups: 0, created: 250 });
    await expectLoggedOnce('hubspot', picked);
  });

  for (const platform of ['hubspot', 'zoho'] as const) {
    it(`retries alone a record ${platform === 'hubspot' ? 'HubSpot' : 'Zoho'} failed in a batch, and writes the others of that batch once`, async () => {
      const picked = take(platform, 5);
      const callIds = picked.map(() => `call-${crypto.randomUUID()}`);
      const pathPrefix = platform === 'hubspot' ? '/crm/v3/objects/calls' : '/crm/v8/Calls';
      testbed[platform].admin.addFault({ kind: 'record-error', pathPrefix, recordContains: `VoiceAgent call ${callIds[2]}`, count: 1 });
      const before = traffic();

      await writeBack(platform, picked, callIds);

      // The batch of five, then the failed one alone; the CRM answered for it, so no lookup.
      expect(since(before, platform)).toEqual({ creates: 2, lookups: 0, created: 5 });
      expect(testbed[platform].admin.listFaults()).toEqual([]);
      await expectLoggedOnce(platform, picked);
    });

    it(`finds ${platform === 'hubspot' ? 'HubSpot' : 'Zoho'}'s calls of a batch whose answer was lost with a batch lookup, instead of logging them again`, async () => {
      const picked = take(platform, 5);
      const pathPrefix = platform === 'hubspot' ? '/crm/v3/objects/calls/batch/create' : '/crm/v8/Calls';
      testbed[platform].admin.addFault({ kind: 'lose-response', pathPrefix, count: 1 });
      const before = traffic();

      await writeBack(platform, picked);

      // One create, whose answer was lost; then one lookup for the five (HubSpot: their contacts'
      // associations, then the calls' bodies), which found them all.
      expect(since(before, platform)).toEqual({ creates: 1, lookups: platform === 'hubspot' ? 2 : 1, created: 5 });
      expect(testbed[platform].admin.listFaults()).toEqual([]);
      await expectLoggedOnce(platform, picked);
    });
  }
});

import type { TCampaignContact } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../support/test-users';
import { resultFor, startCampaignTestbed, type CampaignTestbed } from './campaign-testbed';

/**
 * A write-back whose attempt outlives its job: pg-boss gives the job up (no retries here) and
 * moves it to the dead-letter queue, whose worker marks the result failed. Job timeout 10 s;
 * SYNC_JOB_TIMEOUT_SECONDS=4 makes pg-boss's maintenance notice expired jobs every second.
 */
let testbed: CampaignTestbed;
let user: TestUser;
let campaignId: string;
let contact: TCampaignContact;

beforeAll(async () => {
  testbed = await startCampaignTestbed({ CAMPAIGN_WRITEBACK_JOB_TIMEOUT_SECONDS: '10', CAMPAIGN_WRITEBACK_RETRY_LIMIT: '0', SYNC_JOB_TIMEOUT_SECONDS: '4' });
  user = await testbed.signUpConnected();
  const { agent } = await testbed.createAgent(user);
  campaignId = (await testbed.createCampaign(user, { agentId: agent.id, name: 'Slow CRM' })).campaign.id;
  contact = (await testbed.allContacts(user, campaignId)).find((c) => c.platform === 'hubspot')!;
}, 60_000);
afterAll(async () => {
  await testbed?.close();
});

async function writeBackOf(id: string): Promise<TCampaignContact['writeBack']> {
  return (await testbed.allContacts(user, campaignId)).find((c) => c.id === id)!.writeBack;
}

describe('a write-back attempt that outlives its job', () => {
  it('shows as failed once pg-boss gives the job up, and as written back (once) if the CRM took the call after all', async () => {
    // HubSpot takes the call, but answers only after 18 s: long after the job's 10 s.
    testbed.hubspot.admin.addFault({ kind: 'latency', latencyMs: 18_000, pathPrefix: '/crm/v3/objects/calls', count: 1 });
    const { status } = await testbed.call(user, 'POST', `/campaigns/${campaignId}/results`, resultFor(contact));
    expect(status).toBe(200);

    await expect.poll(() => writeBackOf(contact.id), { timeout: 17_000, interval: 250 }).toMatchObject({
      status: 'failed',
      error: 'The write-back did not finish in time; retry it',
    });
    expect((await testbed.stats(user, campaignId)).byPlatform.hubspot).toMatchObject({ writeBackFailed: 1, writeBackPending: 0 });

    await expect.poll(() => writeBackOf(contact.id), { timeout: 15_000, interval: 250 }).toMatchObject({ status: 'succeeded' });
    const row = await writeBackOf(contact.id);
    expect(await testbed.sandboxCallsOf(user, 'hubspot', contact.externalId)).toEqual([row!.crmCallId]);
    expect((await testbed.stats(user, campaignId)).byPlatform.hubspot).toMatchObject({ writeBackFailed: 0, writtenBack: 1 });
  }, 45_000);
});

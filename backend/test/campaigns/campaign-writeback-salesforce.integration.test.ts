import type { SalesforceFaultRule } from '@voiceagent/crm-sandbox';
import type { TCampaignContact, TPostResultsResponse } from '@voiceagent/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countRequests } from '../crm/sync/sync-testbed';
/** A Task as the sandbox's admin lists it: the org's REST API's fields. */
type SalesforceTask = Record<string, unknown> & { Id: string; WhoId: string | null };
import type { TestUser } from '../support/test-users';
import { resultFor, startCampaignTestbed, type CampaignTestbed } from './campaign-testbed';

/**
 * Call results written back to Salesforce as Tasks of subtype Call on their Contact or Lead,
 * against the product's own Salesforce sandbox over HTTP: checked at the org field by field, and
 * exactly once per call through lost answers, server errors, a locked record and a session that
 * the org's admin ended mid-way. Retries wait 1 s, then 2 s (two of them).
 */
const COLLECTIONS = '/services/data/v62.0/composite/sobjects';
const CAMPAIGN = 'Salesforce renewals';

let testbed: CampaignTestbed;
let user: TestUser;
let orgId: string;
let campaignId: string;
/** Campaign contacts no earlier test of this file has called, Contacts (003…) and Leads (00Q…) apart. */
const unused: Record<'contact' | 'lead', TCampaignContact[]> = { contact: [], lead: [] };

beforeAll(async () => {
  testbed = await startCampaignTestbed({}, { hubspotContacts: 5, zohoContacts: 5 });
  user = await testbed.signUpConnected(['hubspot', 'salesforce']);
  orgId = (await testbed.product.services.credentials.getSession(user.id, 'salesforce')).connection.externalAccountId;
  const { agent } = await testbed.createAgent(user);
  const { campaign } = await testbed.createCampaign(user, { agentId: agent.id, name: CAMPAIGN, filter: { platform: ['salesforce'], callable: true } });
  campaignId = campaign.id;
  for (const contact of await testbed.allContacts(user, campaignId)) unused[contact.externalId.startsWith('00Q') ? 'lead' : 'contact'].push(contact);
}, 60_000);
afterAll(async () => {
  await testbed?.close();
});
afterEach(async () => {
  await testbed.salesforce.admin.clearFaults();
});

function take(kind: 'contact' | 'lead', count: number): TCampaignContact[] {
  const taken = unused[kind].splice(0, count);
  if (taken.length < count) throw new Error(`not enough unused Salesforce ${kind}s`);
  return taken;
}

async function postResults(results: unknown[]): Promise<TPostResultsResponse> {
  const { status, body } = await testbed.call<TPostResultsResponse>(user, 'POST', `/campaigns/${campaignId}/results`, { results });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function callTasks(): Promise<SalesforceTask[]> {
  return (testbed.salesforce.admin.listTasks(orgId) as SalesforceTask[]).filter((task) => task.TaskSubtype === 'Call');
}

/** Requests per kind at the org: Task creates (collections and single), lookups (SOQL), token grants. */
async function traffic(): Promise<{ creates: number; lookups: number; grants: number }> {
  const requests = testbed.salesforce.admin.counters().requests;
  return {
    creates: countRequests(requests, /^POST \/services\/data\/vXX\.X\/(composite\/sobjects|sobjects\/Task)$/),
    lookups: countRequests(requests, /^GET \/services\/data\/vXX\.X\/query/),
    grants: countRequests(requests, /^POST \/services\/oauth2\/token$/),
  };
}

/** Each contact has exactly one call Task, the one its row holds, which carries its call's marker. */
async function expectLoggedOnce(picked: TCampaignContact[], callIds: string[]): Promise<void> {
  const rows = await testbed.allContacts(user, campaignId);
  const tasks = await callTasks();
  picked.forEach((contact, index) => {
    const row = rows.find((candidate) => candidate.id === contact.id)!;
    expect(row.writeBack, contact.id).toMatchObject({ status: 'succeeded', crmCallId: expect.stringMatching(/^00T/), error: null });
    const onContact = tasks.filter((task) => task.WhoId === contact.externalId);
    expect(onContact.map((task) => task.Id)).toEqual([row.writeBack!.crmCallId]);
    expect(onContact[0]!.Description).toMatch(new RegExp(`VoiceAgent call ${callIds[index]}$`));
  });
}

/** Results for fresh contacts posted while the collections endpoint has `fault`; every call must end logged once. */
async function writeBackThrough(count: number, fault: SalesforceFaultRule): Promise<{ tasksCreated: number; lookups: number }> {
  const picked = [...take('contact', count - 1), ...take('lead', 1)];
  const results = picked.map((contact) => resultFor(contact));
  testbed.salesforce.admin.addFault({ ...fault, pathPrefix: COLLECTIONS });
  const [tasksBefore, before] = [(await callTasks()).length, await traffic()];

  await postResults(results);
  const stats = await testbed.waitForWriteBacks(user, campaignId);

  expect(testbed.salesforce.admin.listFaults()).toEqual([]);
  expect(stats.byPlatform.salesforce.writeBackFailed).toBe(0);
  await expectLoggedOnce(picked, results.map((result) => result.callId));
  return { tasksCreated: (await callTasks()).length - tasksBefore, lookups: (await traffic()).lookups - before.lookups };
}

describe('the Salesforce campaign', () => {
  it('holds callable Contacts and Leads of the org', () => {
    expect(unused.contact.length).toBeGreaterThanOrEqual(9);
    expect(unused.lead.length).toBeGreaterThanOrEqual(7);
  });
});

describe('write-back of call results to Salesforce', () => {
  it('logs each call as a completed outbound call Task on its Contact or Lead, field by field', async () => {
    const [contact] = take('contact', 1);
    const [lead] = take('lead', 1);
    const answered = resultFor(contact!, { status: 'completed', outcome: 'interested', startedAt: '2026-03-04T09:30:00.000Z', durationSec: 125, summary: 'Asked for pricing.', recordingUrl: 'https://calls.example/rec/1.mp3' });
    const voicemail = resultFor(lead!, { status: 'voicemail', outcome: null, startedAt: '2026-03-05T16:00:00.000Z', durationSec: 0, summary: '' });

    await postResults([answered, voicemail]);
    const stats = await testbed.waitForWriteBacks(user, campaignId);

    expect(stats.byPlatform.salesforce).toMatchObject({ writtenBack: 2, writeBackFailed: 0, writeBackPending: 0 });
    const rows = await testbed.allContacts(user, campaignId);
    const tasks = await callTasks();
    const taskOf = (campaignContact: TCampaignContact) => tasks.find((task) => task.Id === rows.find((row) => row.id === campaignContact.id)!.writeBack!.crmCallId)!;

    const onContact = taskOf(contact!);
    expect(onContact).toMatchObject({
      WhoId: contact!.externalId,
      Subject: `${CAMPAIGN}: answered`,
      TaskSubtype: 'Call',
      CallType: 'Outbound',
      CallDurationInSeconds: 125,
      CallDisposition: 'Completed',
      Status: 'Completed',
      ActivityDate: '2026-03-04',
    });
    expect(onContact.Description).toBe(`Outcome: interested\n\nAsked for pricing.\n\nRecording: https://calls.example/rec/1.mp3\n\nVoiceAgent call ${answered.callId}`);

    const onLead = taskOf(lead!);
    expect(onLead).toMatchObject({
      WhoId: lead!.externalId,
      Subject: `${CAMPAIGN}: voicemail`,
      TaskSubtype: 'Call',
      CallType: 'Outbound',
      CallDurationInSeconds: 0,
      CallDisposition: 'Left voicemail',
      Status: 'Completed',
      ActivityDate: '2026-03-05',
    });
    expect(onLead.Description).toBe(`VoiceAgent call ${voicemail.callId}`);
  });

  it('logs each call once although the results are posted twice, and a re-drive logs nothing more', async () => {
    const picked = [...take('contact', 2), ...take('lead', 1)];
    const results = picked.map((contact) => resultFor(contact));
    const [tasksBefore, before] = [(await callTasks()).length, await traffic()];

    const first = await postResults(results);
    const second = await postResults(results);
    await testbed.waitForWriteBacks(user, campaignId);

    expect(first).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(second).toMatchObject({ accepted: 0, duplicates: 3 });
    await expectLoggedOnce(picked, results.map((result) => result.callId));
    expect((await callTasks()).length - tasksBefore).toBe(3);
    // Three calls of one connection: one collection request.
    const after = await traffic();
    expect(after.creates - before.creates).toBe(1);

    const redrive = await testbed.call(user, 'POST', `/campaigns/${campaignId}/sync-results`);
    expect(redrive).toEqual({ status: 202, body: { requeued: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await traffic()).creates).toBe(after.creates);
  });

  it('finds the Tasks Salesforce created when the answer was lost, instead of creating them twice', async () => {
    // The collection is saved, then the connection drops before the answer.
    const { tasksCreated, lookups } = await writeBackThrough(3, { kind: 'lose-response', count: 1 });

    expect(tasksCreated).toBe(3);
    expect(lookups).toBeGreaterThanOrEqual(1);
  });

  it('retries a collection Salesforce refused with 500 or 503 until every call is logged once', async () => {
    const first = await writeBackThrough(2, { kind: 'status', status: 500, count: 1 });
    const second = await writeBackThrough(2, { kind: 'status', status: 503, count: 2 });

    expect([first.tasksCreated, second.tasksCreated]).toEqual([2, 2]);
  });

  it('retries only the record Salesforce could not lock, and logs every call once', async () => {
    const picked = [...take('contact', 2), ...take('lead', 1)];
    const results = picked.map((contact) => resultFor(contact));
    // UNABLE_TO_LOCK_ROW on the second record alone; the others are saved.
    testbed.salesforce.admin.addFault({ kind: 'record-error', pathPrefix: COLLECTIONS, recordContains: results[1]!.callId, count: 1 });
    const tasksBefore = (await callTasks()).length;

    await postResults(results);
    await testbed.waitForWriteBacks(user, campaignId);

    expect(testbed.salesforce.admin.listFaults()).toEqual([]);
    await expectLoggedOnce(picked, results.map((result) => result.callId));
    expect((await callTasks()).length - tasksBefore).toBe(3);
  });

  it('refreshes a session the org ended mid-way once, and the write-back completes', async () => {
    const picked = [...take('contact', 1), ...take('lead', 1)];
    const results = picked.map((contact) => resultFor(contact));
    expect(testbed.salesforce.admin.expireAccessTokens(orgId).expired).toBeGreaterThan(0);
    const before = await traffic();

    await postResults(results);
    const stats = await testbed.waitForWriteBacks(user, campaignId);

    expect(stats.byPlatform.salesforce.writeBackFailed).toBe(0);
    await expectLoggedOnce(picked, results.map((result) => result.callId));
    const after = await traffic();
    expect(after.grants - before.grants).toBe(1);
    // The refused collection (401 INVALID_SESSION_ID: nothing saved), then the same one again.
    expect(after.creates - before.creates).toBe(2);
  });

  it('counts the calls per platform in the campaign stats, Salesforce beside the others', async () => {
    const stats = await testbed.stats(user, campaignId);
    expect(Object.keys(stats.byPlatform).sort()).toEqual(['hubspot', 'salesforce', 'zoho']);
    expect(stats.byPlatform.salesforce.writtenBack).toBe(17);
    expect(stats.total.writtenBack).toBe(17);
    expect(stats.byPlatform.hubspot.writtenBack).toBe(0);
  });
});

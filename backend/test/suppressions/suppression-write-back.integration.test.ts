import type { TBulkJobDetail, TCreateCampaignResponse, TCreateAgentResponse, TSuppression, TSuppressionImportResult, TSuppressionListResponse, TUserSettings } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFields } from '../agents/agent-api';
import { countRequests, startSyncTestbed, waitForFirstSync, type SyncTestbed } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';
import { waitForBulkJobEnd, waitForSyncsIdle } from '../bulk/bulk-job-waits';

/**
 * A suppressed number written back to the CRMs' do-not-call fields (issue 18), against the
 * sandbox CRMs over HTTP: nothing while the setting is off; with it on, Salesforce's DoNotCall on
 * the Contact and the Lead and HubSpot's mapped property, through one bulk update job; unmapped
 * CRMs left alone; a record the CRM refuses shown as failed; another user's records untouched; a
 * CSV of 10,000 numbers as one job with a pg-boss job per CRM; and a call's "asked not to call".
 */
let testbed: SyncTestbed;
let userA: TestUser;
let userB: TestUser;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  testbed = await startSyncTestbed({
    hubspotContacts: 40,
    zohoContacts: 20,
    salesforceOrgs: [
      { contacts: 40, leads: 20 },
      { contacts: 10, leads: 0, seed: 7 },
    ],
    env: { SYNC_INTERVAL_MINUTES: '0' },
  });
  [orgA, orgB] = testbed.salesforceOrgIds as [string, string];
  userA = await testbed.signUp();
  for (const platform of ['hubspot', 'zoho', 'salesforce'] as const) {
    await testbed.connect(userA, platform);
    expect((await waitForFirstSync(testbed, userA, platform)).status).toBe('succeeded');
  }
  userB = await testbed.signUp();
  await testbed.connect(userB, 'salesforce', { salesforceOrgId: orgB });
  expect((await waitForFirstSync(testbed, userB, 'salesforce')).status).toBe('succeeded');
}, 120_000);

afterAll(async () => {
  await testbed?.close();
});

async function call<T>(user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await testbed.api(user, path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function setWriteBack(user: TestUser, isOn: boolean): Promise<void> {
  const { status, body } = await call<TUserSettings>(user, 'PATCH', '/me/settings', { suppressionWriteBack: isOn });
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.suppressionWriteBack).toBe(isOn);
}

async function suppress(user: TestUser, phone: string): Promise<TSuppression> {
  const { status, body } = await call<TSuppression>(user, 'POST', '/suppressions', { phone });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

async function listAll(user: TestUser): Promise<TSuppression[]> {
  const items: TSuppression[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { status, body } = await call<TSuppressionListResponse>(user, 'GET', `/suppressions?${query}`);
    expect(status).toBe(200);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

/** The suppression as the list shows it, once its write-back has left `queued`. */
async function waitForWriteBack(user: TestUser, phone: string, timeoutMs = 45_000): Promise<TSuppression> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await call<TSuppressionListResponse>(user, 'GET', '/suppressions?limit=200');
    const found = body.items.find((item) => item.phoneE164 === phone);
    if (found && found.crmWriteBack.status !== 'queued') return found;
    if (Date.now() > deadline) throw new Error(`write-back of ${phone} still ${JSON.stringify(found?.crmWriteBack)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type Contact = { id: string; external_id: string };
const taken = new Set<string>();

/** Contacts of the user not yet used by a test and not do-not-call here, each given a number (as phone or mobile) as a sync would have stored it. */
async function giveNumber(user: TestUser, platform: string, objectType: 'contact' | 'lead', count: number, phone: (i: number) => string, column: 'phone' | 'mobile' = 'phone'): Promise<Contact[]> {
  const { rows } = await testbed.product.pool.query<Contact>(
    `select id, external_id from public.crm_contacts
     where user_id = $1 and platform = $2 and object_type = $3 and deleted_at is null and do_not_call is not true and id <> all($4::uuid[])
     order by external_id limit $5`,
    [user.id, platform, objectType, [...taken], count],
  );
  expect(rows).toHaveLength(count);
  for (const [i, row] of rows.entries()) {
    taken.add(row.id);
    await testbed.product.pool.query(`update public.crm_contacts set ${column === 'mobile' ? 'mobile_phone_e164' : 'phone_e164'} = $2 where id = $1`, [row.id, phone(i)]);
  }
  return rows;
}

const salesforceDoNotCall = (org: string, object: 'Contact' | 'Lead', id: string) => testbed.salesforce.admin.getRecord(org, object, id).DoNotCall;

/** A HubSpot property of user A's contacts, read from the sandbox's own API. */
async function hubspotProperty(ids: string[], property: string): Promise<Array<string | null>> {
  const session = await testbed.product.services.credentials.getSession(userA.id, 'hubspot');
  const res = await fetch(`${testbed.hubspot.url}/crm/v3/objects/contacts/batch/read`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await session.getAccessToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: ids.map((id) => ({ id })), properties: [property] }),
  });
  const body = (await res.json()) as { results: Array<{ id: string; properties: Record<string, string | null> }> };
  return ids.map((id) => body.results.find((result) => result.id === id)?.properties[property] ?? null);
}

const writeRequests = () => ({
  hubspot: countRequests(testbed.hubspot.admin.counters().requests, /^POST \/crm\/v3\/objects\/contacts\/batch\/update$/),
  zoho: countRequests(testbed.zoho.admin.counters().requests, /^PUT \/crm\/v\d+\/Contacts$/),
  salesforce: countRequests(testbed.salesforce.admin.counters().requests, /^PATCH .*\/composite\/sobjects$/),
});

async function jobCount(user: TestUser): Promise<number> {
  const { rows } = await testbed.product.pool.query(`select count(*)::int as n from public.bulk_jobs where user_id = $1`, [user.id]);
  return rows[0].n;
}

describe('the suppression write-back setting', () => {
  it('is off by default, and writes nothing to any CRM while off', async () => {
    expect((await call<TUserSettings>(userA, 'GET', '/me/settings')).body).toEqual({ timeZone: null, suppressionWriteBack: false });
    const [contact] = await giveNumber(userA, 'salesforce', 'contact', 1, () => '+12125550101');
    const before = { requests: writeRequests(), jobs: await jobCount(userA) };

    const added = await suppress(userA, '+1 212 555 0101');

    expect(added.crmWriteBack).toEqual({ status: 'off', jobIds: [], records: 0, failed: 0, error: null });
    expect(await jobCount(userA)).toBe(before.jobs);
    expect(writeRequests()).toEqual(before.requests);
    expect(salesforceDoNotCall(orgA, 'Contact', contact!.external_id)).toBe(false);
  });

  it('is the user’s own: turning it on for one user leaves another’s off', async () => {
    await setWriteBack(userA, true);
    expect((await call<TUserSettings>(userA, 'GET', '/me/settings')).body.suppressionWriteBack).toBe(true);
    expect((await call<TUserSettings>(userB, 'GET', '/me/settings')).body.suppressionWriteBack).toBe(false);
    expect((await call(userA, 'PATCH', '/me/settings', { suppressionWriteBack: 'yes' })).status).toBe(400);
  });
});

describe('POST /api/v1/suppressions with the write-back on', () => {
  it('has nothing to update where the number is only on HubSpot and Zoho contacts with no field mapped to do not call', async () => {
    await giveNumber(userA, 'hubspot', 'contact', 1, () => '+12125550102');
    await giveNumber(userA, 'zoho', 'contact', 1, () => '+12125550102');
    const before = { requests: writeRequests(), jobs: await jobCount(userA) };

    const added = await suppress(userA, '+12125550102');

    expect(added.crmWriteBack).toEqual({ status: 'nothing_to_update', jobIds: [], records: 0, failed: 0, error: null });
    expect(await jobCount(userA)).toBe(before.jobs);
    expect(writeRequests()).toEqual(before.requests);
  });

  it('sets Salesforce’s DoNotCall on the Contact and the Lead and HubSpot’s mapped property through one bulk update, leaving Zoho unmapped alone', async () => {
    const mapped = await call(userA, 'PUT', '/crm/hubspot/field-mappings', { mappings: [{ field: 'do_not_call', target: { kind: 'standard', field: 'doNotCall' } }] });
    expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
    // The mapping's backfill fills do_not_call here; contacts marked by it are left out of the picks.
    await waitForSyncsIdle(testbed, userA);
    const number = '+12125550103';
    const [sfContact] = await giveNumber(userA, 'salesforce', 'contact', 1, () => number);
    const [sfLead] = await giveNumber(userA, 'salesforce', 'lead', 1, () => number);
    const [hubspot] = await giveNumber(userA, 'hubspot', 'contact', 1, () => number, 'mobile');
    const [zoho] = await giveNumber(userA, 'zoho', 'contact', 1, () => number);
    const before = writeRequests();

    const added = await suppress(userA, '(212) 555-0103');
    // Queued when answered (a fast worker may have written it already).
    expect(['queued', 'done']).toContain(added.crmWriteBack.status);
    expect(added.crmWriteBack).toMatchObject({ records: 3, failed: 0 });
    expect(added.crmWriteBack.jobIds).toHaveLength(1);

    const written = await waitForWriteBack(userA, number);
    expect(written.crmWriteBack).toEqual({ status: 'done', jobIds: added.crmWriteBack.jobIds, records: 3, failed: 0, error: null });
    expect(salesforceDoNotCall(orgA, 'Contact', sfContact!.external_id)).toBe(true);
    expect(salesforceDoNotCall(orgA, 'Lead', sfLead!.external_id)).toBe(true);
    expect(await hubspotProperty([hubspot!.external_id], 'do_not_call')).toEqual(['true']);
    const after = writeRequests();
    expect(after.zoho).toBe(before.zoho);
    // Contacts and Leads go to Salesforce apart; HubSpot takes its one record in one batch.
    expect(after.salesforce - before.salesforce).toBe(2);
    expect(after.hubspot - before.hubspot).toBe(1);
    // The job is an ordinary bulk update, with its result per record.
    const job = await call<TBulkJobDetail>(userA, 'GET', `/bulk-updates/${added.crmWriteBack.jobIds[0]}`);
    expect(job.body.job).toMatchObject({ kind: 'crm_update', status: 'succeeded', total: 3, succeeded: 3 });
    expect(job.body.items.items.map((item) => item.externalId).sort()).toEqual([sfContact!.external_id, sfLead!.external_id, hubspot!.external_id].sort());
    expect(job.body.items.items.some((item) => item.externalId === zoho!.external_id)).toBe(false);
  });

  it('shows a record the CRM refused as failed, with its reason, and the suppression can still be removed', async () => {
    await waitForSyncsIdle(testbed, userA);
    const number = '+12125550104';
    const [gone] = await giveNumber(userA, 'salesforce', 'contact', 1, () => number);
    const [lead] = await giveNumber(userA, 'salesforce', 'lead', 1, () => number);
    testbed.salesforce.admin.deleteRecord(orgA, 'Contact', gone!.external_id);

    const added = await suppress(userA, number);
    const failed = await waitForWriteBack(userA, number);

    expect(failed.crmWriteBack).toMatchObject({ status: 'failed', records: 2, failed: 1, jobIds: added.crmWriteBack.jobIds });
    expect(failed.crmWriteBack.error).toMatch(/ENTITY_IS_DELETED/);
    expect(salesforceDoNotCall(orgA, 'Lead', lead!.external_id)).toBe(true);
    // The job's rows keep their results once the suppression is gone.
    expect((await call(userA, 'DELETE', `/suppressions/${added.id}`)).status).toBe(200);
    const job = await call<TBulkJobDetail>(userA, 'GET', `/bulk-updates/${added.crmWriteBack.jobIds[0]}`);
    expect(job.body.job).toMatchObject({ status: 'partially_failed', succeeded: 1, failed: 1 });
  });

  it('never touches another user’s records with the same number, whatever their setting', async () => {
    await setWriteBack(userB, true);
    const number = '+12125550105';
    const [mine] = await giveNumber(userA, 'salesforce', 'contact', 1, () => number);
    const [theirs] = await giveNumber(userB, 'salesforce', 'contact', 1, () => number);
    const jobsOfB = await jobCount(userB);

    const added = await suppress(userA, number);
    const written = await waitForWriteBack(userA, number);

    expect(added.crmWriteBack.records).toBe(1);
    expect(written.crmWriteBack.status).toBe('done');
    expect(salesforceDoNotCall(orgA, 'Contact', mine!.external_id)).toBe(true);
    expect(salesforceDoNotCall(orgB, 'Contact', theirs!.external_id)).toBe(false);
    expect(await jobCount(userB)).toBe(jobsOfB);
    expect(await listAll(userB)).toEqual([]);
    expect((await call(userB, 'GET', `/bulk-updates/${added.crmWriteBack.jobIds[0]}`)).status).toBe(404);
  });
});

describe('POST /api/v1/suppressions/import with the write-back on', () => {
  it('writes a file of 10,000 numbers back as one bulk update: one pg-boss job per CRM, one request per batch', async () => {
    await waitForSyncsIdle(testbed, userA);
    const numberOf = (i: number) => `+1303200${String(i).padStart(4, '0')}`;
    const hubspot = await giveNumber(userA, 'hubspot', 'contact', 10, (i) => numberOf(i * 7));
    const salesforce = await giveNumber(userA, 'salesforce', 'contact', 5, (i) => numberOf(5000 + i));
    const csv = `phone\n${Array.from({ length: 10_000 }, (_, i) => numberOf(i)).join('\n')}\n`;
    const before = { requests: writeRequests(), jobs: await jobCount(userA) };

    const res = await testbed.api(userA, '/suppressions/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    const result = (await res.json()) as TSuppressionImportResult;
    expect(res.status, JSON.stringify(result)).toBe(200);
    expect(result).toMatchObject({ added: 10_000, invalidCount: 0 });

    expect(await jobCount(userA)).toBe(before.jobs + 1);
    const { rows: jobs } = await testbed.product.pool.query<{ id: string; total_count: number }>(
      `select id, total_count from public.bulk_jobs where user_id = $1 order by created_at desc limit 1`,
      [userA.id],
    );
    expect(jobs[0]!.total_count).toBe(15);
    const { rows: queued } = await testbed.product.pool.query<{ name: string }>(`select name from pgboss.job where data->>'jobId' = $1`, [jobs[0]!.id]);
    expect(queued.map((row) => row.name).sort()).toEqual(['bulk-job-hubspot', 'bulk-job-salesforce']);

    expect(await waitForBulkJobEnd(testbed, userA, jobs[0]!.id)).toMatchObject({ status: 'succeeded', succeeded: 15 });
    const listed = await listAll(userA);
    const fromFile = listed.filter((item) => item.source === 'csv');
    expect(fromFile).toHaveLength(10_000);
    const withContacts = new Set([...hubspot.map((_, i) => numberOf(i * 7)), ...salesforce.map((_, i) => numberOf(5000 + i))]);
    for (const item of fromFile) {
      expect(item.crmWriteBack.status, item.phoneE164).toBe(withContacts.has(item.phoneE164) ? 'done' : 'nothing_to_update');
    }
    const after = writeRequests();
    expect(after.hubspot - before.requests.hubspot).toBe(1);
    expect(after.salesforce - before.requests.salesforce).toBe(1);
    expect(await hubspotProperty(hubspot.map((c) => c.external_id), 'do_not_call')).toEqual(hubspot.map(() => 'true'));
    for (const contact of salesforce) expect(salesforceDoNotCall(orgA, 'Contact', contact.external_id)).toBe(true);
  });
});

describe('POST /api/v1/campaigns/:id/results with "asked not to call" and the write-back on', () => {
  it('suppresses the number and sets DoNotCall on its Salesforce contact', async () => {
    await waitForSyncsIdle(testbed, userA);
    const number = '+12125550106';
    const [contact] = await giveNumber(userA, 'salesforce', 'contact', 1, () => number);
    const agent = await call<TCreateAgentResponse>(userA, 'POST', '/agents', { ...agentFields('Write-back'), contacts: { contactIds: [contact!.id] } });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    const campaign = await call<TCreateCampaignResponse>(userA, 'POST', '/campaigns', { agentId: agent.body.agent.id, name: 'Write-back' });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    const { rows } = await testbed.product.pool.query<{ id: string }>('select id from public.campaign_contacts where campaign_id = $1', [campaign.body.campaign.id]);

    const posted = await call(userA, 'POST', `/campaigns/${campaign.body.campaign.id}/results`, {
      campaignContactId: rows[0]!.id,
      callId: `call-${crypto.randomUUID()}`,
      status: 'completed',
      outcome: 'Asked not to call',
      startedAt: new Date().toISOString(),
      durationSec: 20,
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);

    const written = await waitForWriteBack(userA, number);
    expect(written).toMatchObject({ source: 'call_result', crmWriteBack: { status: 'done', records: 1 } });
    expect(salesforceDoNotCall(orgA, 'Contact', contact!.external_id)).toBe(true);
  });
});

import PgBoss from 'pg-boss';
import type { TAgentContactListResponse, TBulkDeleteResponse, TBulkJob, TBulkJobDetail, TBulkUpdateBody, TBulkUpdateResponse, TCreateAgentResponse, TPlatform, TRemoveAgentContactsResponse } from '@voiceagent/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countRequests, startSyncTestbed, waitForFirstSync, type SyncTestbed } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';
import { waitForBulkJobEnd, waitForSyncsIdle } from './bulk-job-waits';

/**
 * Bulk updates and deletes against the sandbox CRMs over HTTP: what each CRM's batch endpoint receives (counted
 * at the sandbox, values read back from it), the rows that fail and why, 429s, cancel between
 * batches, a resumed job that sends only what was still pending, and the tenant wall.
 */
let testbed: SyncTestbed;
let userA: TestUser;
let userB: TestUser;
let orgId: string;
let boss: PgBoss;

const HUBSPOT_CONTACTS = 250;
const ZOHO_CONTACTS = 120;
const SALESFORCE = { contacts: 210, leads: 20 };

beforeAll(async () => {
  testbed = await startSyncTestbed({
    hubspotContacts: HUBSPOT_CONTACTS,
    zohoContacts: ZOHO_CONTACTS,
    salesforceOrgs: [SALESFORCE],
    env: { SYNC_INTERVAL_MINUTES: '0' },
  });
  orgId = testbed.salesforceOrgIds[0]!;
  // A field whose options the CRM changes after the catalogue was read: the CRM then refuses a value we accepted.
  testbed.hubspot.admin.createContactField(testbed.portalId, {
    name: 'bulk_tier',
    label: 'Tier',
    type: 'enumeration',
    options: [
      { value: 'gold', label: 'Gold' },
      { value: 'silver', label: 'Silver' },
    ],
  });
  userA = await testbed.signUp();
  for (const platform of ['hubspot', 'zoho', 'salesforce'] as const) {
    await testbed.connect(userA, platform);
    expect((await waitForFirstSync(testbed, userA, platform)).status).toBe('succeeded');
  }
  userB = await testbed.signUp();
  await testbed.connect(userB, 'zoho');
  expect((await waitForFirstSync(testbed, userB, 'zoho')).status).toBe('succeeded');
  boss = new PgBoss({ connectionString: testbed.product.config.databaseUrl!, supervise: false, schedule: false });
  await boss.start();
}, 120_000);

afterAll(async () => {
  await boss?.stop({ graceful: false });
  await testbed?.close();
});

afterEach(() => {
  testbed.hubspot.admin.clearFaults();
});

async function call<T>(user: TestUser, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T; location: string | null }> {
  const res = await testbed.api(user, path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T, location: res.headers.get('location') };
}

async function startJob(user: TestUser, body: TBulkUpdateBody): Promise<TBulkJob> {
  const { status, body: answer, location } = await call<TBulkUpdateResponse>(user, 'POST', '/bulk-updates', body);
  expect(status, JSON.stringify(answer)).toBe(202);
  if (answer.dryRun) throw new Error('expected a job');
  expect(location).toBe(`/api/v1/bulk-updates/${answer.job.id}`);
  return answer.job;
}

async function allItems(user: TestUser, id: string, status?: string): Promise<TBulkJobDetail['items']['items']> {
  const items: TBulkJobDetail['items']['items'] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=100${status ? `&status=${status}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { status: code, body } = await call<TBulkJobDetail>(user, 'GET', `/bulk-updates/${id}?${query}`);
    expect(code, JSON.stringify(body)).toBe(200);
    items.push(...body.items.items);
    cursor = body.items.nextCursor;
  } while (cursor);
  return items;
}

async function contactsOf(user: TestUser, platform: TPlatform, objectType = 'contact'): Promise<Array<{ id: string; external_id: string }>> {
  const { rows } = await testbed.product.pool.query<{ id: string; external_id: string }>(
    `select id, external_id from public.crm_contacts where user_id = $1 and platform = $2 and object_type = $3 and deleted_at is null order by external_id`,
    [user.id, platform, objectType],
  );
  return rows;
}

function requests(platform: 'hubspot' | 'zoho' | 'salesforce', pattern: RegExp): number {
  return countRequests(testbed[platform].admin.counters().requests, pattern);
}
const HUBSPOT_BATCH_UPDATE = /^POST \/crm\/v3\/objects\/contacts\/batch\/update$/;
const ZOHO_UPDATE = /^PUT \/crm\/v\d+\/Contacts$/;
const SALESFORCE_COLLECTION_UPDATE = /^PATCH .*\/composite\/sobjects$/;

/** jobtitle of HubSpot contacts, read from the sandbox's own API. */
async function hubspotValues(ids: string[], property: string): Promise<Map<string, string | null>> {
  const session = await testbed.product.services.credentials.getSession(userA.id, 'hubspot');
  const token = await session.getAccessToken();
  const values = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += 100) {
    const res = await fetch(`${testbed.hubspot.url}/crm/v3/objects/contacts/batch/read`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: ids.slice(i, i + 100).map((id) => ({ id })), properties: [property] }),
    });
    const body = (await res.json()) as { results: Array<{ id: string; properties: Record<string, string | null> }> };
    for (const result of body.results) values.set(result.id, result.properties[property] ?? null);
  }
  return values;
}

async function zohoTitles(): Promise<Map<string, string | null>> {
  const session = await testbed.product.services.credentials.getSession(userA.id, 'zoho');
  const token = await session.getAccessToken();
  const res = await fetch(`${session.connection.apiDomain}/crm/v8/Contacts?fields=Title&per_page=200`, { headers: { authorization: `Zoho-oauthtoken ${token}` } });
  const body = (await res.json()) as { data: Array<{ id: string; Title: string | null }> };
  return new Map(body.data.map((record) => [record.id, record.Title]));
}

describe('POST /api/v1/bulk-updates', () => {
  it('answers a dry run with the count per CRM and object, and queues nothing', async () => {
    const before = await testbed.product.pool.query('select count(*)::int as n from public.bulk_jobs');
    const { status, body, location } = await call<TBulkUpdateResponse>(userA, 'POST', '/bulk-updates', {
      selection: { filter: {} },
      set: { hubspot: { contact: { field: 'jobtitle', value: 'Buyer' } }, zoho: { contact: { field: 'Title', value: 'Buyer' } }, salesforce: { lead: { field: 'Title', value: 'Buyer' } } },
      dryRun: true,
    });
    expect(status, JSON.stringify(body)).toBe(202);
    expect(location).toBeNull();
    // Salesforce's seeded leads include converted ones, which sync as their contact.
    const leads = (await contactsOf(userA, 'salesforce', 'lead')).length;
    expect(body).toEqual({
      dryRun: true,
      total: HUBSPOT_CONTACTS + ZOHO_CONTACTS + leads,
      targets: [
        { platform: 'hubspot', objectType: 'contact', field: 'jobtitle', count: HUBSPOT_CONTACTS },
        { platform: 'zoho', objectType: 'contact', field: 'Title', count: ZOHO_CONTACTS },
        { platform: 'salesforce', objectType: 'lead', field: 'Title', count: leads },
      ],
    });
    const after = await testbed.product.pool.query('select count(*)::int as n from public.bulk_jobs');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses with a 400 naming each field that is unknown, read-only, of the wrong type or not an option', async () => {
    const { status, body } = await call<{ error: { code: string; details: { issues: Array<{ field: string; message: string }> } } }>(userA, 'POST', '/bulk-updates', {
      selection: { filter: {} },
      set: {
        hubspot: { contact: { field: 'hs_lead_status', value: 'NOT_AN_OPTION' } },
        zoho: { contact: { field: 'No_Such_Field', value: 'x' } },
        salesforce: { contact: { field: 'Title', value: 42 }, lead: { field: 'CreatedDate', value: '2026-01-01T00:00:00Z' } },
      },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    const fields = body.error.details.issues.map((issue) => issue.field).sort();
    expect(fields).toEqual(['set.hubspot.contact.value', 'set.salesforce.contact.value', 'set.salesforce.lead.field', 'set.zoho.contact.field']);
  });

  it('refuses leads of a CRM without leads, and a selection that names nothing', async () => {
    const leads = await call<{ error: { details: { issues: Array<{ field: string }> } } }>(userA, 'POST', '/bulk-updates', {
      selection: { filter: {} },
      set: { hubspot: { lead: { field: 'jobtitle', value: 'x' } } },
    });
    expect(leads.status).toBe(400);
    expect(leads.body.error.details.issues.map((issue) => issue.field)).toEqual(['set.hubspot.lead']);
    const empty = await call(userA, 'POST', '/bulk-updates', { selection: {}, set: { hubspot: { contact: { field: 'jobtitle', value: 'x' } } } });
    expect(empty.status).toBe(400);
  });

  it('writes the value to every selected contact through each CRM’s batch update within its limits, then queues a sync', async () => {
    const before = {
      hubspot: requests('hubspot', HUBSPOT_BATCH_UPDATE),
      zoho: requests('zoho', ZOHO_UPDATE),
      salesforce: requests('salesforce', SALESFORCE_COLLECTION_UPDATE),
    };
    const job = await startJob(userA, {
      selection: { filter: {} },
      set: {
        hubspot: { contact: { field: 'jobtitle', value: 'Head of Renewals' } },
        zoho: { contact: { field: 'Title', value: 'Head of Renewals' } },
        salesforce: { contact: { field: 'Title', value: 'Head of Renewals' }, lead: { field: 'Title', value: 'Lead of Renewals' } },
      },
    });
    const leads = (await contactsOf(userA, 'salesforce', 'lead')).length;
    expect(job).toMatchObject({ kind: 'crm_update', total: HUBSPOT_CONTACTS + ZOHO_CONTACTS + SALESFORCE.contacts + leads });
    const ended = await waitForBulkJobEnd(testbed, userA, job.id);
    expect(ended).toMatchObject({ status: 'succeeded', succeeded: ended.total, failed: 0, skipped: 0, pending: 0, progress: 1 });
    // HubSpot and Zoho take 100 per request, Salesforce 200, and Contacts and Leads go apart.
    expect(requests('hubspot', HUBSPOT_BATCH_UPDATE) - before.hubspot).toBe(3);
    expect(requests('zoho', ZOHO_UPDATE) - before.zoho).toBe(2);
    // 210 Contacts are 200 and 10; the Leads go in a request of their own.
    expect(requests('salesforce', SALESFORCE_COLLECTION_UPDATE) - before.salesforce).toBe(3);

    const hubspot = await hubspotValues((await contactsOf(userA, 'hubspot')).map((c) => c.external_id), 'jobtitle');
    expect(new Set(hubspot.values())).toEqual(new Set(['Head of Renewals']));
    expect(hubspot.size).toBe(HUBSPOT_CONTACTS);
    const zoho = await zohoTitles();
    for (const contact of await contactsOf(userA, 'zoho')) expect(zoho.get(contact.external_id)).toBe('Head of Renewals');
    for (const contact of await contactsOf(userA, 'salesforce')) expect(testbed.salesforce.admin.getRecord(orgId, 'Contact', contact.external_id).Title).toBe('Head of Renewals');
    for (const lead of await contactsOf(userA, 'salesforce', 'lead')) expect(testbed.salesforce.admin.getRecord(orgId, 'Lead', lead.external_id).Title).toBe('Lead of Renewals');

    expect(ended.resync).toMatchObject({ queued: true, platforms: expect.arrayContaining(['hubspot', 'zoho', 'salesforce']) });
    const { rows: syncs } = await testbed.product.pool.query(`select platform from public.sync_runs where user_id = $1 and kind = 'incremental' and queued_at >= $2`, [
      userA.id,
      job.createdAt,
    ]);
    expect(new Set(syncs.map((row) => row.platform))).toEqual(new Set(['hubspot', 'zoho', 'salesforce']));
    const { rows: audit } = await testbed.product.pool.query(`select kind, details from public.audit_events where user_id = $1 and details->>'jobId' = $2 order by occurred_at`, [
      userA.id,
      job.id,
    ]);
    expect(audit.map((row) => row.kind)).toEqual(['bulk_operation_started', 'bulk_operation_finished']);
  });

  it('reports exactly the rows a CRM refused, with its reason, failed first', async () => {
    // The syncs the last job queued would see the deletions below and take the contacts out of the selection.
    await waitForSyncsIdle(testbed, userA);
    const hubspot = (await contactsOf(userA, 'hubspot')).slice(0, 5);
    const zoho = (await contactsOf(userA, 'zoho')).slice(0, 4);
    const salesforce = (await contactsOf(userA, 'salesforce')).slice(0, 4);
    const picked = [...hubspot, ...zoho, ...salesforce];
    // Gone at the CRM since the last sync: two HubSpot contacts, one Zoho contact, one Salesforce contact.
    const gone = [hubspot[0]!, hubspot[1]!, zoho[0]!, salesforce[0]!].map((c) => c.external_id);
    testbed.hubspot.admin.deleteContacts(testbed.portalId, { ids: gone.slice(0, 2) });
    testbed.zoho.admin.deleteContacts(testbed.zohoOrgId, { ids: [gone[2]!] });
    testbed.salesforce.admin.deleteRecord(orgId, 'Contact', gone[3]!);
    const job = await startJob(userA, {
      selection: { contactIds: picked.map((c) => c.id) },
      set: { hubspot: { contact: { field: 'jobtitle', value: 'Partner' } }, zoho: { contact: { field: 'Title', value: 'Partner' } }, salesforce: { contact: { field: 'Title', value: 'Partner' } } },
    });
    const ended = await waitForBulkJobEnd(testbed, userA, job.id);
    expect(ended).toMatchObject({ status: 'partially_failed', total: 13, succeeded: 9, failed: 4 });
    const items = await allItems(userA, job.id);
    expect(items.slice(0, 4).map((item) => item.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    const failed = await allItems(userA, job.id, 'failed');
    expect(failed.map((item) => item.externalId).sort()).toEqual([...gone].sort());
    const reasons = { hubspot: /OBJECT_NOT_FOUND/, zoho: /INVALID_DATA/, salesforce: /ENTITY_IS_DELETED/ };
    for (const item of failed) expect(item.error).toMatchObject({ code: 'provider_rejected', message: expect.stringMatching(reasons[item.platform]) });
  });

  it('marks each row failed with the CRM’s reason when it refuses the whole batch’s value', async () => {
    // The catalogue (read at connect) still offers "silver"; HubSpot no longer does.
    testbed.hubspot.admin.updateContactField(testbed.portalId, 'bulk_tier', { options: [{ value: 'gold', label: 'Gold' }] });
    const picked = (await contactsOf(userA, 'hubspot')).slice(10, 14);
    const job = await startJob(userA, { selection: { contactIds: picked.map((c) => c.id) }, set: { hubspot: { contact: { field: 'bulk_tier', value: 'silver' } } } });
    const ended = await waitForBulkJobEnd(testbed, userA, job.id);
    expect(ended).toMatchObject({ status: 'failed', failed: 4, succeeded: 0 });
    for (const item of await allItems(userA, job.id)) expect(item.error?.message).toMatch(/silver/);
  });

  it('waits out a 429 and then succeeds', async () => {
    testbed.hubspot.admin.addFault({ kind: 'status', status: 429, pathPrefix: '/crm/v3/objects/contacts/batch/update', count: 1 });
    const before = requests('hubspot', HUBSPOT_BATCH_UPDATE);
    const picked = (await contactsOf(userA, 'hubspot')).slice(20, 50);
    const job = await startJob(userA, { selection: { contactIds: picked.map((c) => c.id) }, set: { hubspot: { contact: { field: 'jobtitle', value: 'After 429' } } } });
    expect(await waitForBulkJobEnd(testbed, userA, job.id)).toMatchObject({ status: 'succeeded', succeeded: 30 });
    expect(requests('hubspot', HUBSPOT_BATCH_UPDATE) - before).toBe(2);
    expect(new Set((await hubspotValues(picked.map((c) => c.external_id), 'jobtitle')).values())).toEqual(new Set(['After 429']));
  });

  it('stops between batches when cancelled: the batch under way is recorded, the rest are skipped', async () => {
    testbed.hubspot.admin.addFault({ kind: 'latency', latencyMs: 2500, pathPrefix: '/crm/v3/objects/contacts/batch/update' });
    const before = requests('hubspot', HUBSPOT_BATCH_UPDATE);
    const job = await startJob(userA, { selection: { filter: { platform: 'hubspot' } }, set: { hubspot: { contact: { field: 'jobtitle', value: 'Cancelled run' } } } });
    const total = job.total;
    const deadline = Date.now() + 20_000;
    while ((await call<TBulkJobDetail>(userA, 'GET', `/bulk-updates/${job.id}?limit=1`)).body.job.succeeded === 0) {
      if (Date.now() > deadline) throw new Error('the first batch never finished');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cancelled = await call<{ job: TBulkJob }>(userA, 'POST', `/bulk-updates/${job.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.job.cancelRequestedAt).not.toBeNull();
    const ended = await waitForBulkJobEnd(testbed, userA, job.id);
    const sent = requests('hubspot', HUBSPOT_BATCH_UPDATE) - before;
    expect(ended.status).toBe('cancelled');
    expect(ended.skipped).toBeGreaterThan(0);
    expect(ended.succeeded + ended.failed + ended.skipped).toBe(total);
    // Whole batches only: the rows the CRM answered are those of the batches sent.
    expect(ended.succeeded + ended.failed).toBe(Math.min(total, sent * 100));
    expect(sent).toBeLessThan(Math.ceil(total / 100));
    expect((await allItems(userA, job.id, 'skipped')).length).toBe(ended.skipped);
  });

  it('resumes a job whose worker died without sending again the rows it had answered', async () => {
    const contacts = (await contactsOf(userA, 'hubspot')).slice(60, 210);
    const job = await startJob(userA, { selection: { contactIds: contacts.map((c) => c.id) }, set: { hubspot: { contact: { field: 'jobtitle', value: 'Resumed' } } } });
    expect(await waitForBulkJobEnd(testbed, userA, job.id)).toMatchObject({ status: 'succeeded', succeeded: 150 });
    // The state a worker leaves when it dies after its first batch: 50 rows pending, the job running.
    const { rows: reopened } = await testbed.product.pool.query<{ external_id: string }>(
      `update public.bulk_job_items set status = 'pending' where id in (select id from public.bulk_job_items where job_id = $1 order by id desc limit 50) returning external_id`,
      [job.id],
    );
    await testbed.product.pool.query(`update public.bulk_jobs set status = 'running', succeeded_count = 100, finished_at = null where id = $1`, [job.id]);
    const reopenedIds = new Set(reopened.map((row) => row.external_id));
    const answered = contacts.map((c) => c.external_id).filter((id) => !reopenedIds.has(id));
    testbed.hubspot.admin.modifyContacts(testbed.portalId, { ids: [...reopenedIds], properties: { jobtitle: 'Before resume' } });
    testbed.hubspot.admin.modifyContacts(testbed.portalId, { ids: answered, properties: { jobtitle: 'Answered earlier' } });
    const before = requests('hubspot', HUBSPOT_BATCH_UPDATE);
    // What pg-boss does with a job whose worker stopped answering: it hands the job out again.
    await boss.send('bulk-job-hubspot', { jobId: job.id, platform: 'hubspot' });
    const ended = await waitForBulkJobEnd(testbed, userA, job.id);
    expect(ended).toMatchObject({ status: 'succeeded', succeeded: 150, failed: 0 });
    expect(requests('hubspot', HUBSPOT_BATCH_UPDATE) - before).toBe(1);
    const values = await hubspotValues(contacts.map((c) => c.external_id), 'jobtitle');
    for (const id of reopenedIds) expect(values.get(id)).toBe('Resumed');
    for (const id of answered) expect(values.get(id)).toBe('Answered earlier');
  });
});

describe('bulk updates across tenants', () => {
  it('keeps one user’s job out of another’s reach: not found to read or cancel', async () => {
    const job = await startJob(userA, { selection: { contactIds: [(await contactsOf(userA, 'zoho'))[0]!.id] }, set: { zoho: { contact: { field: 'Title', value: 'A only' } } } });
    expect((await call(userB, 'GET', `/bulk-updates/${job.id}`)).status).toBe(404);
    expect((await call(userB, 'POST', `/bulk-updates/${job.id}/cancel`)).status).toBe(404);
    expect((await waitForBulkJobEnd(testbed, userA, job.id)).cancelRequestedAt).toBeNull();
  });

  it('never lets a selection reach another user’s contacts', async () => {
    const theirs = await contactsOf(userA, 'zoho');
    const before = await zohoTitles();
    const { status } = await call(userB, 'POST', '/bulk-updates', {
      selection: { contactIds: theirs.slice(0, 20).map((c) => c.id) },
      set: { zoho: { contact: { field: 'Title', value: 'Hijacked' } } },
    });
    expect(status).toBe(400);
    const dryRun = await call<TBulkUpdateResponse>(userB, 'POST', '/bulk-updates', {
      selection: { contactIds: theirs.slice(0, 20).map((c) => c.id) },
      set: { zoho: { contact: { field: 'Title', value: 'Hijacked' } } },
      dryRun: true,
    });
    expect(dryRun.body).toMatchObject({ dryRun: true, total: 0 });
    expect(await zohoTitles()).toEqual(before);
    const { rows } = await testbed.product.pool.query(`select count(*)::int as n from public.bulk_jobs where user_id = $1`, [userB.id]);
    expect(rows[0].n).toBe(0);
  });
});

describe('POST /api/v1/bulk-deletes', () => {
  it('refuses without an explicit confirm: true', async () => {
    const { status, body } = await call<{ error: { details: { issues: Array<{ field: string }> } } }>(userA, 'POST', '/bulk-deletes', {
      selection: { contactIds: [(await contactsOf(userA, 'zoho'))[0]!.id] },
    });
    expect(status).toBe(400);
    expect(body.error.details.issues.map((issue) => issue.field)).toEqual(['confirm']);
  });

  it('archives the selected contacts in each CRM through its batch endpoint and removes them from the list here', async () => {
    const picked = {
      hubspot: (await contactsOf(userA, 'hubspot')).slice(220, 223),
      zoho: (await contactsOf(userA, 'zoho')).slice(100, 103),
      salesforce: (await contactsOf(userA, 'salesforce')).slice(200, 203),
      lead: (await contactsOf(userA, 'salesforce', 'lead')).slice(0, 1),
    };
    const all = [...picked.hubspot, ...picked.zoho, ...picked.salesforce, ...picked.lead];
    const before = {
      hubspot: requests('hubspot', /^POST \/crm\/v3\/objects\/contacts\/batch\/archive$/),
      zoho: requests('zoho', /^DELETE \/crm\/v\d+\/Contacts$/),
      salesforce: requests('salesforce', /^DELETE .*\/composite\/sobjects$/),
    };
    const { status, body, location } = await call<TBulkDeleteResponse>(userA, 'POST', '/bulk-deletes', { selection: { contactIds: all.map((c) => c.id) }, confirm: true });
    expect(status, JSON.stringify(body)).toBe(202);
    expect(location).toBe(`/api/v1/bulk-deletes/${body.job.id}`);
    expect(body.job).toMatchObject({ kind: 'crm_archive', total: all.length });
    const ended = await waitForBulkJobEnd(testbed, userA, body.job.id, { kind: 'bulk-deletes' });
    expect(ended).toMatchObject({ status: 'succeeded', succeeded: all.length, failed: 0 });
    expect(requests('hubspot', /^POST \/crm\/v3\/objects\/contacts\/batch\/archive$/) - before.hubspot).toBe(1);
    expect(requests('zoho', /^DELETE \/crm\/v\d+\/Contacts$/) - before.zoho).toBe(1);
    // Contacts and Leads go apart.
    expect(requests('salesforce', /^DELETE .*\/composite\/sobjects$/) - before.salesforce).toBe(2);

    const hubspot = await hubspotValues(picked.hubspot.map((c) => c.external_id), 'jobtitle');
    expect(hubspot.size).toBe(0);
    const zoho = await zohoTitles();
    for (const contact of picked.zoho) expect(zoho.has(contact.external_id)).toBe(false);
    for (const contact of picked.salesforce) expect(testbed.salesforce.admin.getRecord(orgId, 'Contact', contact.external_id).IsDeleted).toBe(true);
    expect(testbed.salesforce.admin.getRecord(orgId, 'Lead', picked.lead[0]!.external_id).IsDeleted).toBe(true);
    const { rows } = await testbed.product.pool.query(`select count(*)::int as n from public.crm_contacts where id = any($1::uuid[]) and deleted_at is null`, [all.map((c) => c.id)]);
    expect(rows[0].n).toBe(0);
    expect((await call(userB, 'GET', `/bulk-deletes/${body.job.id}`)).status).toBe(404);
    expect((await call(userA, 'GET', `/bulk-updates/${body.job.id}`)).status).toBe(404);
  });
});

describe('POST /api/v1/agents/:id/contacts/remove', () => {
  it('takes contacts off the agent’s list and answers how many, for the agent’s owner only', async () => {
    const agentBody = { name: 'Removal', voice: 'sage', greeting: 'Hi', instructions: 'Be brief.', contacts: { filter: { platform: ['zoho'], callable: true } } };
    const created = await call<TCreateAgentResponse>(userA, 'POST', '/agents', agentBody);
    expect(created.status).toBe(201);
    const agentId = created.body.agent.id;
    const list = await call<TAgentContactListResponse>(userA, 'GET', `/agents/${agentId}/contacts?limit=5`);
    const count = created.body.agent.contactCount;
    const picked = list.body.items.slice(0, 2).map((item) => item.id);
    expect((await call(userB, 'POST', `/agents/${agentId}/contacts/remove`, { contactIds: picked })).status).toBe(404);
    const removed = await call<TRemoveAgentContactsResponse>(userA, 'POST', `/agents/${agentId}/contacts/remove`, { contactIds: picked });
    expect(removed).toMatchObject({ status: 200, body: { removed: 2, contactCount: count - 2 } });
    const again = await call<TRemoveAgentContactsResponse>(userA, 'POST', `/agents/${agentId}/contacts/remove`, { contactIds: picked });
    expect(again.body).toEqual({ removed: 0, contactCount: count - 2 });
    const after = await call<TAgentContactListResponse>(userA, 'GET', `/agents/${agentId}/contacts?limit=200`);
    expect(after.body.items.some((item) => picked.includes(item.id))).toBe(false);
  });
});

// Last: it leaves the HubSpot connection needing to be reconnected.
describe('a bulk update whose CRM connection fails', () => {
  it('fails every row with the reason, without sending the batches after the first', async () => {
    await waitForSyncsIdle(testbed, userA);
    const picked = (await contactsOf(userA, 'hubspot')).slice(0, 150);
    const before = requests('hubspot', HUBSPOT_BATCH_UPDATE);
    testbed.hubspot.admin.revokeTokens({ accountId: testbed.portalId });
    const job = await startJob(userA, { selection: { contactIds: picked.map((c) => c.id) }, set: { hubspot: { contact: { field: 'jobtitle', value: 'Never' } } } });
    const ended = await waitForBulkJobEnd(testbed, userA, job.id);
    expect(ended).toMatchObject({ status: 'failed', succeeded: 0, failed: job.total });
    expect(requests('hubspot', HUBSPOT_BATCH_UPDATE) - before).toBeLessThanOrEqual(1);
    const codes = new Set((await allItems(userA, job.id)).map((item) => item.error?.code));
    expect(codes).toEqual(new Set(['crm_auth_revoked']));
    expect(ended.resync).toMatchObject({ queued: false });
  });
});

import PgBoss from 'pg-boss';
import type { TImport } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewContact } from '../../src/crm/crm-records';
import { findJobById } from '../../src/bulk/bulk-jobs-repository';
import { withService } from '../../src/db/transactions';
import { createImportBatches } from '../../src/imports/import-batches';
import { startSyncTestbed, waitForFirstSync, type SyncTestbed } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';
import { importApi } from './import-api';

/**
 * An import's run against the sandbox CRMs over HTTP: a 2,000-row file with 1 % bad rows creates
 * exactly the good ones once (its 100,000-row upload is csv-import-100k; the full-size creation is
 * bench/import), a job sent to two workers at once and a worker that dies mid-request create
 * nothing twice, and an import into Salesforce creates Contacts.
 */
let testbed: SyncTestbed;
const imports = importApi(() => testbed);
let userA: TestUser;
let boss: PgBoss;

beforeAll(async () => {
  testbed = await startSyncTestbed({ hubspotContacts: 20, zohoContacts: 0, salesforceOrgs: [{ contacts: 20, leads: 5 }], env: { SYNC_INTERVAL_MINUTES: '0' } });
  userA = await testbed.signUp();
  for (const platform of ['hubspot', 'salesforce'] as const) {
    await testbed.connect(userA, platform);
    expect((await waitForFirstSync(testbed, userA, platform)).status).toBe('succeeded');
  }
  // A second sender on the product's queue, as another API or worker process would be.
  boss = new PgBoss({ connectionString: testbed.product.config.databaseUrl!, supervise: false, schedule: false });
  await boss.start();
}, 120_000);

afterAll(async () => {
  await boss?.stop({ graceful: false });
  await testbed?.close();
}, 60_000);

/** An upload that must be accepted: the draft import waiting for its mapping. */
async function uploadDraft(user: TestUser, csv: string, platform = 'hubspot'): Promise<TImport> {
  const answer = await imports.upload(user, csv, platform);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.import;
}

async function start(user: TestUser, draft: TImport): Promise<void> {
  const res = await testbed.api(user, `/imports/${draft.id}/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mapping: draft.suggestedMapping }) });
  expect(res.status, await res.clone().text()).toBe(202);
}

async function reportLines(user: TestUser, id: string): Promise<string[]> {
  const res = await testbed.api(user, `/imports/${id}/report`);
  expect(res.status).toBe(200);
  return (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
}

/**
 * Rows `from`…`to`: every 100th (i % 100 === 3) has neither a readable email nor a phone; every 10th
 * (i % 10 === 7) only a phone. Each file's emails and numbers are its own (`tag`, `phoneBase`); the
 * numbers are valid UK mobiles, so that the sync stores them in E.164 as it stores only valid ones.
 */
function csvOf(tag: string, phoneBase: number, from: number, to: number): string {
  const lines = ['First Name,Last Name,E-mail,Mobile,Company,Job Title'];
  for (let i = from; i <= to; i += 1) {
    if (i % 100 === 3) lines.push(`Bad,Row${i},not-an-email,,Acme,`);
    else if (i % 10 === 7) lines.push(`Phone,Only${i},,+44 7911 ${String(phoneBase + i).padStart(6, '0')},Acme,Buyer`);
    else lines.push(`Ada,Import${i},${tag}-${i}@example.test,,"Acme, Inc.",Engineer`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('an import’s run', () => {
  it('creates exactly the good rows of a 2,000-row file with 1 % bad rows, and a second run of the file creates nothing', async () => {
    const ROWS = 2000;
    const csv = csvOf('run', 0, 1, ROWS);
    const before = imports.hubspotContactCount();
    const draft = await uploadDraft(userA, csv);
    expect(draft).toMatchObject({ status: 'mapping', total: ROWS, suggestedMapping: ['firstName', 'lastName', 'email', 'mobilePhone', 'company', 'jobTitle'] });
    await start(userA, draft);
    const done = await imports.waitForEnd(userA, draft.id);
    expect(done).toMatchObject({ status: 'partially_failed', total: ROWS, created: ROWS - ROWS / 100, failed: ROWS / 100, skipped: 0, pending: 0, progress: 1 });
    expect(imports.hubspotContactCount()).toBe(before + ROWS - ROWS / 100);

    const again = await uploadDraft(userA, csv);
    await start(userA, again);
    expect(await imports.waitForEnd(userA, again.id)).toMatchObject({ created: 0, failed: ROWS / 100, skipped: ROWS - ROWS / 100 });
    expect(imports.hubspotContactCount()).toBe(before + ROWS - ROWS / 100);

    const lines = await reportLines(userA, draft.id);
    expect(lines[0]).toBe('"row","status","reason_code","reason","First Name","Last Name","E-mail","Mobile","Company","Job Title"');
    expect(lines).toHaveLength(1 + ROWS / 100);
    expect(lines[1]).toMatch(/^"3","failed","validation_failed","email: [^"]*","Bad","Row3","not-an-email"/);
  });

  it('creates each row once when the job is handed to two workers at the same time', async () => {
    const csv = csvOf('twice', 100_000, 1, 600);
    const before = imports.hubspotContactCount();
    const draft = await uploadDraft(userA, csv);
    await start(userA, draft);
    // Another process sends the same job again while the first worker runs it (a continuation, a retry):
    // the queue's singleton key keeps the second one waiting until the first has ended.
    await boss.send('bulk-job-hubspot', { jobId: draft.id, platform: 'hubspot' }, { singletonKey: `${draft.id}:hubspot` });
    await boss.send('bulk-job-hubspot', { jobId: draft.id, platform: 'hubspot' }, { singletonKey: `${draft.id}:hubspot` });
    const done = await imports.waitForEnd(userA, draft.id);
    expect(done).toMatchObject({ created: 594, failed: 6, skipped: 0, pending: 0 });
    expect(imports.hubspotContactCount()).toBe(before + 594);
    const { rows } = await testbed.product.pool.query(`select count(distinct external_id)::int as n from public.bulk_job_items where job_id = $1 and status = 'succeeded'`, [draft.id]);
    expect(rows[0].n).toBe(594);
  });

  it('resumes an import whose worker died mid-request without sending that request’s rows again, and a later run of the file creates what is missing', async () => {
    // No sync runs until the resumed job ends (a sync that read the dead request's contacts first would have them skipped as known).
    await imports.waitForSyncsIdle(userA);
    const csv = csvOf('resume', 200_000, 1, 300);
    const before = imports.hubspotContactCount();
    const draft = await uploadDraft(userA, csv);
    // A worker takes the job up (queued → running) and runs it with the real batches, but it dies in
    // its second request: HubSpot has created the contacts, the answer is never saved.
    await testbed.product.pool.query(
      `update public.bulk_jobs set status = 'running', started_at = now(), params = params || jsonb_build_object('mapping', $2::jsonb) where id = $1`,
      [draft.id, JSON.stringify(draft.suggestedMapping)],
    );
    const { registry, credentials } = testbed.product.services;
    let requests = 0;
    let createdByDeadRequest = 0;
    const dying = createImportBatches({
      pool: testbed.product.pool,
      registry: {
        get: (platform) => {
          const real = registry.get(platform);
          return {
            ...real,
            async createContacts(session: Parameters<typeof real.createContacts>[0], inputs: NewContact[]) {
              requests += 1;
              const results = await real.createContacts(session, inputs);
              if (requests < 2) return results;
              createdByDeadRequest = results.filter((result) => result.ok).length;
              return new Promise<never>(() => {});
            },
          } as typeof real;
        },
      },
    });
    const job = (await withService(testbed.product.pool, (db) => findJobById(db, draft.id)))!;
    const session = () => credentials.getSession(userA.id, 'hubspot');
    expect((await dying.runBatch(job, 'hubspot', session)).claimed).toBe(100);
    void dying.runBatch(job, 'hubspot', session);
    const deadline = Date.now() + 30_000;
    while (createdByDeadRequest === 0) {
      if (Date.now() > deadline) throw new Error('the second request never reached HubSpot');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(createdByDeadRequest).toBe(99);
    expect(imports.hubspotContactCount()).toBe(before + 99 + 99);

    // What pg-boss does with a job whose worker stopped answering: it hands the job out again.
    await boss.send('bulk-job-hubspot', { jobId: draft.id, platform: 'hubspot' }, { singletonKey: `${draft.id}:hubspot` });
    const resumed = await imports.waitForEnd(userA, draft.id);
    expect(resumed).toMatchObject({ status: 'partially_failed', created: 99 + 99, failed: 3 + 99, skipped: 0, pending: 0 });
    expect(imports.hubspotContactCount()).toBe(before + 297);
    const lines = await reportLines(userA, draft.id);
    expect(lines.filter((line) => line.includes('"import_interrupted"'))).toHaveLength(99);
    expect(lines.find((line) => line.startsWith('"101",'))).toMatch(/^"101","failed","import_interrupted","The import stopped while this row was being sent: hubspot may have created it/);

    // As the report says: after the sync, the same file creates only what the CRM lacks (here nothing).
    await imports.waitForSyncsIdle(userA);
    const again = await uploadDraft(userA, csv);
    await start(userA, again);
    expect(await imports.waitForEnd(userA, again.id)).toMatchObject({ created: 0, failed: 3, skipped: 297 });
    expect(imports.hubspotContactCount()).toBe(before + 297);
  });

  it('imports into Salesforce as Contacts, synced in afterwards, and a second run creates nothing', async () => {
    const orgId = testbed.salesforceOrgIds[0]!;
    const csv = 'First Name,Last Name,Email,Phone,Company,Country\r\nGrace,Import,grace.import@example.test,030 1234567,Navy,DE\r\nNo,Contact,,,,\r\nAlan,Import,alan.import@example.test,,,\r\n';
    const draft = await uploadDraft(userA, csv, 'salesforce');
    expect(draft).toMatchObject({ platform: 'salesforce', total: 3, suggestedMapping: ['firstName', 'lastName', 'email', 'phone', 'company', 'country'] });
    expect(draft.preview[1]!.issues.map((issue) => issue.field)).toEqual(['email', 'phone']);
    await start(userA, draft);
    const done = await imports.waitForEnd(userA, draft.id);
    expect(done).toMatchObject({ status: 'partially_failed', created: 2, failed: 1, skipped: 0, resyncQueued: true });

    const { rows: created } = await testbed.product.pool.query<{ external_id: string; row_number: number }>(
      `select external_id, row_number from public.bulk_job_items where job_id = $1 and status = 'succeeded' order by row_number`,
      [draft.id],
    );
    expect(created.map((row) => row.row_number)).toEqual([1, 3]);
    const grace = testbed.salesforce.admin.getRecord(orgId, 'Contact', created[0]!.external_id);
    expect(grace).toMatchObject({ FirstName: 'Grace', LastName: 'Import', Email: 'grace.import@example.test', Phone: expect.stringMatching(/^\+49\s?30\s?1234567$/) });
    expect(testbed.salesforce.admin.getRecord(orgId, 'Contact', created[1]!.external_id)).toMatchObject({ Email: 'alan.import@example.test' });

    await imports.waitForSyncsIdle(userA);
    const { rows: synced } = await testbed.product.pool.query(
      `select object_type, email from public.crm_contacts where user_id = $1 and platform = 'salesforce' and email like '%.import@example.test' order by email`,
      [userA.id],
    );
    expect(synced).toEqual([
      { object_type: 'contact', email: 'alan.import@example.test' },
      { object_type: 'contact', email: 'grace.import@example.test' },
    ]);
    // Salesforce has no duplicate rule here: only the import's own keys keep the second run from creating them again.
    const again = await uploadDraft(userA, csv, 'salesforce');
    await start(userA, again);
    expect(await imports.waitForEnd(userA, again.id)).toMatchObject({ created: 0, failed: 1, skipped: 2 });
  });
});

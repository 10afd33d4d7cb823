import type { TImport, TImportResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncTestbed, waitForFirstSync, type SyncTestbed } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';

/**
 * The issue's CSV import at full size, against the sandbox HubSpot over HTTP: a 100,000-row file
 * with 1% bad rows creates exactly the good ones, a second run of the same file creates none, and
 * the report lists the bad rows. Longer than the usual minute on purpose: the product paces itself
 * at HubSpot's published 100 requests per 10 s, so the 990 batches of 100 alone take over 100 s;
 * measured on a shared 2-core machine: 114 s for the first run, 96 to 114 s for the re-run.
 */
let testbed: SyncTestbed;
let userA: TestUser;

const ROWS = 100_000;

beforeAll(async () => {
  testbed = await startSyncTestbed({ hubspotContacts: 20, zohoContacts: 20, env: { SYNC_INTERVAL_MINUTES: '0' } });
  userA = await testbed.signUp();
  await testbed.connect(userA, 'hubspot');
  expect((await waitForFirstSync(testbed, userA, 'hubspot')).status).toBe('succeeded');
}, 120_000);

afterAll(async () => {
  await testbed?.close();
}, 120_000);

function form(csv: string | Uint8Array, fileName = 'contacts.csv'): FormData {
  const body = new FormData();
  body.append('file', new Blob([csv], { type: 'text/csv' }), fileName);
  return body;
}

async function upload(user: TestUser, csv: string | Uint8Array, platform = 'hubspot'): Promise<{ status: number; body: TImportResponse & { error?: { code: string; message: string } }; location: string | null }> {
  const res = await testbed.api(user, `/crm/${platform}/imports`, { method: 'POST', body: form(csv) });
  return { status: res.status, body: (await res.json()) as TImportResponse & { error?: { code: string; message: string } }, location: res.headers.get('location') };
}

async function post(user: TestUser, path: string, body?: unknown): Promise<{ status: number; body: TImportResponse & { error?: { code: string } } }> {
  const res = await testbed.api(user, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  return { status: res.status, body: (await res.json()) as TImportResponse & { error?: { code: string } } };
}

async function waitForEnd(user: TestUser, id: string, timeoutMs: number): Promise<TImport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await testbed.api(user, `/imports/${id}`);
    expect(res.status).toBe(200);
    const { import: job } = (await res.json()) as TImportResponse;
    if (job.finishedAt) return job;
    if (Date.now() > deadline) throw new Error(`import still ${job.status} after ${timeoutMs} ms: ${JSON.stringify({ ...job, preview: undefined })}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const hubspotContactCount = () => testbed.hubspot.admin.getAccount(testbed.portalId).contactCount;

/** Row i (from 1): every 100th (i % 100 === 3) has neither a readable email nor a phone; every 10th has only a phone. */
function bigCsv(): string {
  const lines = ['First Name,Last Name,E-mail,Mobile,Company,Job Title'];
  for (let i = 1; i <= ROWS; i += 1) {
    if (i % 100 === 3) lines.push(`Bad,Row${i},not-an-email,,Acme,`);
    else if (i % 10 === 7) lines.push(`Phone,Only${i},,+44 7700 ${String(i).padStart(6, '0')},Acme,Buyer`);
    else lines.push(`Ada,Import${i},import-${i}@example.test,,"Acme, Inc.",Engineer`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('POST /api/v1/crm/:platform/imports and POST /api/v1/imports/:id/start', () => {
  it('creates exactly the good rows of a 100,000-row file with 1% bad rows, and a second run of the file creates nothing', async () => {
    const csv = bigCsv();
    const before = hubspotContactCount();
    const uploadStarted = Date.now();
    const first = await upload(userA, csv);
    const uploadMs = Date.now() - uploadStarted;
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const draft = first.body.import;
    expect(first.location).toBe(`/api/v1/imports/${draft.id}`);
    expect(draft).toMatchObject({ status: 'mapping', platform: 'hubspot', delimiter: ',', total: ROWS, created: 0 });
    expect(draft.suggestedMapping).toEqual(['firstName', 'lastName', 'email', 'mobilePhone', 'company', 'jobTitle']);
    expect(draft.preview).toHaveLength(20);
    expect(draft.preview[0]).toMatchObject({ row: 1, issues: [], contact: { firstName: 'Ada', email: 'import-1@example.test', company: 'Acme, Inc.' } });
    expect(draft.preview[2]!.issues.map((issue) => issue.field)).toContain('email');
    expect(hubspotContactCount()).toBe(before);

    const runStarted = Date.now();
    const started = await post(userA, `/imports/${draft.id}/start`, { mapping: draft.suggestedMapping });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await waitForEnd(userA, draft.id, 480_000);
    const runMs = Date.now() - runStarted;
    console.info(`import of ${ROWS} rows: upload ${uploadMs} ms, run ${runMs} ms`);
    expect(done).toMatchObject({ status: 'partially_failed', total: ROWS, created: ROWS - ROWS / 100, failed: ROWS / 100, skipped: 0, pending: 0 });
    expect(hubspotContactCount()).toBe(before + ROWS - ROWS / 100);

    const rerunStarted = Date.now();
    const again = await upload(userA, csv);
    expect(again.status).toBe(201);
    expect((await post(userA, `/imports/${again.body.import.id}/start`, { mapping: again.body.import.suggestedMapping })).status).toBe(202);
    const rerun = await waitForEnd(userA, again.body.import.id, 120_000);
    console.info(`re-run of the same ${ROWS} rows (upload and run, nothing sent): ${Date.now() - rerunStarted} ms`);
    expect(rerun).toMatchObject({ created: 0, failed: ROWS / 100, skipped: ROWS - ROWS / 100 });
    expect(hubspotContactCount()).toBe(before + ROWS - ROWS / 100);

    const report = await testbed.api(userA, `/imports/${draft.id}/report`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await report.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"row","status","reason_code","reason","First Name","Last Name","E-mail","Mobile","Company","Job Title"');
    expect(lines).toHaveLength(1 + ROWS / 100);
    expect(lines[1]).toMatch(/^"3","failed","validation_failed","email: [^"]*","Bad","Row3","not-an-email"/);
  }, 660_000);
});

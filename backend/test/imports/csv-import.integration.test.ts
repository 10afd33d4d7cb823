import type { TImport, TImportResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncTestbed, waitForFirstSync, type SyncTestbed } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';
import { importApi } from './import-api';

/**
 * CSV import against the sandbox CRMs over HTTP, at a small size (the 100,000-row run is
 * csv-import-100k): Excel's variants (BOM, semicolons, quoted separators), the contacts synced in
 * afterwards, phone-only rows never created twice, hostile uploads and mappings answered with a
 * 4xx, the report's neutralised cells, cancel, and the tenant wall.
 */
let testbed: SyncTestbed;
const imports = importApi(() => testbed);
let userA: TestUser;
let userB: TestUser;

beforeAll(async () => {
  testbed = await startSyncTestbed({ hubspotContacts: 20, zohoContacts: 20, env: { SYNC_INTERVAL_MINUTES: '0' } });
  userA = await testbed.signUp();
  for (const platform of ['hubspot', 'zoho'] as const) {
    await testbed.connect(userA, platform);
    expect((await waitForFirstSync(testbed, userA, platform)).status).toBe('succeeded');
  }
  userB = await testbed.signUp();
}, 120_000);

afterAll(async () => {
  await testbed?.close();
}, 60_000);

async function post(user: TestUser, path: string, body?: unknown): Promise<{ status: number; body: TImportResponse & { error?: { code: string } } }> {
  const res = await testbed.api(user, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  return { status: res.status, body: (await res.json()) as TImportResponse & { error?: { code: string } } };
}


async function contactsAt(user: TestUser, platform: string): Promise<Array<{ first_name: string | null; email: string | null; phone_e164: string | null }>> {
  const { rows } = await testbed.product.pool.query(
    `select first_name, email, phone_e164 from public.crm_contacts where user_id = $1 and platform = $2 and deleted_at is null order by first_name`,
    [user.id, platform],
  );
  return rows;
}

async function importAndWait(user: TestUser, csv: string | Uint8Array, platform = 'hubspot'): Promise<TImport> {
  const uploaded = await imports.upload(user, csv, platform);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  const started = await post(user, `/imports/${uploaded.body.import.id}/start`, { mapping: uploaded.body.import.suggestedMapping });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return imports.waitForEnd(user, uploaded.body.import.id, 30_000);
}

describe('POST /api/v1/crm/:platform/imports', () => {
  it('reads Excel’s semicolon-separated UTF-8 with a byte-order mark, and the created contacts are synced in', async () => {
    const csv = '\uFEFFVorname;Nachname;E-Mail-Adresse;Telefon;Land\r\nJürgen;"Müller; Sohn";j.mueller@example.test;030 1234567;de\r\n"Zoë";"O""Brien";zoe@example.test;;\r\n';
    const uploaded = await imports.upload(userA, csv, 'zoho');
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const draft = uploaded.body.import;
    expect(draft).toMatchObject({ status: 'mapping', delimiter: ';', header: ['Vorname', 'Nachname', 'E-Mail-Adresse', 'Telefon', 'Land'], total: 2 });
    expect(draft.suggestedMapping).toEqual(['firstName', 'lastName', 'email', 'phone', 'country']);
    expect(draft.preview.map((row) => row.contact)).toEqual([
      { firstName: 'Jürgen', lastName: 'Müller; Sohn', email: 'j.mueller@example.test', phone: '030 1234567', country: 'DE' },
      { firstName: 'Zoë', lastName: 'O"Brien', email: 'zoe@example.test' },
    ]);
    expect(draft.preview.every((row) => row.issues.length === 0)).toBe(true);
    expect((await post(userA, `/imports/${draft.id}/start`, { mapping: draft.suggestedMapping })).status).toBe(202);
    const done = await imports.waitForEnd(userA, draft.id, 30_000);
    expect(done).toMatchObject({ status: 'succeeded', created: 2, failed: 0, skipped: 0, resyncQueued: true });
    await imports.waitForSyncsIdle(userA);
    const synced = await contactsAt(userA, 'zoho');
    expect(synced).toEqual(expect.arrayContaining([
      expect.objectContaining({ first_name: 'Jürgen', email: 'j.mueller@example.test', phone_e164: '+49301234567' }),
      expect.objectContaining({ first_name: 'Zoë', email: 'zoe@example.test' }),
    ]));
  });

  it('reads a comma-separated file without a byte-order mark, and never creates a phone-only row twice (in the file or run again)', async () => {
    const csv = 'First Name,Mobile Phone\nPhone One,+44 7700 900123\nPhone Twin,+447700900123\n';
    const before = imports.hubspotContactCount();
    const first = await importAndWait(userA, csv);
    expect(first).toMatchObject({ delimiter: ',', created: 1, skipped: 1, failed: 0 });
    const again = await importAndWait(userA, csv);
    expect(again).toMatchObject({ created: 0, skipped: 2 });
    expect(imports.hubspotContactCount()).toBe(before + 1);
  });

  it('answers uploads that are not a readable CSV with a 4xx naming the problem, and stores nothing', async () => {
    const count = async () => (await testbed.product.pool.query(`select count(*)::int as n from public.bulk_jobs where user_id = $1`, [userA.id])).rows[0].n as number;
    const before = await count();
    const json = await testbed.api(userA, '/crm/hubspot/imports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"file":"a,b"}' });
    expect(json.status).toBe(415);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    const noFile = new FormData();
    noFile.append('other', 'x');
    const missing = await testbed.api(userA, '/crm/hubspot/imports', { method: 'POST', body: noFile });
    expect(missing.status).toBe(400);
    const cases: Array<[string | Uint8Array, number, RegExp]> = [
      [new Uint8Array([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a]), 400, /UTF-8/],
      ['', 400, /empty/],
      ['Email\r\n', 400, /no rows/],
      [`${Array.from({ length: 201 }, (_, i) => `c${i}`).join(',')}\nx\n`, 400, /columns/],
      ['Email,Name\n"unclosed,quote\n', 400, /CSV could not be read/],
    ];
    for (const [csv, status, message] of cases) {
      const answer = await imports.upload(userA, csv);
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(answer.body.error?.message).toMatch(message);
    }
    const notConnected = await imports.upload(userA, 'Email\na@example.test\n', 'salesforce');
    expect(notConnected.body.error?.code).toBe('crm_not_connected');
    expect(await count()).toBe(before);
  });

  it('lists refused rows in the report with formula cells neutralised and NUL bytes dropped', async () => {
    const csv = 'First Name,Email,Note\n"=HYPERLINK(""http://evil.test"")",bad-email,+SUM(A1)\nNul\u0000Byte,@cmd,-1\n';
    const done = await importAndWait(userA, csv);
    expect(done).toMatchObject({ failed: 2, created: 0 });
    const report = await testbed.api(userA, `/imports/${done.id}/report`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-disposition')).toMatch(/^attachment; filename="import-.*-report\.csv"$/);
    const lines = (await report.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.test"")","bad-email","'+SUM(A1)"`);
    expect(lines[2]).toContain(`"NulByte","'@cmd","'-1"`);
  });
});

describe('POST /api/v1/imports/:id/start and /cancel', () => {
  it('refuses a mapping of the wrong length, a field named twice, or one without an email or phone, and a second start', async () => {
    const uploaded = await imports.upload(userA, 'Email,Name\na@example.test,A\n');
    const id = uploaded.body.import.id;
    for (const mapping of [['email'], ['email', 'email'], ['firstName', 'lastName'], ['email', 'password']]) {
      const answer = await post(userA, `/imports/${id}/start`, { mapping });
      expect(answer.status, JSON.stringify(mapping)).toBe(400);
      expect(answer.body.error?.code).toBe('validation_failed');
    }
    expect((await post(userA, `/imports/${id}/cancel`)).body.import).toMatchObject({ status: 'cancelled', skipped: 1, created: 0 });
    const again = await post(userA, `/imports/${id}/start`, { mapping: ['email', 'firstName'] });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('conflict');
  });

  it('keeps one user’s import out of another’s reach: 404 for read, start, cancel and report', async () => {
    const uploaded = await imports.upload(userA, 'Email\nwall@example.test\n');
    const id = uploaded.body.import.id;
    expect((await testbed.api(userB, `/imports/${id}`)).status).toBe(404);
    expect((await post(userB, `/imports/${id}/start`, { mapping: ['email'] })).status).toBe(404);
    expect((await post(userB, `/imports/${id}/cancel`)).status).toBe(404);
    expect((await testbed.api(userB, `/imports/${id}/report`)).status).toBe(404);
    expect((await testbed.api(userA, `/imports/${id}`)).status).toBe(200);
    expect((await testbed.api(userA, `/imports/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});

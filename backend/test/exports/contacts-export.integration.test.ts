import { CONTACT_EXPORT_DEFAULT_COLUMNS, CONTACT_EXPORT_STANDARD_COLUMNS, type TContactListResponse, type TFilterNode } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { fetchExport, insertMappings, toRecords, type CsvAnswer } from './export-support';

/**
 * GET and POST /api/v1/crm/contacts/export against the real app: the file's form (BOM, quoting,
 * headers), its columns and values (custom fields too), the filters and trees of the list, the
 * formula-injection rule, bad input as JSON 400s, and the wall between users.
 */
let product: TestProduct;
let alice: TestUser;
let bob: TestUser;
let adaId: string;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_USER: '0' });
  [alice, bob] = [await signUpTestUser(product), await signUpTestUser(product)];
  const ids = await insertContacts(product.pool, alice.id, [
    {
      platform: 'hubspot',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.test',
      phone: '+1 415 555 0101',
      phoneE164: '+14155550101',
      company: 'Analytical, "Engines"',
      jobTitle: 'Countess\nof Lovelace',
      crmUpdatedAt: new Date('2026-01-02T03:04:05.678Z'),
    },
    { platform: 'zoho', objectType: 'contact', firstName: 'Grace', lastName: 'Hopper', mobilePhone: '+1 (202) 555-0123', mobilePhoneE164: '+12025550123', company: 'Navy' },
    { platform: 'hubspot', firstName: 'Formula', lastName: 'Equals', company: '=1+1', phone: '=HYPERLINK("http://evil.test","x")' },
    { platform: 'hubspot', firstName: 'Formula', lastName: 'Plus', company: '+SUM(A1:A9)', phone: '+1 (415) 555-0102', jobTitle: '+14155550101' },
    { platform: 'hubspot', firstName: 'Formula', lastName: 'Minus', company: '-2+3+cmd|\' /C calc\'!A0', phone: '-1', jobTitle: '-' },
    { platform: 'hubspot', firstName: 'Formula', lastName: 'At', company: '@SUM(1)', phone: '+1 415 555 0103 ext 9' },
    { platform: 'hubspot', firstName: 'Formula', lastName: 'Tab', company: '\t=1+1', jobTitle: '\rnext' },
    { platform: 'zoho', firstName: 'Gone', lastName: 'Away', email: 'gone@example.test', deletedAt: new Date('2026-02-01T00:00:00.000Z') },
  ]);
  adaId = ids[0]!;
  await insertMappings(product.pool, alice.id, [
    { platform: 'hubspot', field: 'plan', key: 'plan', label: 'Plan', type: 'string' },
    { platform: 'hubspot', field: 'seats', key: 'seats', label: 'Seats', type: 'number' },
    { platform: 'hubspot', field: 'tags', key: 'tags', label: 'Tags', type: 'multi_select' },
    { platform: 'hubspot', field: 'renewal', key: 'renewal', label: 'Renewal date', type: 'date' },
    { platform: 'hubspot', field: 'vip', key: 'vip', label: 'VIP', type: 'boolean' },
    { platform: 'hubspot', field: 'hs_email_dup', key: 'email_copy', label: 'Email', type: 'email' },
    { platform: 'hubspot', field: 'evil', key: 'evil', label: '=HYPERLINK("http://evil.test")', type: 'string' },
  ]);
  await product.pool.query(
    `update public.crm_contacts set custom_fields = $2, lifecycle_stage = 'customer', lead_status = 'OPEN', time_zone = 'Europe/London',
       do_not_call = false, crm_created_at = '2025-05-06T07:08:09Z' where id = $1`,
    [adaId, JSON.stringify({ plan: 'gold', seats: -5, tags: ['=sms', 'crm'], renewal: '2026-03-01', vip: true, email_copy: 'a@b.test', evil: '-5' })],
  );
  await insertContacts(product.pool, bob.id, [{ platform: 'hubspot', firstName: 'Bob', lastName: 'Private', email: 'bob@example.test' }]);
  await insertMappings(product.pool, bob.id, [{ platform: 'hubspot', field: 'secret', key: 'bobs_key', label: 'Bob’s key', type: 'string' }]);
});
afterAll(async () => {
  await product?.close();
});

const exportUrl = (query = '') => `${product.url}/api/v1/crm/contacts/export${query ? `?${query}` : ''}`;
const getAs = (user: TestUser, query = '') => fetchExport(exportUrl(query), user.authorization);
const postAs = (user: TestUser, body: unknown) => fetchExport(exportUrl(), user.authorization, body);

function expectCsv(answer: CsvAnswer): void {
  expect(answer.status, answer.text.slice(0, 300)).toBe(200);
  expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
}

function expectBadRequest(answer: CsvAnswer, field: string, message: RegExp): void {
  expect(answer.status, answer.text).toBe(400);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(answer.json).toMatchObject({ error: { code: 'validation_failed', details: { issues: [{ field, message: expect.stringMatching(message) }] } } });
}

describe('GET /api/v1/crm/contacts/export', () => {
  it('answers a UTF-8 CSV with a BOM, the default columns and a dated attachment name, never cached', async () => {
    const answer = await getAs(alice);
    expectCsv(answer);
    expect(answer.raw.subarray(0, 3)).toEqual(BOM);
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="contacts-${new Date().toISOString().slice(0, 10)}.csv"`);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.rows[0]).toEqual(CONTACT_EXPORT_DEFAULT_COLUMNS.map((id) => CONTACT_EXPORT_STANDARD_COLUMNS[id].label));
    expect(answer.rows[0]).toEqual(['Name', 'Email', 'Phone', 'Mobile', 'Company', 'Job title', 'CRM', 'Record type', 'Lifecycle stage', 'Lead status', 'Updated in the CRM']);
    // Live contacts only, in name order (last name, then first name).
    expect(answer.rows.slice(1).map((row) => row[0])).toEqual(['Formula At', 'Formula Equals', 'Grace Hopper', 'Ada Lovelace', 'Formula Minus', 'Formula Plus', 'Formula Tab']);
    expect(answer.text.endsWith('\r\n')).toBe(true);
  });

  it('writes the chosen columns in the order named, custom fields and standard VoiceAgent fields included, values plainly', async () => {
    const columns = ['id', 'name', 'custom.tags', 'custom.seats', 'custom.renewal', 'custom.vip', 'custom.plan', 'timeZone', 'doNotCall', 'callConsent', 'crmCreatedAt', 'crmUpdatedAt', 'isCallable', 'phoneE164', 'custom.email_copy', 'platform'];
    const answer = await getAs(alice, `columns=${columns.join(',')}&q=lovelace`);
    expectCsv(answer);
    expect(answer.rows[0]).toEqual(['Contact id', 'Name', 'Tags', 'Seats', 'Renewal date', 'VIP', 'Plan', 'Time zone', 'Do not call', 'Consent to be called', 'Created in the CRM', 'Updated in the CRM', 'Callable', 'Phone (E.164)', 'Email (custom.email_copy)', 'CRM']);
    expect(answer.rows.slice(1)).toEqual([
      [adaId, 'Ada Lovelace', "'=sms; crm", '-5', '2026-03-01', 'true', 'gold', 'Europe/London', 'false', '', '2025-05-06T07:08:09.000Z', '2026-01-02T03:04:05.678Z', 'true', '+14155550101', 'a@b.test', 'hubspot'],
    ]);
  });

  it('quotes every text cell, doubling quotes, so commas, quotes and newlines stay inside their cell', async () => {
    const answer = await getAs(alice, 'columns=name,company,jobTitle,lifecycleStage&q=lovelace');
    expectCsv(answer);
    expect(answer.text).toContain('"Ada Lovelace","Analytical, ""Engines""","Countess\nof Lovelace","customer"\r\n');
    expect(toRecords(answer.rows)).toEqual([{ Name: 'Ada Lovelace', Company: 'Analytical, "Engines"', 'Job title': 'Countess\nof Lovelace', 'Lifecycle stage': 'customer' }]);
  });

  it('neutralises every cell a spreadsheet would run as a formula, and leaves plain phone numbers in the phone columns alone', async () => {
    const answer = await getAs(alice, 'columns=lastName,company,phone,mobilePhone,jobTitle,custom.evil');
    expectCsv(answer);
    const byName = Object.fromEntries(toRecords(answer.rows).map((record) => [record['Last name'], record]));
    // The CRM's label of a custom field heads its column: neutralised like any cell.
    expect(answer.rows[0]).toContain('\'=HYPERLINK("http://evil.test")');
    const evil = '\'=HYPERLINK("http://evil.test")';
    expect(byName.Equals).toMatchObject({ Company: "'=1+1", Phone: '\'=HYPERLINK("http://evil.test","x")' });
    expect(byName.Plus).toMatchObject({ Company: "'+SUM(A1:A9)", Phone: '+1 (415) 555-0102', 'Job title': "'+14155550101" });
    expect(byName.Minus).toMatchObject({ Company: "'-2+3+cmd|' /C calc'!A0", Phone: "'-1", 'Job title': "'-" });
    expect(byName.At).toMatchObject({ Company: "'@SUM(1)", Phone: "'+1 415 555 0103 ext 9" });
    expect(byName.Tab).toMatchObject({ Company: "'\t=1+1", 'Job title': "'\rnext" });
    expect(byName.Lovelace).toMatchObject({ Phone: '+1 415 555 0101', [evil]: "'-5" });
    expect(byName.Hopper).toMatchObject({ Mobile: '+1 (202) 555-0123' });
  });

  it('takes the list’s filters: platform, search, callable, record type, and deleted contacts only when asked', async () => {
    const names = async (query: string) => (await getAs(alice, `columns=name&${query}`)).rows.slice(1).map((row) => row[0]);
    expect(await names('platform=zoho')).toEqual(['Grace Hopper']);
    expect(await names('platform=zoho&includeDeleted=true')).toEqual(['Gone Away', 'Grace Hopper']);
    expect(await names('callable=true')).toEqual(['Grace Hopper', 'Ada Lovelace']);
    expect(await names('q=formula&objectType=contact')).toHaveLength(5);
    expect(await names('objectType=lead')).toEqual([]);
  });

  it('refuses an unknown column, an unmapped custom key and a wrong filter tree with a JSON 400 naming them', async () => {
    expectBadRequest(await getAs(alice, 'columns=name,shoeSize'), 'columns', /Unknown column "shoeSize"/);
    expectBadRequest(await getAs(alice, 'columns=custom.nope'), 'columns', /No mapped custom field "custom.nope"/);
    expectBadRequest(await getAs(alice, 'columns=custom.Bad-Key'), 'columns', /Unknown column "custom.Bad-Key"/);
    expectBadRequest(await getAs(alice, 'columns='), 'columns', /Unknown column ""/);
    const tree = { and: [{ field: 'platform', operator: 'eq', value: 'hubspot' }, { field: 'custom.nope', operator: 'eq', value: 'x' }] };
    expectBadRequest(await getAs(alice, `where=${encodeURIComponent(JSON.stringify(tree))}`), 'where.and.1', /No mapped custom field "custom.nope"/);
    expectBadRequest(await getAs(alice, 'where=not-json'), 'where', /not JSON/);
    expectBadRequest(await getAs(alice, 'limit=5'), 'limit', /.+/);
  });
});

describe('POST /api/v1/crm/contacts/export', () => {
  async function queryIds(user: TestUser, where: TFilterNode): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await fetch(`${product.url}/api/v1/crm/contacts/query`, {
        method: 'POST',
        headers: { ...user.authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ where, limit: 200, cursor }),
      });
      const page = (await res.json()) as TContactListResponse;
      if (page.view !== 'unified') throw new Error(`query answered ${res.status}`);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  it.each<[string, TFilterNode]>([
    ['a custom number', { field: 'custom.seats', operator: 'lt', value: 0 }],
    ['an or of a CRM and a search-like condition', { or: [{ field: 'platform', operator: 'eq', value: 'zoho' }, { field: 'company', operator: 'starts_with', value: '+' }] }],
    ['a not', { not: { field: 'lastName', operator: 'in', value: ['Plus', 'Minus', 'Lovelace'] } }],
    ['an and with a multi-select', { and: [{ field: 'isCallable', operator: 'eq', value: true }, { not: { field: 'custom.tags', operator: 'contains', value: 'crm' } }] }],
  ])('exports exactly the contacts, in the order, that POST /crm/contacts/query lists for %s', async (_name, where) => {
    const expected = await queryIds(alice, where);
    const answer = await postAs(alice, { where, columns: ['id'] });
    expectCsv(answer);
    expect(answer.rows.slice(1).map((row) => row[0])).toEqual(expected);
    const viaGet = await getAs(alice, `columns=id&where=${encodeURIComponent(JSON.stringify(where))}`);
    expect(viaGet.rows).toEqual(answer.rows);
  });

  it('takes the filters and columns as JSON and answers the same file as GET', async () => {
    const body = await postAs(alice, { platform: ['hubspot'], callable: true, columns: ['name', 'custom.plan', 'name'] });
    expectCsv(body);
    expect(body.rows).toEqual([['Name', 'Plan'], ['Ada Lovelace', 'gold']]);
    expect(body.headers.get('content-disposition')).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect((await getAs(alice, 'platform=hubspot&callable=true&columns=name,custom.plan')).text).toBe(body.text);
  });

  it('refuses a wrong body with a JSON 400 naming the field', async () => {
    expectBadRequest(await postAs(alice, { columns: ['name', '=cmd'] }), 'columns', /Unknown column "=cmd"/);
    expectBadRequest(await postAs(alice, { columns: [] }), 'columns', /.+/);
    expectBadRequest(await postAs(alice, { where: { field: 'platform', operator: 'gt', value: 'x' } }), 'where', /does not take "gt"/);
    expectBadRequest(await postAs(alice, { segment: 'x' }), 'segment', /.+/);
  });
});

describe('GET /api/v1/segments/:id/export', () => {
  const segmentExportUrl = (id: string, query = '') => `${product.url}/api/v1/segments/${id}/export${query ? `?${query}` : ''}`;

  async function createSegment(user: TestUser, body: unknown): Promise<string> {
    const res = await fetch(`${product.url}/api/v1/segments`, { method: 'POST', headers: { ...user.authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  it('exports what the saved filter matches now, named after the segment', async () => {
    const id = await createSegment(alice, { name: 'Callable HubSpot — Q3', filter: { platform: ['hubspot'], callable: true } });
    const answer = await fetchExport(segmentExportUrl(id, 'columns=name,custom.plan'), alice.authorization);
    expectCsv(answer);
    expect(answer.rows).toEqual([['Name', 'Plan'], ['Ada Lovelace', 'gold']]);
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="segment-callable-hubspot-q3-${new Date().toISOString().slice(0, 10)}.csv"`);
    // The same file as the contacts export with the same filters.
    expect((await getAs(alice, 'platform=hubspot&callable=true&columns=name,custom.plan')).rows).toEqual(answer.rows);
  });

  it("exports a CRM list's stored members, whatever else matches", async () => {
    const { rows } = await product.pool.query<{ id: string }>(
      `insert into public.segments (user_id, kind, name, platform, external_list_id) values ($1, 'crm_list', 'Webinar', 'hubspot', '77') returning id`,
      [alice.id],
    );
    const id = rows[0]!.id;
    await product.pool.query(`insert into public.crm_list_members (segment_id, contact_id, user_id) values ($1, $2, $3)`, [id, adaId, alice.id]);
    const answer = await fetchExport(segmentExportUrl(id, 'columns=id,name'), alice.authorization);
    expectCsv(answer);
    expect(answer.rows).toEqual([['Contact id', 'Name'], [adaId, 'Ada Lovelace']]);
  });

  it('answers a 409 naming the field when the filter names a key no longer mapped, and a 400 for an unknown column', async () => {
    const { rows } = await product.pool.query<{ id: string }>(
      `insert into public.segments (user_id, name, filter) values ($1, 'Old plan', '{"where":{"field":"custom.gone","operator":"eq","value":"x"}}') returning id`,
      [alice.id],
    );
    const stale = await fetchExport(segmentExportUrl(rows[0]!.id), alice.authorization);
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('custom.gone') } });
    const id = await createSegment(alice, { name: 'Everyone at Navy', filter: { q: 'navy' } });
    expectBadRequest(await fetchExport(segmentExportUrl(id, 'columns=name,shoe_size'), alice.authorization), 'columns', /Unknown column "shoe_size"/);
  });

  it("is a 404 for another user's segment, and needs a signed-in user", async () => {
    const id = await createSegment(alice, { name: 'Alice only', filter: { platform: ['zoho'] } });
    const asBob = await fetchExport(segmentExportUrl(id), bob.authorization);
    expect(asBob.status).toBe(404);
    expect(asBob.text).not.toContain('Grace');
    expect((await fetch(segmentExportUrl(id))).status).toBe(401);
  });
});

describe('the wall between users', () => {
  it('exports only the caller’s own contacts, whatever the filter', async () => {
    const everything = await postAs(bob, { includeDeleted: true, columns: ['name', 'email'] });
    expect(everything.rows).toEqual([['Name', 'Email'], ['Bob Private', 'bob@example.test']]);
    const byName = await getAs(bob, 'q=lovelace&columns=id');
    expect(byName.rows).toEqual([['Contact id']]);
    const byTree = await postAs(bob, { where: { field: 'email', operator: 'eq', value: 'ada@example.test' }, columns: ['id'] });
    expect(byTree.rows).toEqual([['Contact id']]);
  });

  it('knows only the caller’s own custom keys', async () => {
    expectBadRequest(await getAs(bob, 'columns=custom.plan'), 'columns', /No mapped custom field "custom.plan"/);
    expectBadRequest(await getAs(alice, 'columns=custom.bobs_key'), 'columns', /No mapped custom field "custom.bobs_key"/);
  });

  it('needs a signed-in user', async () => {
    const res = await fetch(exportUrl());
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

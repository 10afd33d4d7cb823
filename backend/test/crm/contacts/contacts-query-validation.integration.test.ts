import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeContactCursor } from '../../../src/crm/contacts/contact-cursor';
import { startTestProduct, type TestProduct } from '../../support/start-test-product';
import { signUpTestUser } from '../../support/test-users';
import { createApiCaller, insertContacts, listUnified, type ApiCaller } from './contact-fixtures';

/** Every wrong query parameter is a 400 that names it, never a 500 or a silent default. */
let product: TestProduct;
let api: ApiCaller;
let cursors: { name: string; updated: string; hubspotGroup: string };

beforeAll(async () => {
  product = await startTestProduct();
  const user = await signUpTestUser(product);
  api = createApiCaller(product.url, user.authorization);
  await insertContacts(product.pool, user.id, [
    { lastName: 'A' }, { lastName: 'B' }, { lastName: 'C', platform: 'zoho' }, { lastName: 'D', platform: 'zoho' },
  ]);
  const separate = (await api('/crm/contacts?view=separate&limit=1')).body as { groups: Array<{ nextCursor: string }> };
  cursors = {
    name: (await listUnified(api, 'limit=1')).nextCursor!,
    updated: (await listUnified(api, 'limit=1&sort=updated')).nextCursor!,
    hubspotGroup: separate.groups[0]!.nextCursor,
  };
});
afterAll(async () => {
  await product?.close();
});

async function expectRejected(query: string, field: string) {
  const { status, body } = await api(`/crm/contacts?${query}`);
  expect(status, query).toBe(400);
  const error = (body as { error: { code: string; details: { issues: Array<{ field: string }> } } }).error;
  expect(error.code, query).toBe('validation_failed');
  expect(error.details.issues.map((issue) => issue.field.split('.')[0]), query).toContain(field);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('GET /api/v1/crm/contacts rejects bad query parameters', () => {
  it('names unknown parameters', async () => {
    await expectRejected('search=zoe', 'search');
    await expectRejected('limit=5&offset=10', 'offset');
    await expectRejected('platform[]=hubspot', 'platform[]');
  });

  it('names limit when it is not an integer from 1 to 200', async () => {
    for (const limit of ['0', '201', '-1', '1.5', 'ten', '', '1e2']) await expectRejected(`limit=${limit}`, 'limit');
    await expectRejected('limit=5&limit=6', 'limit');
    expect((await listUnified(api, 'limit=200')).items).toHaveLength(4);
    expect((await listUnified(api, 'limit=1')).items).toHaveLength(1);
  });

  it('names platform, view, sort, callable and includeDeleted when their value is not one of theirs', async () => {
    await expectRejected('platform=pipedrive', 'platform');
    await expectRejected('platform=hubspot,', 'platform');
    await expectRejected('platform=', 'platform');
    await expectRejected('platform=hubspot&platform=HubSpot', 'platform');
    await expectRejected('view=grouped', 'view');
    await expectRejected('sort=email', 'sort');
    await expectRejected('sort=name&sort=updated', 'sort');
    await expectRejected('callable=yes', 'callable');
    await expectRejected('callable=1', 'callable');
    await expectRejected('includeDeleted=TRUE', 'includeDeleted');
  });

  it('names q when it is too short, too long or repeated', async () => {
    await expectRejected('q=a', 'q');
    await expectRejected('q=%20%20x%20', 'q');
    await expectRejected(`q=${'x'.repeat(201)}`, 'q');
    await expectRejected('q=ab&q=cd', 'q');
    expect((await api(`/crm/contacts?q=${'x'.repeat(200)}`)).status).toBe(200);
  });

  it('names every wrong parameter at once', async () => {
    const { body } = await api('/crm/contacts?limit=0&view=x&colour=red');
    const fields = (body as { error: { details: { issues: Array<{ field: string }> } } }).error.details.issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['limit', 'view', 'colour']));
  });

  it('names cursor when it is not one this API issued', async () => {
    const forged = [
      'not-a-cursor',
      'bm90IGpzb24',
      '!!!',
      b64({ v: 1, s: 'name', k: ['a', 'b'], id: 'not-a-uuid', w: 'unified' }),
      b64({ v: 2, s: 'name', k: ['a', 'b'], id: crypto.randomUUID(), w: 'unified' }),
      b64({ v: 1, s: 'name', k: ['a'], id: crypto.randomUUID(), w: 'unified' }),
      b64({ v: 1, s: 'name', k: ['a', 'b'], id: crypto.randomUUID(), w: 'pipedrive' }),
      b64({ v: 1, s: 'updated', k: ['2024-02-30T00:00:00.000000Z'], id: crypto.randomUUID(), w: 'unified' }),
      b64({ v: 1, s: 'updated', k: ['yesterday'], id: crypto.randomUUID(), w: 'unified' }),
      b64({ v: 1, s: 'name', k: ['a', 'b'], id: crypto.randomUUID(), w: 'unified', extra: 1 }),
      `${cursors.name}x`,
    ];
    for (const cursor of forged) await expectRejected(`cursor=${encodeURIComponent(cursor)}`, 'cursor');
    await expectRejected(`cursor=${'a'.repeat(5000)}`, 'cursor');
  });

  it('names cursor when it is sent back with another sort or view than it was made for', async () => {
    await expectRejected(`sort=updated&cursor=${cursors.name}`, 'cursor');
    await expectRejected(`sort=name&cursor=${cursors.updated}`, 'cursor');
    await expectRejected(`view=separate&cursor=${cursors.name}`, 'cursor');
    await expectRejected(`view=unified&cursor=${cursors.hubspotGroup}`, 'cursor');
    await expectRejected(`view=separate&platform=zoho&cursor=${cursors.hubspotGroup}`, 'cursor');
  });

  it('accepts a well-formed cursor it could have issued, even for a row that is gone', async () => {
    const cursor = encodeContactCursor({ sort: 'name', lastName: 'bb', firstName: '', id: crypto.randomUUID(), scope: 'unified' });
    const page = await listUnified(api, `cursor=${cursor}`);

    expect(page.items.map((item) => item.lastName)).toEqual(['C', 'D']);
  });
});

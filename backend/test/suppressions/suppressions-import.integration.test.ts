import { SUPPRESSION_IMPORT_ROWS_MAX, type TSuppression, type TSuppressionImportResult } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';

/** Adding numbers from a CSV and from a contact, per user. */
let product: TestProduct;
let owner: TestUser;
let other: TestUser;

beforeAll(async () => {
  product = await startTestProduct();
  [owner, other] = await Promise.all([signUpTestUser(product), signUpTestUser(product)]);
});
afterAll(async () => {
  await product?.close();
});

const importUrl = () => `${product.url}/api/v1/suppressions/import`;

async function uploadForm(user: TestUser, csv: string) {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'numbers.csv');
  const res = await fetch(importUrl(), { method: 'POST', headers: user.authorization, body: form });
  return { status: res.status, body: (await res.json()) as TSuppressionImportResult & { error?: { code: string; message: string } } };
}

async function listNumbers(user: TestUser): Promise<TSuppression[]> {
  const res = await fetch(`${product.url}/api/v1/suppressions?limit=200`, { headers: user.authorization });
  return ((await res.json()) as { items: TSuppression[] }).items;
}

describe('POST /api/v1/suppressions/import', () => {
  it('adds a file of one number per row, reporting rows that are not numbers and numbers already listed', async () => {
    const csv = '+1 212 555 0131\n(212) 555-0132\nnot a number\n\n+12125550131\n12\n';
    const { status, body } = await uploadForm(owner, csv);

    expect(status).toBe(200);
    expect(body).toEqual({ added: 2, alreadyPresent: 1, invalid: [{ row: 3, value: 'not a number' }, { row: 5, value: '12' }], invalidCount: 2 });
    const listed = await listNumbers(owner);
    expect(listed.filter((s) => s.source === 'csv').map((s) => s.phoneE164).sort()).toEqual(['+12125550131', '+12125550132']);

    const again = await uploadForm(owner, '+12125550132\n');
    expect(again.body).toMatchObject({ added: 0, alreadyPresent: 1, invalidCount: 0 });
  });

  it('reads the phone column of a file with a header, semicolons and a byte-order mark, sent as text/csv', async () => {
    const csv = '\ufeffName;Phone number;Notes\r\nAda;+44 20 7946 0133;x\r\nBob;;y\r\n';
    const res = await fetch(importUrl(), { method: 'POST', headers: { ...owner.authorization, 'content-type': 'text/csv' }, body: csv });
    const body = (await res.json()) as TSuppressionImportResult;

    expect(res.status).toBe(200);
    expect(body).toEqual({ added: 1, alreadyPresent: 0, invalid: [{ row: 3, value: '' }], invalidCount: 1 });
  });

  it('answers 400 for a header without a phone column, an empty file or a form without its file', async () => {
    const noColumn = await uploadForm(owner, 'Name,Email\nAda,ada@example.test\n');
    expect(noColumn.status).toBe(400);
    expect(noColumn.body.error?.message).toMatch(/phone column/);

    expect((await uploadForm(owner, '')).status).toBe(400);

    const form = new FormData();
    form.append('other', 'x');
    const res = await fetch(importUrl(), { method: 'POST', headers: owner.authorization, body: form });
    expect(res.status).toBe(400);
  });

  it('answers 415 for JSON and 413 for more rows than allowed, adding nothing', async () => {
    const json = await fetch(importUrl(), { method: 'POST', headers: { ...owner.authorization, 'content-type': 'application/json' }, body: '{"phone":"+12125550199"}' });
    expect(json.status).toBe(415);

    const rows = Array.from({ length: SUPPRESSION_IMPORT_ROWS_MAX + 1 }, (_, i) => `+1646555${String(i % 10000).padStart(4, '0')}`);
    const tooMany = await uploadForm(owner, rows.join('\n'));
    expect(tooMany.status).toBe(413);
    expect((await listNumbers(owner)).some((s) => s.phoneE164.startsWith('+1646555'))).toBe(false);
  });

  it("keeps each user's list to themselves", async () => {
    expect(await listNumbers(other)).toEqual([]);
    const { body } = await uploadForm(other, '+12125550131\n');
    expect(body).toMatchObject({ added: 1, alreadyPresent: 0 });
  });
});

describe('POST /api/v1/suppressions with a contact', () => {
  it("records the source as contact for the user's own contact, and 404 for another user's", async () => {
    const [mine] = await insertContacts(product.pool, owner.id, [{ lastName: 'Mine', phoneE164: '+12125550140' }]);
    const [theirs] = await insertContacts(product.pool, other.id, [{ lastName: 'Theirs', phoneE164: '+12125550141' }]);
    const post = (contactId: string, phone: string) =>
      fetch(`${product.url}/api/v1/suppressions`, {
        method: 'POST',
        headers: { ...owner.authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ phone, contactId }),
      });

    const ok = await post(mine!, '+12125550140');
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as TSuppression).source).toBe('contact');

    const refused = await post(theirs!, '+12125550141');
    expect(refused.status).toBe(404);
    expect((await listNumbers(owner)).some((s) => s.phoneE164 === '+12125550141')).toBe(false);
  });
});

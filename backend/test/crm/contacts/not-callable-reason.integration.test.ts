import type { TContact } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../../support/start-test-product';
import { signUpTestUser, type TestUser } from '../../support/test-users';
import { createApiCaller, insertContacts, listUnified, type ApiCaller } from './contact-fixtures';

/** The contacts list says why a contact would not be called, per user, from their own suppression list. */
let product: TestProduct;
let owner: TestUser;
let other: TestUser;
let api: ApiCaller;
let otherApi: ApiCaller;
const ids: Record<string, string> = {};

beforeAll(async () => {
  product = await startTestProduct();
  [owner, other] = await Promise.all([signUpTestUser(product), signUpTestUser(product)]);
  api = createApiCaller(product.url, owner.authorization);
  otherApi = createApiCaller(product.url, other.authorization);
  const seeds = {
    ok: { lastName: 'Able', phoneE164: '+12125550101' },
    noNumber: { lastName: 'Baker', phone: '12345' },
    dnc: { lastName: 'Carter', phoneE164: '+12125550102' },
    noConsent: { lastName: 'Dale', phoneE164: '+12125550103' },
    suppressed: { lastName: 'Evans', phoneE164: '+12125550104' },
    suppressedMobile: { platform: 'zoho' as const, lastName: 'Fisher', mobilePhoneE164: '+12125550104' },
    // Do-not-call outranks suppression; an invalid number outranks everything.
    dncAndSuppressed: { platform: 'salesforce' as const, lastName: 'Grant', phoneE164: '+12125550104' },
    noNumberDnc: { lastName: 'Hale' },
  };
  const created = await insertContacts(product.pool, owner.id, Object.values(seeds));
  Object.keys(seeds).forEach((key, i) => (ids[key] = created[i]!));
  await product.pool.query('update public.crm_contacts set do_not_call = true where id = any($1::uuid[])', [[ids.dnc, ids.dncAndSuppressed, ids.noNumberDnc]]);
  await product.pool.query('update public.crm_contacts set call_consent = false where id = $1', [ids.noConsent]);
  // The other user holds a contact with the very number the owner suppresses.
  ids.othersContact = (await insertContacts(product.pool, other.id, [{ lastName: 'Ivers', phoneE164: '+12125550104' }]))[0]!;

  const res = await fetch(`${product.url}/api/v1/suppressions`, {
    method: 'POST',
    headers: { ...owner.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '+1 212 555 0104' }),
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await product?.close();
});

const reasons = (items: TContact[]) => Object.fromEntries(items.map((item) => [item.id, item.notCallableReason]));

describe('notCallableReason on GET /api/v1/crm/contacts', () => {
  it('names the first reason that applies: invalid number, do not call, no consent, suppressed', async () => {
    const page = await listUnified(api, '');

    expect(reasons(page.items)).toEqual({
      [ids.ok!]: null,
      [ids.noNumber!]: 'invalid_number',
      [ids.dnc!]: 'do_not_call',
      [ids.noConsent!]: 'no_consent',
      [ids.suppressed!]: 'suppressed',
      [ids.suppressedMobile!]: 'suppressed',
      [ids.dncAndSuppressed!]: 'do_not_call',
      [ids.noNumberDnc!]: 'invalid_number',
    });
  });

  it('gives the same reasons in searches, filtered views and a single contact', async () => {
    const searched = await listUnified(api, `q=${encodeURIComponent('evans')}`);
    expect(reasons(searched.items)).toEqual({ [ids.suppressed!]: 'suppressed' });

    const callable = await listUnified(api, 'callable=true&sort=updated');
    expect(callable.items.find((item) => item.id === ids.suppressedMobile)?.notCallableReason).toBe('suppressed');

    const one = await api(`/crm/contacts/${ids.noConsent}`);
    expect(one.status).toBe(200);
    expect((one.body as TContact).notCallableReason).toBe('no_consent');
  });

  it('lets a number be called again once its suppression is removed', async () => {
    const list = await fetch(`${product.url}/api/v1/suppressions`, { headers: owner.authorization });
    const { items } = (await list.json()) as { items: Array<{ id: string }> };
    await fetch(`${product.url}/api/v1/suppressions/${items[0]!.id}`, { method: 'DELETE', headers: owner.authorization });

    const page = await listUnified(api, '');
    expect(page.items.find((item) => item.id === ids.suppressed)?.notCallableReason).toBeNull();

    // Put back for the tenant-wall test, whatever the order tests run in.
    await fetch(`${product.url}/api/v1/suppressions`, {
      method: 'POST',
      headers: { ...owner.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '+12125550104' }),
    });
  });

  it("never applies one user's suppression list to another user's contacts", async () => {
    const page = await listUnified(otherApi, '');
    expect(reasons(page.items)).toEqual({ [ids.othersContact!]: null });

    const theirs = await fetch(`${product.url}/api/v1/suppressions`, { headers: other.authorization });
    expect(((await theirs.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it("answers no when a user's session asks the probe about another user's list", async () => {
    const client = await product.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: other.id, role: 'authenticated' }),
      ]);
      const probe = async (userId: string) =>
        (await client.query<{ is: boolean }>(`select private.is_number_suppressed($1, '+12125550104') as is`, [userId])).rows[0]!.is;
      expect(await probe(owner.id)).toBe(false);
      expect(await probe(other.id)).toBe(false);
      await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: owner.id, role: 'authenticated' })]);
      expect(await probe(owner.id)).toBe(true);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

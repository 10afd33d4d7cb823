import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { startTestProduct, TEST_JWT_SECRET, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';

const API_KEY = 'svc-key-0123456789abcdef0123456789abcdef';
const OTHER_API_KEY = 'svc-key-fedcba9876543210fedcba9876543210';
const HEADER = 'X-VoiceAgent-User-Id';

let product: TestProduct;
let alice: TestUser;
let bob: TestUser;
let aliceContactId: string;

/** Supabase's service key format: no audience, no user, role service_role. */
function signServiceKey(options: { secret?: string; role?: string; expiresIn?: string | number } = {}): Promise<string> {
  return new SignJWT({ role: options.role ?? 'service_role', ref: 'local' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('supabase')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10y')
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

async function call(path: string, headers: Record<string, string>, init: RequestInit = {}) {
  const res = await fetch(`${product.url}/api/v1${path}`, { ...init, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } } };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', SERVICE_API_KEYS: `${API_KEY}, ${OTHER_API_KEY}` });
  alice = await signUpTestUser(product);
  bob = await signUpTestUser(product);
  aliceContactId = (await insertContacts(product.pool, alice.id, [{ firstName: 'Ada', lastName: 'Lovelace', phoneE164: '+442071234567' }]))[0]!;
});
afterAll(async () => {
  await product?.close();
});

describe('a service token with X-VoiceAgent-User-Id', () => {
  it('acts as that user with a service_role JWT', async () => {
    const res = await call('/me', { ...bearer(await signServiceKey()), [HEADER]: alice.id });
    expect(res).toEqual({ status: 200, body: { id: alice.id, email: alice.email } });
  });

  it('acts as that user with a configured API key (any of them)', async () => {
    expect(await call('/me', { ...bearer(API_KEY), [HEADER]: bob.id })).toEqual({ status: 200, body: { id: bob.id, email: bob.email } });
    expect((await call('/me', { ...bearer(OTHER_API_KEY), [HEADER]: alice.id })).body).toMatchObject({ id: alice.id });
  });

  it('sees only that user’s rows under row-level security', async () => {
    expect((await call(`/crm/contacts/${aliceContactId}`, { ...bearer(API_KEY), [HEADER]: alice.id })).body).toMatchObject({ id: aliceContactId, firstName: 'Ada' });
    const asBob = await call(`/crm/contacts/${aliceContactId}`, { ...bearer(API_KEY), [HEADER]: bob.id });
    expect(asBob.status).toBe(404);
    expect(asBob.body.error?.code).toBe('not_found');
    const bobsList = await call('/crm/contacts', { ...bearer(await signServiceKey()), [HEADER]: bob.id });
    expect(bobsList.body).toMatchObject({ items: [], counts: { total: 0 } });
  });

  it('writes as that user: an agent created for Alice is hers, and Bob’s service calls cannot see it', async () => {
    const created = await call(
      '/agents',
      { ...bearer(API_KEY), [HEADER]: alice.id },
      { method: 'POST', body: JSON.stringify({ name: 'Reminder', voice: 'sage', contacts: { contactIds: [aliceContactId] } }) },
    );
    expect(created.status).toBe(201);
    const agentId = (created.body.agent as { id: string }).id;
    const { rows } = await product.pool.query<{ user_id: string }>('select user_id from agents where id = $1', [agentId]);
    expect(rows).toEqual([{ user_id: alice.id }]);
    expect((await call(`/agents/${agentId}`, { ...bearer(API_KEY), [HEADER]: bob.id })).status).toBe(404);
    expect((await call(`/agents/${agentId}`, alice.authorization)).status).toBe(200);
  });
});

describe('a service token without the header, or with a bad one', () => {
  it('is a 400 acting_user_required naming the header', async () => {
    for (const token of [await signServiceKey(), API_KEY]) {
      const res = await call('/me', bearer(token));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'acting_user_required', message: expect.stringContaining(HEADER) });
    }
  });

  it('is a 400 naming the header when it holds no uuid', async () => {
    for (const value of ['', 'alice', `${alice.id}x`, "' or 1=1 --"]) {
      const res = await call('/me', { ...bearer(API_KEY), [HEADER]: value });
      expect(res.status, JSON.stringify(value)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', details: { issues: [{ field: HEADER, message: expect.any(String) }] } });
    }
  });

  it('is a 404 acting_user_not_found for an id no user has', async () => {
    const res = await call('/me', { ...bearer(API_KEY), [HEADER]: crypto.randomUUID() });
    expect(res.status).toBe(404);
    expect(res.body.error?.code).toBe('acting_user_not_found');
  });
});

describe('X-VoiceAgent-User-Id with a user’s token', () => {
  it('is a 403 service_token_required, naming another user or their own', async () => {
    for (const target of [bob.id, alice.id, 'not-a-uuid']) {
      const res = await call('/me', { ...alice.authorization, [HEADER]: target });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'service_token_required', message: expect.stringContaining(HEADER) });
    }
    // Nothing was done as Bob either.
    const created = await call('/agents', { ...alice.authorization, [HEADER]: bob.id }, { method: 'POST', body: JSON.stringify({ name: 'X', voice: 'sage', contacts: { contactIds: [aliceContactId] } }) });
    expect(created.status).toBe(403);
    const { rows } = await product.pool.query<{ n: number }>('select count(*)::int as n from agents where user_id = $1', [bob.id]);
    expect(rows[0]!.n).toBe(0);
  });

  it('is still a 401 first when the token itself is bad', async () => {
    const res = await call('/me', { authorization: 'Bearer nonsense.token.here', [HEADER]: bob.id });
    expect(res.status).toBe(401);
  });
});

describe('tokens that are not service tokens', () => {
  it('refuses a service_role JWT signed with another secret, or expired, with 401', async () => {
    const forged = await signServiceKey({ secret: 'another-secret-another-secret-another-secret' });
    const expired = await signServiceKey({ expiresIn: Math.floor(Date.now() / 1000) - 60 });
    for (const token of [forged, expired]) {
      const res = await call('/me', { ...bearer(token), [HEADER]: alice.id });
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe('unauthorized');
    }
  });

  it('refuses the public anon key and unknown API keys with 401', async () => {
    for (const token of [product.anonKey, 'svc-key-not-configured-0123456789abcdef', API_KEY.slice(0, -1)]) {
      const res = await call('/me', { ...bearer(token), [HEADER]: alice.id });
      expect(res.status, token.slice(0, 12)).toBe(401);
    }
  });

  it('does not sign anyone in at the Supabase-compatible /auth/v1/user', async () => {
    const res = await fetch(`${product.url}/auth/v1/user`, { headers: { ...bearer(await signServiceKey()), apikey: product.anonKey } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

describe('SERVICE_API_KEYS', () => {
  it('takes comma-separated keys of at least 32 characters and refuses short ones', () => {
    const base = { DATA_DIR: '/tmp/unused' };
    expect(loadConfig({ ...base, SERVICE_API_KEYS: `${API_KEY},${OTHER_API_KEY}` }).serviceAuth.apiKeyHashes).toHaveLength(2);
    expect(loadConfig(base).serviceAuth.apiKeyHashes).toEqual([]);
    expect(() => loadConfig({ ...base, SERVICE_API_KEYS: `${API_KEY},short` })).toThrow(/SERVICE_API_KEYS/);
  });

  it('keeps only hashes of the keys in the configuration', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/unused', SERVICE_API_KEYS: API_KEY });
    expect(JSON.stringify(config)).not.toContain(API_KEY);
    expect(config.serviceAuth.apiKeyHashes[0]).toHaveLength(32);
  });
});

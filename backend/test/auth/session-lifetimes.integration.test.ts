import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash';
import { startTestProduct, TEST_JWT_SECRET, type TestProduct } from '../support/start-test-product';
import { createAuthClient, insertPasswordUser, PASSWORD, uniqueEmail, type AuthClient } from './auth-test-client';

/**
 * Issue 13, finding 4: sessions and tokens that never ended, services acting for banned users,
 * sign-up telling anyone which addresses have accounts, and unbounded sign-up metadata.
 */
const API_KEY = 'svc-key-lifetimes-0123456789abcdef0123456789';

let product: TestProduct;
let auth: AuthClient;
let passwordHash: string;

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', SERVICE_API_KEYS: API_KEY });
  auth = createAuthClient(product);
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => {
  await product?.close();
});

/** Polling for a status change: past USER_STATUS_CACHE_MS's default second, with room for a loaded machine. */
const STATUS_REREAD = { timeout: 10_000, interval: 100 };

type Session = { access_token: string; refresh_token: string; user: { id: string } };

async function signedInUser(): Promise<{ email: string; id: string; session: Session }> {
  const email = uniqueEmail();
  const id = await insertPasswordUser(product.pool, email, passwordHash);
  const res = await auth.signIn(email, PASSWORD);
  expect(res.status).toBe(200);
  return { email, id, session: res.body as unknown as Session };
}

function me(headers: Record<string, string>) {
  return fetch(`${product.url}/api/v1/me`, { headers });
}

function userToken(sub: string, options: { secret?: string; withExpiry?: boolean; issuer?: string } = {}) {
  const jwt = new SignJWT({ role: 'authenticated', email: 'p@example.com' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setAudience('authenticated')
    .setIssuer(options.issuer ?? `${product.url}/auth/v1`)
    .setIssuedAt();
  if (options.withExpiry ?? true) jwt.setExpirationTime('5m');
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

describe('user JWTs without exp', () => {
  it('are refused with 401 by the API and by /auth/v1/user (the same token with exp is accepted)', async () => {
    const { id } = await signedInUser();
    expect((await me({ authorization: `Bearer ${await userToken(id)}` })).status).toBe(200);

    const forever = await userToken(id, { withExpiry: false });
    const res = await me({ authorization: `Bearer ${forever}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const goTrue = await fetch(`${product.url}/auth/v1/user`, { headers: { apikey: product.anonKey, authorization: `Bearer ${forever}` } });
    expect(goTrue.status).toBe(403);
    expect(await goTrue.json()).toMatchObject({ error_code: 'bad_jwt' });
  });

  it('are refused in Supabase mode too', async () => {
    const secret = 'supabase-legacy-secret-supabase-legacy-secret';
    const supabase = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', SUPABASE_URL: 'http://127.0.0.1:9', SUPABASE_ANON_KEY: 'anon', SUPABASE_JWT_SECRET: secret });
    try {
      const sub = crypto.randomUUID();
      const call = async (token: string) => (await fetch(`${supabase.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
      expect(await call(await userToken(sub, { secret, issuer: 'supabase' }))).toBe(200);
      expect(await call(await userToken(sub, { secret, issuer: 'supabase', withExpiry: false }))).toBe(401);
    } finally {
      await supabase.close();
    }
  });
});

describe('local refresh tokens', () => {
  // Moves a session's clock back instead of waiting: its start, or its tokens' issue times.
  const ageSession = (refreshToken: string, column: 'session_started_at' | 'created_at', days: number) =>
    product.pool.query(
      `update local_auth.refresh_tokens set ${column} = ${column} - make_interval(days => $2)
        where session_id = (select session_id from local_auth.refresh_tokens where token_hash = $1)`,
      [createHash('sha256').update(refreshToken).digest('base64url'), days],
    );

  it('work for 30 days after sign-in, however often refreshed, then answer 400 session_expired', async () => {
    const { session } = await signedInUser();
    const first = await auth.refresh(session.refresh_token);
    expect(first.status).toBe(200);
    const rotated = (first.body as unknown as Session).refresh_token;

    // The rotated token keeps its session's start; 29 days in, the session still refreshes.
    await ageSession(rotated, 'session_started_at', 29);
    const second = await auth.refresh(rotated);
    expect(second.status).toBe(200);
    const latest = (second.body as unknown as Session).refresh_token;

    await ageSession(latest, 'session_started_at', 2);
    const expired = await auth.refresh(latest);
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ error_code: 'session_expired', msg: 'Invalid Refresh Token: Session Expired' });
    // The session is gone: asking again finds nothing.
    expect((await auth.refresh(latest)).body.error_code).toBe('refresh_token_not_found');
  });

  it('left unused for more than 7 days answer 400 session_expired (inactivity)', async () => {
    const a = await signedInUser();
    await ageSession(a.session.refresh_token, 'created_at', 6);
    expect((await auth.refresh(a.session.refresh_token)).status).toBe(200);

    const b = await signedInUser();
    await ageSession(b.session.refresh_token, 'created_at', 8);
    const idle = await auth.refresh(b.session.refresh_token);
    expect(idle.status).toBe(400);
    expect(idle.body).toMatchObject({ error_code: 'session_expired', msg: 'Invalid Refresh Token: Session Expired (Inactivity)' });
  });
});

describe('banned and deleted users', () => {
  const service = (userId: string) => ({ authorization: `Bearer ${API_KEY}`, 'X-VoiceAgent-User-Id': userId });

  it('are refused with 403 when a service acts for them, and their own tokens, refreshes and sign-ins stop working', async () => {
    const { id, email, session } = await signedInUser();
    expect((await me(service(id))).status).toBe(200);
    expect((await me({ authorization: `Bearer ${session.access_token}` })).status).toBe(200);

    await product.pool.query(`update auth.users set banned_until = now() + interval '1 day' where id = $1`, [id]);
    // Each process trusts what it read of the user for USER_STATUS_CACHE_MS (a second here, the default).
    await expect.poll(async () => (await me(service(id))).status, STATUS_REREAD).toBe(403);
    const acted = await me(service(id));
    expect(await acted.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await me({ authorization: `Bearer ${session.access_token}` })).status).toBe(403);
    expect((await auth.refresh(session.refresh_token)).body).toMatchObject({ error_code: 'user_banned' });
    expect((await auth.signIn(email, PASSWORD)).body).toMatchObject({ error_code: 'user_banned' });
    // Only the right password learns of the ban.
    expect((await auth.signIn(email, 'not the password')).body).toMatchObject({ error_code: 'invalid_credentials' });

    // A ban that has ended ends its effect.
    await product.pool.query(`update auth.users set banned_until = now() - interval '1 second' where id = $1`, [id]);
    await expect.poll(async () => (await me(service(id))).status, STATUS_REREAD).toBe(200);
  });

  it('deleted (Supabase’s soft delete) are refused with 403 to a service and to their own token', async () => {
    const { id, session } = await signedInUser();
    await product.pool.query('update auth.users set deleted_at = now() where id = $1', [id]);
    expect((await me(service(id))).status).toBe(403);
    expect((await me({ authorization: `Bearer ${session.access_token}` })).status).toBe(403);
  });
});

describe('signing up again with an address that has an account', () => {
  it('answers like a first sign-up awaiting confirmation: 200, a made-up user, no session, and the account untouched', async () => {
    const email = uniqueEmail();
    const first = await auth.signUp(email, PASSWORD, { name: 'First' });
    expect(first.status).toBe(200);
    expect(first.body.access_token).toEqual(expect.any(String));
    const realUser = first.body.user as Record<string, unknown>;
    const { rows: before } = await product.pool.query('select encrypted_password, raw_user_meta_data from auth.users where lower(email) = $1', [email]);

    const answers = [await auth.signUp(email, 'another good password', { name: 'Second' }), await auth.signUp(email.toUpperCase(), PASSWORD)];
    for (const again of answers) {
      expect(again.status).toBe(200);
      expect(again.body).not.toHaveProperty('access_token');
      expect(JSON.stringify(again.body)).not.toMatch(/already|exists|registered/i);
      // Shaped like a user (what supabase-js reads as data.user), but not the account's.
      for (const key of Object.keys(realUser)) expect(again.body).toHaveProperty(key);
      expect(again.body.id).not.toBe(realUser.id);
      expect(again.body).toMatchObject({ email, identities: [], email_confirmed_at: null, last_sign_in_at: null });
    }
    expect(answers[0]!.body.id).not.toBe(answers[1]!.body.id);
    expect(answers[0]!.body.user_metadata).toEqual({ name: 'Second' });

    const { rows: after } = await product.pool.query('select encrypted_password, raw_user_meta_data from auth.users where lower(email) = $1', [email]);
    expect(after).toEqual(before);
    expect((await auth.signIn(email, 'another good password')).status).toBe(400);
  });
});

describe('sign-up metadata (data)', () => {
  it.each([
    ['over 4 KB of JSON', { bio: 'x'.repeat(5000) }],
    ['over 50 keys', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]))],
    ['nested too deep', JSON.parse(`${'{"a":'.repeat(12)}1${'}'.repeat(12)}`) as unknown],
    ['a NUL character Postgres cannot store', { name: 'a\u0000b' }],
    ['an unpaired surrogate', { name: 'x\uD800y' }],
  ])('%s is refused with 400 validation_failed and creates no account', async (_name, data) => {
    const email = uniqueEmail();
    const res = await auth.signUp(email, PASSWORD, data);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 400, error_code: 'validation_failed' });
    const { rowCount } = await product.pool.query('select 1 from auth.users where lower(email) = $1', [email]);
    expect(rowCount).toBe(0);
  });

  it('within bounds is kept, and travels in the session', async () => {
    const data = { name: 'Zoë Ångström 👩‍👩‍👧‍👦', tags: ['a', 'b'], prefs: { theme: 'dark' } };
    const res = await auth.signUp(uniqueEmail(), PASSWORD, data);
    expect(res.status).toBe(200);
    expect((res.body.user as { user_metadata: unknown }).user_metadata).toEqual(data);
  });
});

import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestProduct, TEST_JWT_SECRET, type TestProduct } from '../support/start-test-product';

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>;

let product: TestProduct;

beforeAll(async () => {
  product = await startTestProduct();
});
afterAll(async () => {
  await product?.close();
});

function supabase(): SupabaseClient {
  // Node 20 has no global WebSocket, which supabase-js's realtime client insists on at construction.
  return createClient(product.url, product.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as unknown as RealtimeTransport },
  });
}

function uniqueEmail(): string {
  return `person-${crypto.randomUUID()}@example.com`;
}

async function getMe(token: string) {
  return fetch(`${product.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
}

describe('local auth through @supabase/supabase-js', () => {
  it('signs up, reads the user and reaches the API as that user', async () => {
    const client = supabase();
    const email = uniqueEmail();
    const { data, error } = await client.auth.signUp({ email, password: 'correct horse battery' });
    expect(error).toBeNull();
    expect(data.session?.access_token).toBeTruthy();
    expect(data.user?.email).toBe(email);

    const { data: userData, error: userError } = await client.auth.getUser();
    expect(userError).toBeNull();
    expect(userData.user?.id).toBe(data.user?.id);

    const me = await getMe(data.session!.access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ id: data.user!.id, email });
  });

  it('signs in with the password and refuses a wrong one with Supabase’s error', async () => {
    const email = uniqueEmail();
    await supabase().auth.signUp({ email, password: 'correct horse battery' });

    const wrong = await supabase().auth.signInWithPassword({ email, password: 'wrong horse battery' });
    expect(wrong.error?.message).toBe('Invalid login credentials');
    expect(wrong.error?.code).toBe('invalid_credentials');
    expect(wrong.error?.status).toBe(400);

    const unknown = await supabase().auth.signInWithPassword({ email: uniqueEmail(), password: 'correct horse battery' });
    expect(unknown.error?.message).toBe('Invalid login credentials');

    const right = await supabase().auth.signInWithPassword({ email: email.toUpperCase(), password: 'correct horse battery' });
    expect(right.error).toBeNull();
    expect(right.data.user?.email).toBe(email);
  });

  it('makes no second account for the same email, without saying so, and refuses weak passwords', async () => {
    const email = uniqueEmail();
    await supabase().auth.signUp({ email, password: 'correct horse battery' });
    // What Supabase answers with email confirmation on: a user, no session, no error.
    const again = await supabase().auth.signUp({ email, password: 'another good password' });
    expect(again.error).toBeNull();
    expect(again.data.session).toBeNull();
    expect((await supabase().auth.signInWithPassword({ email, password: 'another good password' })).error?.code).toBe('invalid_credentials');

    const weak = await supabase().auth.signUp({ email: uniqueEmail(), password: 'short' });
    expect(weak.error?.code).toBe('weak_password');
    const badEmail = await supabase().auth.signUp({ email: 'not-an-email', password: 'correct horse battery' });
    expect(badEmail.error?.status).toBe(400);
  });

  it('rotates refresh tokens and ends the session when an old one is replayed', async () => {
    const client = supabase();
    const { data } = await client.auth.signUp({ email: uniqueEmail(), password: 'correct horse battery' });
    const first = data.session!;

    const refreshed = await client.auth.refreshSession({ refresh_token: first.refresh_token });
    expect(refreshed.error).toBeNull();
    const second = refreshed.data.session!;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await getMe(second.access_token)).status).toBe(200);

    const replay = await supabase().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(replay.error?.code).toBe('refresh_token_already_used');
    // The replay ended the whole session, including the token issued after it.
    const afterReplay = await supabase().auth.refreshSession({ refresh_token: second.refresh_token });
    expect(afterReplay.error?.code).toBe('refresh_token_not_found');
  });

  it('signs out: the refresh token stops working', async () => {
    const client = supabase();
    const { data } = await client.auth.signUp({ email: uniqueEmail(), password: 'correct horse battery' });
    const { error } = await client.auth.signOut();
    expect(error).toBeNull();
    const after = await supabase().auth.refreshSession({ refresh_token: data.session!.refresh_token });
    expect(after.error?.code).toBe('refresh_token_not_found');
  });

  it('refuses auth calls without the anon key', async () => {
    const res = await fetch(`${product.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: uniqueEmail(), password: 'x' }),
    });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/v1/me with bad tokens', () => {
  async function sign(claims: Record<string, unknown>, options: { secret?: string; audience?: string; expiresIn?: string | number } = {}) {
    return new SignJWT({ role: 'authenticated', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject((claims.sub as string | undefined) ?? crypto.randomUUID())
      .setAudience(options.audience ?? 'authenticated')
      .setIssuer(`${product.url}/auth/v1`)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
  }

  it('accepts a well-formed token (the control for the refusals below)', async () => {
    const { data } = await supabase().auth.signUp({ email: uniqueEmail(), password: 'correct horse battery' });
    const token = await sign({ sub: data.user!.id });
    expect((await getMe(token)).status).toBe(200);
  });

  it.each([
    ['no Authorization header', async () => undefined],
    ['a forged signature', async () => sign({}, { secret: 'another-secret-another-secret-another-secret' })],
    ['an expired token', async () => sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['a wrong audience', async () => sign({}, { audience: 'someone-else' })],
    ['the anon key', async () => product.anonKey],
    ['garbage', async () => 'not.a.jwt'],
  ])('answers %s with a 401 JSON error', async (_name, makeToken) => {
    const token = await makeToken();
    const res = await fetch(`${product.url}/api/v1/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).toBeTruthy();
  });
});

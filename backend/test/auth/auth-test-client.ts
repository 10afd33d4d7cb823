import type { Pool } from 'pg';

/** Raw calls to the local /auth/v1 as supabase-js makes them, answering status, headers and body. */
export type AuthResponse = { status: number; retryAfter: string | null; body: Record<string, unknown> };

export type AuthClient = {
  signIn(email: string, password: string): Promise<AuthResponse>;
  signUp(email: string, password: string, data?: unknown): Promise<AuthResponse>;
  refresh(refreshToken: string): Promise<AuthResponse>;
};

export const PASSWORD = 'correct horse battery';

export function uniqueEmail(label = 'person'): string {
  return `${label}-${crypto.randomUUID()}@example.com`;
}

export function createAuthClient(product: { url: string; anonKey: string }): AuthClient {
  const post = async (path: string, body: unknown): Promise<AuthResponse> => {
    const res = await fetch(`${product.url}/auth/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', apikey: product.anonKey },
      body: JSON.stringify(body),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
  };
  return {
    signIn: (email, password) => post('/token?grant_type=password', { email, password }),
    signUp: (email, password, data) => post('/signup', { email, password, ...(data === undefined ? {} : { data }) }),
    refresh: (refreshToken) => post('/token?grant_type=refresh_token', { refresh_token: refreshToken }),
  };
}

/** A 429 as Supabase Auth sends it: GoTrue's error body and a Retry-After of whole seconds. */
export function isGoTrueTooManyRequests(res: AuthResponse, maxRetryAfterSeconds: number): boolean {
  const retryAfter = Number(res.retryAfter);
  return (
    res.status === 429 &&
    res.body.code === 429 &&
    res.body.error_code === 'over_request_rate_limit' &&
    typeof res.body.msg === 'string' &&
    Number.isInteger(retryAfter) &&
    retryAfter >= 1 &&
    retryAfter <= maxRetryAfterSeconds
  );
}

/**
 * An account as sign-up leaves it, inserted straight into auth.users with a hash made once per
 * file: each sign-up through /auth/v1 costs a full scrypt hash, which tests about guessing
 * would otherwise spend most of their time on.
 */
export async function insertPasswordUser(pool: Pool, email: string, passwordHash: string): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `insert into auth.users (aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
     values ('authenticated', 'authenticated', $1, $2, now(), '{"provider":"email","providers":["email"]}', '{}')
     returning id`,
    [email, passwordHash],
  );
  return rows[0]!.id;
}

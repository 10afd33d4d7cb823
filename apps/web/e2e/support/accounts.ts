import { randomUUID } from 'node:crypto';
import { ZPublicConfig } from '@voiceagent/shared';

export const PASSWORD = 'correct horse battery staple';

export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

/** Creates an account straight through the auth API, as supabase-js would, for specs that start signed up. */
export async function createAccount(productUrl: string, email: string, password = PASSWORD): Promise<void> {
  const config = ZPublicConfig.parse(await (await fetch(`${productUrl}/api/v1/config`)).json());
  const response = await fetch(`${config.supabaseUrl}/auth/v1/signup`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      apikey: config.supabaseAnonKey,
      Authorization: `Bearer ${config.supabaseAnonKey}`,
    },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-up of ${email} failed: ${response.status} ${await response.text()}`);
}

/** Signs in through the auth API as the web app does (Supabase's password grant). */
async function passwordGrant(productUrl: string, email: string, password: string): Promise<Response> {
  const config = ZPublicConfig.parse(await (await fetch(`${productUrl}/api/v1/config`)).json());
  return fetch(`${config.supabaseUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', apikey: config.supabaseAnonKey },
    body: JSON.stringify({ email, password }),
  });
}

/** The person's access token, for tests that compare the screens with what the API says. */
export async function getAccessToken(productUrl: string, email: string, password = PASSWORD): Promise<string> {
  const response = await passwordGrant(productUrl, email, password);
  if (!response.ok) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** What the auth API itself answers to these credentials: the message the UI should show. */
export async function getSignInErrorMessage(productUrl: string, email: string, password: string): Promise<string> {
  const response = await passwordGrant(productUrl, email, password);
  if (response.ok) throw new Error(`signing in as ${email} unexpectedly succeeded`);
  const body = (await response.json()) as { msg?: string; message?: string; error_description?: string };
  const message = body.msg ?? body.message ?? body.error_description;
  if (!message) throw new Error(`the auth API's error has no message: ${JSON.stringify(body)}`);
  return message;
}

import type { TestProduct } from './start-test-product';

export type TestUser = { id: string; email: string; accessToken: string; authorization: { authorization: string } };

/** Signs a new person up through the local /auth/v1 API, as the web app does. */
export async function signUpTestUser(product: Pick<TestProduct, 'url' | 'anonKey'>): Promise<TestUser> {
  const email = `person-${crypto.randomUUID()}@example.com`;
  const res = await fetch(`${product.url}/auth/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', apikey: product.anonKey },
    body: JSON.stringify({ email, password: 'correct horse battery' }),
  });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const session = (await res.json()) as { access_token: string; user: { id: string } };
  return { id: session.user.id, email, accessToken: session.access_token, authorization: { authorization: `Bearer ${session.access_token}` } };
}

const BENCH_PASSWORD = 'bench password 1234';

/** A new local account on the product under measurement, signed up as the web app does. */
export async function signUpBenchUser(productUrl: string): Promise<{ id: string; email: string; token: string }> {
  const { supabaseAnonKey } = (await (await fetch(`${productUrl}/api/v1/config`)).json()) as { supabaseAnonKey: string };
  const email = `bench-${Date.now()}@example.test`;
  const res = await fetch(`${productUrl}/auth/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', apikey: supabaseAnonKey },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const session = (await res.json()) as { access_token: string; user: { id: string } };
  return { id: session.user.id, email, token: session.access_token };
}

/** An account an earlier run signed up, signed in again (its password is the one signUpBenchUser gives). */
export async function signInBenchUser(productUrl: string, email: string): Promise<{ id: string; email: string; token: string }> {
  const { supabaseAnonKey } = (await (await fetch(`${productUrl}/api/v1/config`)).json()) as { supabaseAnonKey: string };
  const res = await fetch(`${productUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', apikey: supabaseAnonKey },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const session = (await res.json()) as { access_token: string; user: { id: string } };
  return { id: session.user.id, email, token: session.access_token };
}

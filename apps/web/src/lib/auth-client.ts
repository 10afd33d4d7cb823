import { AuthClient, type GoTrueClient, type SupportedStorage } from '@supabase/auth-js';

/** For tests: the browser's own fetch and localStorage otherwise. */
export type AuthClientOverrides = { fetch?: typeof fetch; storage?: SupportedStorage };

/**
 * The auth half of supabase-js, built exactly as supabase-js's `createClient(url, key).auth`
 * builds it (same `/auth/v1` URL, apikey and bearer headers, storage key and defaults), so a
 * session stored by either is read by the other. The web app uses nothing but auth, and
 * `createClient` also constructs the realtime, storage, functions and PostgREST clients, which
 * cost about 34 KB of gzipped JavaScript on every page.
 */
export function createAuthClient(supabaseUrl: string, supabaseKey: string, overrides: AuthClientOverrides = {}): GoTrueClient {
  const baseUrl = new URL(supabaseUrl.endsWith('/') ? supabaseUrl : `${supabaseUrl}/`);
  return new AuthClient({
    url: new URL('auth/v1', baseUrl).href,
    headers: { Authorization: `Bearer ${supabaseKey}`, apikey: supabaseKey },
    storageKey: `sb-${baseUrl.hostname.split('.')[0]}-auth-token`,
    autoRefreshToken: true,
    persistSession: true,
    detectSessionInUrl: true,
    flowType: 'implicit',
    ...overrides,
  });
}

import type { SupportedStorage } from '@supabase/auth-js';
import { createClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { createAuthClient } from './auth-client';

type Call = { url: string; method: string; apikey: string | null; authorization: string | null };

const SESSION = {
  access_token: 'access',
  refresh_token: 'refresh',
  token_type: 'bearer',
  expires_in: 3600,
  expires_at: Math.floor(Date.now() / 1000) + 3600,
  user: { id: '00000000-0000-4000-8000-000000000001', aud: 'authenticated', email: 'a@example.test', app_metadata: {}, user_metadata: {}, created_at: '2025-01-01T00:00:00Z' },
};

class NoWebSocket {
  constructor() {
    throw new Error('this test opens no WebSocket');
  }
}

/** A fake auth server and storage that record what a client asked for and what it stored. */
function setUp() {
  const calls: Call[] = [];
  const stored = new Map<string, string>();
  const fetchFake: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    calls.push({ url: String(input), method: init?.method ?? 'GET', apikey: headers.get('apikey'), authorization: headers.get('authorization') });
    return new Response(JSON.stringify(SESSION), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const storage: SupportedStorage = {
    getItem: (key) => stored.get(key) ?? null,
    setItem: (key, value) => void stored.set(key, value),
    removeItem: (key) => void stored.delete(key),
  };
  return { calls, stored, fetchFake, storage };
}

describe('createAuthClient', () => {
  it.each(['http://localhost:4000', 'https://abcdefgh.supabase.co'])(
    'calls the same endpoint and stores the session under the same key as supabase-js for %s',
    async (url) => {
      const ours = setUp();
      const theirs = setUp();
      const credentials = { email: 'a@example.test', password: 'correct horse battery staple' };

      await createAuthClient(url, 'anon-key', { fetch: ours.fetchFake, storage: ours.storage }).signInWithPassword(credentials);
      const supabase = createClient(url, 'anon-key', {
        global: { fetch: theirs.fetchFake },
        auth: { storage: theirs.storage },
        // Node 20 has no WebSocket, which realtime-js insists on at construction; it never connects here.
        realtime: { transport: NoWebSocket as never },
      });
      await supabase.auth.signInWithPassword(credentials);

      expect(ours.calls).toEqual(theirs.calls);
      expect([...ours.stored.keys()]).toEqual([...theirs.stored.keys()]);
      expect(ours.calls[0]).toMatchObject({ method: 'POST', apikey: 'anon-key', authorization: 'Bearer anon-key' });
    },
  );
});

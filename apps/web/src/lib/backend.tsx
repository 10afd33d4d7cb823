import type { GoTrueClient } from '@supabase/auth-js';
import type { TPublicConfig } from '@voiceagent/shared';
import { createContext, use, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from './api-client';
import { createAuthClient } from './auth-client';

type Backend = {
  config: TPublicConfig;
  auth: GoTrueClient;
  api: ApiClient;
};

const BackendContext = createContext<Backend | null>(null);

// One auth client per page: two would each refresh and store the same session.
let created: { key: string; backend: Backend } | null = null;

/**
 * Local auth is served by the backend, which this page always reaches through its own origin:
 * the backend serves the built app, and in `pnpm dev` Vite proxies /auth to it. Going through
 * this origin rather than the backend's own URL keeps `pnpm dev` free of cross-origin calls.
 */
function getAuthUrl(config: TPublicConfig): string {
  return config.authMode === 'local' ? window.location.origin : config.supabaseUrl;
}

function getBackend(config: TPublicConfig): Backend {
  const authUrl = getAuthUrl(config);
  const key = `${authUrl} ${config.supabaseAnonKey}`;
  if (created?.key === key) return created.backend;
  const auth = createAuthClient(authUrl, config.supabaseAnonKey);
  const api = createApiClient({
    // getSession refreshes an expired access token before handing it out.
    getAccessToken: async () => (await auth.getSession()).data.session?.access_token ?? null,
  });
  created = { key, backend: { config, auth, api } };
  return created.backend;
}

export function BackendProvider({ config, children }: { config: TPublicConfig; children: ReactNode }) {
  return <BackendContext value={getBackend(config)}>{children}</BackendContext>;
}

function useBackend(): Backend {
  const backend = use(BackendContext);
  if (!backend) throw new Error('useBackend must be used inside <BackendProvider>');
  return backend;
}

export const useAuthClient = (): GoTrueClient => useBackend().auth;
export const useApiClient = (): ApiClient => useBackend().api;
export const useRuntimeConfig = (): TPublicConfig => useBackend().config;

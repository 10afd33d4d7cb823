import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { TPublicConfig } from '@voiceagent/shared';
import { createContext, use, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from './api-client';

type Backend = {
  config: TPublicConfig;
  supabase: SupabaseClient;
  api: ApiClient;
};

const BackendContext = createContext<Backend | null>(null);

// One supabase-js client per page: two would each refresh and store the same session.
let created: { key: string; backend: Backend } | null = null;

function getBackend(config: TPublicConfig): Backend {
  const key = `${config.supabaseUrl} ${config.supabaseAnonKey}`;
  if (created?.key === key) return created.backend;
  const supabase = createClient(config.supabaseUrl, config.supabaseAnonKey);
  const api = createApiClient({
    // getSession refreshes an expired access token before handing it out.
    getAccessToken: async () => (await supabase.auth.getSession()).data.session?.access_token ?? null,
  });
  created = { key, backend: { config, supabase, api } };
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

export const useSupabase = (): SupabaseClient => useBackend().supabase;
export const useApiClient = (): ApiClient => useBackend().api;
export const useRuntimeConfig = (): TPublicConfig => useBackend().config;

import { z } from 'zod';

/**
 * GET /api/v1/config — public, unauthenticated. The web app reads it at start so one build
 * serves every environment: supabase-js is pointed at Supabase, or at the backend's own
 * Supabase-compatible auth in local mode.
 */
export const ZPublicConfig = z.object({
  authMode: z.enum(['local', 'supabase']),
  supabaseUrl: z.url(),
  supabaseAnonKey: z.string().min(1),
});
export type TPublicConfig = z.infer<typeof ZPublicConfig>;

/** GET /api/v1/me — the signed-in user. */
export const ZMe = z.object({ id: z.uuid(), email: z.string().nullable() });
export type TMe = z.infer<typeof ZMe>;

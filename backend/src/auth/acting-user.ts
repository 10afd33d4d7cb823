import type { Pool } from 'pg';

/** The header a service token names the user it acts for with. */
export const ACTING_USER_HEADER = 'X-VoiceAgent-User-Id';

export type ActingUser = { id: string; email?: string };

export type ActingUserFinder = (id: string) => Promise<ActingUser | null>;

/**
 * Looks the user up in auth.users (local mode's table, or Supabase's): a service may only act for
 * someone who exists, and the user's email goes into the claims as in their own token.
 */
export function createActingUserFinder(pool: Pool): ActingUserFinder {
  return async (id) => {
    const { rows } = await pool.query<{ id: string; email: string | null }>('select id, email from auth.users where id = $1', [id]);
    const row = rows[0];
    return row ? { id: row.id, email: row.email ?? undefined } : null;
  };
}

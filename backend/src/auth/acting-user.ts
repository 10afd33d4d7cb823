import type { Pool } from 'pg';

/** The header a service token names the user it acts for with. */
export const ACTING_USER_HEADER = 'X-VoiceAgent-User-Id';

/** isDisabled: banned (banned_until in the future) or deleted (deleted_at set), Supabase's columns. */
export type ActingUser = { id: string; email?: string; isDisabled: boolean };

export type ActingUserFinder = (id: string) => Promise<ActingUser | null>;

/**
 * Looks the user up in auth.users (local mode's table, or Supabase's): a service may only act for
 * someone who exists and is neither banned nor deleted, and the user's email goes into the claims
 * as in their own token. The same lookup refuses a banned user's own tokens before they expire.
 */
export function createActingUserFinder(pool: Pool): ActingUserFinder {
  return async (id) => {
    const { rows } = await pool.query<{ id: string; email: string | null; is_disabled: boolean }>(
      `select id, email, coalesce(banned_until > now(), false) or deleted_at is not null as is_disabled
         from auth.users where id = $1`,
      [id],
    );
    const row = rows[0];
    return row ? { id: row.id, email: row.email ?? undefined, isDisabled: row.is_disabled } : null;
  };
}

import type { PoolClient } from 'pg';

/** The user's time zone, or null when never chosen (no row). */
export async function findUserTimeZone(db: PoolClient, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ time_zone: string | null }>('select time_zone from public.user_settings where user_id = $1', [userId]);
  return rows[0]?.time_zone ?? null;
}

/** Writes the zone (null clears it); the caller checked the name. */
export async function saveUserTimeZone(db: PoolClient, userId: string, timeZone: string | null): Promise<void> {
  await db.query(
    `insert into public.user_settings (user_id, time_zone) values ($1, $2)
     on conflict (user_id) do update set time_zone = excluded.time_zone, updated_at = now()`,
    [userId, timeZone],
  );
}

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

/** Whether newly suppressed numbers go to the CRMs' do-not-call fields; off without a row. */
export async function findSuppressionWriteBack(db: PoolClient, userId: string): Promise<boolean> {
  const { rows } = await db.query<{ suppression_write_back: boolean }>('select suppression_write_back from public.user_settings where user_id = $1', [userId]);
  return rows[0]?.suppression_write_back ?? false;
}

export async function saveSuppressionWriteBack(db: PoolClient, userId: string, isOn: boolean): Promise<void> {
  await db.query(
    `insert into public.user_settings (user_id, suppression_write_back) values ($1, $2)
     on conflict (user_id) do update set suppression_write_back = excluded.suppression_write_back, updated_at = now()`,
    [userId, isOn],
  );
}

import type { PoolClient } from 'pg';

/** auth.users as local mode uses it: the same table (and column names) Supabase Auth keeps. */
export type LocalUserRow = {
  id: string;
  email: string;
  encrypted_password: string;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** banned_until is in the future (Supabase's ban). */
  is_banned: boolean;
  /** deleted_at is set (Supabase's soft delete). */
  is_deleted: boolean;
};

const USER_COLUMNS = `id, email, encrypted_password, raw_app_meta_data, raw_user_meta_data,
  email_confirmed_at, last_sign_in_at, created_at, updated_at,
  coalesce(banned_until > now(), false) as is_banned, deleted_at is not null as is_deleted`;

/** Inserts a user, or returns undefined when the email is taken (any case). */
export async function insertUser(
  db: PoolClient,
  input: { email: string; passwordHash: string; userMetadata: Record<string, unknown> },
): Promise<LocalUserRow | undefined> {
  const { rows } = await db.query<LocalUserRow>(
    `insert into auth.users (aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
       raw_app_meta_data, raw_user_meta_data)
     select 'authenticated', 'authenticated', $1::text, $2::text, now(), now(),
       '{"provider":"email","providers":["email"]}'::jsonb, $3::jsonb
     where not exists (select 1 from auth.users where lower(email) = lower($1::text))
     on conflict do nothing
     returning ${USER_COLUMNS}`,
    [input.email, input.passwordHash, JSON.stringify(input.userMetadata)],
  );
  return rows[0];
}

export async function findUserByEmail(db: PoolClient, email: string): Promise<LocalUserRow | undefined> {
  const { rows } = await db.query<LocalUserRow>(`select ${USER_COLUMNS} from auth.users where lower(email) = lower($1)`, [email]);
  return rows[0];
}

export async function findUserById(db: PoolClient, id: string): Promise<LocalUserRow | undefined> {
  const { rows } = await db.query<LocalUserRow>(`select ${USER_COLUMNS} from auth.users where id = $1`, [id]);
  return rows[0];
}

export async function touchLastSignIn(db: PoolClient, id: string): Promise<void> {
  await db.query('update auth.users set last_sign_in_at = now() where id = $1', [id]);
}

/** Replaces a hash made with older parameters, unless the password changed meanwhile. */
export async function replacePasswordHash(db: PoolClient, input: { id: string; oldHash: string; newHash: string }): Promise<void> {
  await db.query('update auth.users set encrypted_password = $3, updated_at = now() where id = $1 and encrypted_password = $2', [
    input.id,
    input.oldHash,
    input.newHash,
  ]);
}

/** A refresh token of a session; a new session starts now, a rotated token keeps its session's start. */
export async function insertRefreshToken(
  db: PoolClient,
  input: { tokenHash: string; userId: string; sessionId: string; parentHash: string | null; sessionStartedAt: Date | null },
): Promise<void> {
  await db.query(
    `insert into local_auth.refresh_tokens (token_hash, user_id, session_id, parent_hash, session_started_at)
     values ($1, $2, $3, $4, coalesce($5::timestamptz, now()))`,
    [input.tokenHash, input.userId, input.sessionId, input.parentHash, input.sessionStartedAt],
  );
}

export type RefreshTokenRow = {
  user_id: string;
  session_id: string;
  revoked_at: Date | null;
  session_started_at: Date;
  /** Seconds since the session began, and since this token was issued (its last refresh), on the database's clock. */
  session_age_seconds: number;
  idle_seconds: number;
};

/** Locks the token row so two concurrent refreshes with one token cannot both rotate it. */
export async function lockRefreshToken(db: PoolClient, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  const { rows } = await db.query<RefreshTokenRow>(
    `select user_id, session_id, revoked_at, session_started_at,
            extract(epoch from now() - session_started_at)::double precision as session_age_seconds,
            extract(epoch from now() - created_at)::double precision as idle_seconds
       from local_auth.refresh_tokens where token_hash = $1 for update`,
    [tokenHash],
  );
  return rows[0];
}

export async function revokeRefreshToken(db: PoolClient, tokenHash: string): Promise<void> {
  await db.query('update local_auth.refresh_tokens set revoked_at = now() where token_hash = $1 and revoked_at is null', [tokenHash]);
}

/** Ends a session: its refresh tokens are gone (sign-out, or a replayed token suggesting theft). */
export async function deleteSession(db: PoolClient, sessionId: string): Promise<void> {
  await db.query('delete from local_auth.refresh_tokens where session_id = $1', [sessionId]);
}

/** Ends the user's sessions, optionally keeping one (sign-out scope "others"). */
export async function deleteUserSessions(db: PoolClient, userId: string, exceptSessionId?: string): Promise<void> {
  await db.query('delete from local_auth.refresh_tokens where user_id = $1 and ($2::uuid is null or session_id <> $2::uuid)', [
    userId,
    exceptSessionId ?? null,
  ]);
}

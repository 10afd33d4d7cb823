import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Pool } from 'pg';
import { withService } from '../../db/transactions';
import { getDecoyHash, hashPassword, verifyPassword } from '../password-hash';
import { GoTrueError } from './gotrue-error';
import * as repo from './local-auth-repository';

/** A session exactly as Supabase Auth returns it from /signup and /token. */
export type GoTrueSession = {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: GoTrueUser;
};

export type GoTrueUser = {
  id: string;
  aud: string;
  role: 'authenticated';
  email: string;
  email_confirmed_at: string | null;
  confirmed_at: string | null;
  phone: string;
  last_sign_in_at: string | null;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  identities: unknown[];
  created_at: string;
  updated_at: string;
  is_anonymous: false;
};

export type LocalAuthOptions = {
  pool: Pool;
  secret: string;
  /** `${BACKEND_URL}/auth/v1`, as Supabase sets `iss`. */
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  now?: () => number;
};

export const MIN_PASSWORD_LENGTH = 8;

export type LocalAuthService = ReturnType<typeof createLocalAuthService>;

/**
 * Supabase-compatible email + password accounts for local mode: users in auth.users, passwords
 * hashed with scrypt, refresh tokens stored hashed and rotated on every use.
 */
export function createLocalAuthService(options: LocalAuthOptions) {
  const { pool, issuer, audience, accessTokenTtlSeconds } = options;
  const key = new TextEncoder().encode(options.secret);
  const now = options.now ?? Date.now;

  async function issueSession(db: Parameters<typeof repo.insertUser>[0], user: repo.LocalUserRow, sessionId: string, parentHash: string | null) {
    const refreshToken = randomBytes(32).toString('base64url');
    await repo.insertRefreshToken(db, { tokenHash: sha256(refreshToken), userId: user.id, sessionId, parentHash });
    const issuedAt = Math.floor(now() / 1000);
    const expiresAt = issuedAt + accessTokenTtlSeconds;
    const goTrueUser = toGoTrueUser(user, audience);
    const accessToken = await new SignJWT({
      email: user.email,
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: issuedAt }],
      session_id: sessionId,
      is_anonymous: false,
      app_metadata: goTrueUser.app_metadata,
      user_metadata: goTrueUser.user_metadata,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setAudience(audience)
      .setIssuer(issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(key);
    const session: GoTrueSession = {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: accessTokenTtlSeconds,
      expires_at: expiresAt,
      refresh_token: refreshToken,
      user: goTrueUser,
    };
    return session;
  }

  return {
    async signUp(email: string, password: string, userMetadata: Record<string, unknown>): Promise<GoTrueSession> {
      assertPasswordStrength(password);
      const passwordHash = await hashPassword(password);
      return withService(pool, async (db) => {
        const user = await repo.insertUser(db, { email: email.toLowerCase(), passwordHash, userMetadata });
        if (!user) throw new GoTrueError(422, 'user_already_exists', 'User already registered');
        return issueSession(db, user, randomUUID(), null);
      });
    },

    async signInWithPassword(email: string, password: string): Promise<GoTrueSession> {
      const user = await withService(pool, (db) => repo.findUserByEmail(db, email));
      const isValid = await verifyPassword(password, user?.encrypted_password ?? (await getDecoyHash()));
      if (!user || !isValid) throw new GoTrueError(400, 'invalid_credentials', 'Invalid login credentials');
      return withService(pool, async (db) => {
        await repo.touchLastSignIn(db, user.id);
        return issueSession(db, { ...user, last_sign_in_at: new Date(now()) }, randomUUID(), null);
      });
    },

    async refresh(refreshToken: string): Promise<GoTrueSession> {
      const tokenHash = sha256(refreshToken);
      const outcome = await withService(pool, async (db) => {
        const row = await repo.lockRefreshToken(db, tokenHash);
        if (!row) return { error: new GoTrueError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found') };
        if (row.revoked_at) {
          // A rotated token presented again: someone holds a copy. End the whole session.
          await repo.deleteSession(db, row.session_id);
          return { error: new GoTrueError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used') };
        }
        const user = await repo.findUserById(db, row.user_id);
        if (!user) return { error: new GoTrueError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found') };
        await repo.revokeRefreshToken(db, tokenHash);
        return { session: await issueSession(db, user, row.session_id, tokenHash) };
      });
      // Thrown outside the transaction so the revocation above is committed, not rolled back.
      if ('error' in outcome) throw outcome.error;
      return outcome.session;
    },

    async getUser(userId: string): Promise<GoTrueUser> {
      const user = await withService(pool, (db) => repo.findUserById(db, userId));
      if (!user) throw new GoTrueError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
      return toGoTrueUser(user, audience);
    },

    async signOut(userId: string, sessionId: string | undefined, scope: 'global' | 'local' | 'others'): Promise<void> {
      await withService(pool, async (db) => {
        if (scope === 'local' && sessionId) await repo.deleteSession(db, sessionId);
        else if (scope === 'others') await repo.deleteUserSessions(db, userId, sessionId);
        else await repo.deleteUserSessions(db, userId);
      });
    },

    /** The public "anon" key supabase-js needs: a JWT with role anon, as Supabase issues. */
    async createAnonKey(): Promise<string> {
      return new SignJWT({ role: 'anon', ref: 'local' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer('supabase')
        .setIssuedAt(Math.floor(now() / 1000))
        .setExpirationTime('10y')
        .sign(key);
    },
  };
}

function assertPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new GoTrueError(422, 'weak_password', `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length > 256) throw new GoTrueError(422, 'weak_password', 'Password should be at most 256 characters.');
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

function toGoTrueUser(user: repo.LocalUserRow, audience: string): GoTrueUser {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: user.id,
    aud: audience,
    role: 'authenticated',
    email: user.email,
    email_confirmed_at: iso(user.email_confirmed_at),
    confirmed_at: iso(user.email_confirmed_at),
    phone: '',
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: [],
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
    is_anonymous: false,
  };
}

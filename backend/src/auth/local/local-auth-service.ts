import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { AuditService } from '../../audit/audit-service';
import type { AuthGuardConfig, SessionLifetimeConfig } from '../../config';
import { withService } from '../../db/transactions';
import { createPasswordHashing, type ScryptParams } from '../password-hash';
import { toEmailKey } from './auth-rate-limits';
import { GoTrueError } from './gotrue-error';
import { createHashLimiter, HashLimiterBusyError, type HashPriority } from './hash-limiter';
import * as repo from './local-auth-repository';
import * as failuresRepo from './sign-in-failures-repository';
import { createUnsettledAddresses } from './unsettled-addresses';
import { assertUserMetadataBounds } from './user-metadata';

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
  confirmation_sent_at?: string;
  phone: string;
  last_sign_in_at: string | null;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  identities: unknown[];
  created_at: string;
  updated_at: string;
  is_anonymous: false;
};

/** The two scrypt operations; tests wrap them to watch how many run at once. */
export type PasswordHasher = { hash(password: string): Promise<string>; verify(password: string, stored: string): Promise<boolean> };

export type LocalAuthOptions = {
  pool: Pool;
  secret: string;
  /** `${BACKEND_URL}/auth/v1`, as Supabase sets `iss`. */
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  sessions: SessionLifetimeConfig;
  guard: Pick<AuthGuardConfig, 'lockoutAfterFailures' | 'lockoutSeconds' | 'lockoutMaxSeconds' | 'hashConcurrency' | 'hashQueue' | 'hashWaitMs'>;
  logger?: Logger;
  passwordHasher?: PasswordHasher;
  /** scrypt's cost; production's (PASSWORD_HASH_PARAMS) unless a test lowers it. */
  passwordHashParams?: ScryptParams;
  now?: () => number;
  /** The activity log: each sign-in to an existing account, succeeded or refused. */
  audit?: Pick<AuditService, 'record'>;
};

export const MIN_PASSWORD_LENGTH = 8;

export type LocalAuthService = ReturnType<typeof createLocalAuthService>;

const INVALID_CREDENTIALS = 'Invalid login credentials';
/** Stale failure rows are swept at most this often per process. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Supabase-compatible email + password accounts for local mode: users in auth.users, passwords
 * hashed with scrypt (a bounded number at once), refresh tokens stored hashed, rotated on every
 * use and ending with their session's lifetime. Repeated failed sign-ins lock the email address
 * for a growing while, known or not.
 */
export function createLocalAuthService(options: LocalAuthOptions) {
  const { pool, issuer, audience, accessTokenTtlSeconds, sessions, guard } = options;
  const key = new TextEncoder().encode(options.secret);
  const now = options.now ?? Date.now;
  const hashing = createPasswordHashing(options.passwordHashParams);
  const hasher = options.passwordHasher ?? hashing;
  const hashLimiter = createHashLimiter({ concurrency: guard.hashConcurrency, maxWaiting: guard.hashQueue, maxWaitMs: guard.hashWaitMs });
  const lockPolicy = { afterFailures: guard.lockoutAfterFailures, lockSeconds: guard.lockoutSeconds, maxLockSeconds: guard.lockoutMaxSeconds };
  const isLockoutOn = guard.lockoutAfterFailures > 0;
  const unsettled = createUnsettledAddresses({ windowMs: 60_000, maxSize: 10_000 });
  let lastSweepAt = 0;
  // So that the first unknown email does not cost two hashes (and so take visibly longer).
  hashing.decoyHash().catch((error: unknown) => options.logger?.error({ err: error }, 'could not compute the decoy password hash'));

  async function runHash<T>(priority: HashPriority, task: () => Promise<T>): Promise<T> {
    try {
      return await hashLimiter.run(priority, task);
    } catch (error) {
      if (error instanceof HashLimiterBusyError) throw new GoTrueError(429, 'over_request_rate_limit', 'Too many sign-ins at once; retry in a moment', 1);
      throw error;
    }
  }

  async function recordFailure(emailKey: string): Promise<void> {
    if (!isLockoutOn) return;
    await withService(pool, (db) => failuresRepo.recordFailure(db, emailKey, lockPolicy));
    if (Date.now() - lastSweepAt < SWEEP_INTERVAL_MS) return;
    lastSweepAt = Date.now();
    withService(pool, failuresRepo.deleteStaleFailures).catch((error: unknown) => options.logger?.warn({ err: error }, 'could not sweep stale sign-in failures'));
  }

  async function issueSession(db: PoolClient, user: repo.LocalUserRow, session: { id: string; startedAt: Date | null }, parentHash: string | null) {
    const refreshToken = randomBytes(32).toString('base64url');
    await repo.insertRefreshToken(db, { tokenHash: sha256(refreshToken), userId: user.id, sessionId: session.id, parentHash, sessionStartedAt: session.startedAt });
    const issuedAt = Math.floor(now() / 1000);
    const expiresAt = issuedAt + accessTokenTtlSeconds;
    const goTrueUser = toGoTrueUser(user, audience);
    const accessToken = await new SignJWT({
      email: user.email,
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: issuedAt }],
      session_id: session.id,
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
    const result: GoTrueSession = {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: accessTokenTtlSeconds,
      expires_at: expiresAt,
      refresh_token: refreshToken,
      user: goTrueUser,
    };
    return result;
  }

  /** Why a session may not be refreshed any more, in GoTrue's words; undefined while it may. */
  function sessionExpiry(row: repo.RefreshTokenRow): string | undefined {
    if (sessions.maxLifetimeSeconds > 0 && row.session_age_seconds > sessions.maxLifetimeSeconds) return 'Invalid Refresh Token: Session Expired';
    if (sessions.inactivitySeconds > 0 && row.idle_seconds > sessions.inactivitySeconds) return 'Invalid Refresh Token: Session Expired (Inactivity)';
    return undefined;
  }

  return {
    /**
     * A new email gets its account and a session at once (local mode confirms addresses
     * itself). A taken one gets what Supabase answers with email confirmation on: 200 and a
     * made-up user without a session, after the same hashing work, so the answer does not say
     * the address has an account; the account itself is left as it was.
     */
    async signUp(email: string, password: string, userMetadata: Record<string, unknown>): Promise<GoTrueSession | GoTrueUser> {
      assertPasswordStrength(password);
      assertUserMetadataBounds(userMetadata);
      const passwordHash = await runHash('normal', () => hasher.hash(password));
      return withService(pool, async (db) => {
        const user = await repo.insertUser(db, { email: email.toLowerCase(), passwordHash, userMetadata });
        if (!user) return toObfuscatedUser(email.toLowerCase(), userMetadata, audience);
        return issueSession(db, user, { id: randomUUID(), startedAt: null }, null);
      });
    },

    async signInWithPassword(email: string, password: string, client: { ip: string | null } = { ip: null }): Promise<GoTrueSession> {
      const emailKey = toEmailKey(email);
      // Only attempts on an account go in a log: an unknown address has no owner to tell.
      const recordAttempt = (userId: string | undefined, outcome: 'success' | 'failure', reason?: string) =>
        userId ? options.audit?.record({ userId, kind: 'sign_in', outcome, actor: 'user', ip: client.ip, details: reason ? { reason } : {} }) : undefined;
      const { state, user } = await withService(pool, async (db) => ({
        state: isLockoutOn ? await failuresRepo.readFailureState(db, emailKey) : { failures: 0, lockedForSeconds: 0 },
        user: await repo.findUserByEmail(db, email),
      }));
      // Answered before any hashing, and the same for addresses without an account.
      if (state.lockedForSeconds > 0) {
        await recordAttempt(user?.id, 'failure', 'locked');
        throw new GoTrueError(
          429,
          'over_request_rate_limit',
          `Too many failed sign-ins for this email address; retry after ${state.lockedForSeconds} seconds`,
          state.lockedForSeconds,
        );
      }
      const account = user && !user.is_deleted && user.encrypted_password ? user : undefined;
      const decoy = await hashing.decoyHash();
      const stored = account?.encrypted_password ?? decoy;
      const isSuspect = unsettled.begin(emailKey) || state.failures > 0;
      const { isValid, newHash } = await runHash(isSuspect ? 'low' : 'normal', async () => {
        const isMatch = (await hasher.verify(password, stored)) && account !== undefined;
        // Hashes made with older parameters are replaced while the password is at hand.
        return { isValid: isMatch, newHash: isMatch && hashing.needsRehash(stored) ? await hasher.hash(password) : undefined };
      });
      if (!account || !isValid) {
        await recordFailure(emailKey);
        await recordAttempt(account?.id, 'failure', 'wrong_password');
        throw new GoTrueError(400, 'invalid_credentials', INVALID_CREDENTIALS);
      }
      unsettled.settle(emailKey);
      if (isLockoutOn) await withService(pool, (db) => failuresRepo.clearFailures(db, emailKey));
      // Checked after the password, so that only someone who knows it learns of the ban.
      if (account.is_banned) {
        await recordAttempt(account.id, 'failure', 'banned');
        throw new GoTrueError(400, 'user_banned', 'User is banned');
      }
      await recordAttempt(account.id, 'success');
      return withService(pool, async (db) => {
        if (newHash) await repo.replacePasswordHash(db, { id: account.id, oldHash: stored, newHash });
        await repo.touchLastSignIn(db, account.id);
        return issueSession(db, { ...account, last_sign_in_at: new Date(now()) }, { id: randomUUID(), startedAt: null }, null);
      });
    },

    async refresh(refreshToken: string): Promise<GoTrueSession> {
      const tokenHash = sha256(refreshToken);
      const notFound = () => new GoTrueError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
      const outcome = await withService(pool, async (db) => {
        const row = await repo.lockRefreshToken(db, tokenHash);
        if (!row) return { error: notFound() };
        if (row.revoked_at) {
          // A rotated token presented again: someone holds a copy. End the whole session.
          await repo.deleteSession(db, row.session_id);
          return { error: new GoTrueError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used') };
        }
        const expiry = sessionExpiry(row);
        if (expiry) {
          await repo.deleteSession(db, row.session_id);
          return { error: new GoTrueError(400, 'session_expired', expiry) };
        }
        const user = await repo.findUserById(db, row.user_id);
        if (!user || user.is_deleted) return { error: notFound() };
        if (user.is_banned) return { error: new GoTrueError(400, 'user_banned', 'Invalid Refresh Token: User Banned') };
        await repo.revokeRefreshToken(db, tokenHash);
        return { session: await issueSession(db, user, { id: row.session_id, startedAt: row.session_started_at }, tokenHash) };
      });
      // Thrown outside the transaction so that the deletions above are committed, not rolled back.
      if ('error' in outcome) throw outcome.error;
      return outcome.session;
    },

    async getUser(userId: string): Promise<GoTrueUser> {
      const user = await withService(pool, (db) => repo.findUserById(db, userId));
      if (!user || user.is_deleted) throw new GoTrueError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
      if (user.is_banned) throw new GoTrueError(403, 'user_banned', 'User is banned');
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

/** What Supabase (GoTrue's sanitizeUser) answers a sign-up for a taken address: a user that does not exist. */
function toObfuscatedUser(email: string, userMetadata: Record<string, unknown>, audience: string): GoTrueUser {
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    aud: audience,
    role: 'authenticated',
    email,
    email_confirmed_at: null,
    confirmed_at: null,
    confirmation_sent_at: at,
    phone: '',
    last_sign_in_at: null,
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: userMetadata,
    identities: [],
    created_at: at,
    updated_at: at,
    is_anonymous: false,
  };
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

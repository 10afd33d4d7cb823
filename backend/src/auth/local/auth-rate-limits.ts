import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { AuthGuardConfig } from '../../config';
import { PostgresRateLimitStore } from '../../http/postgres-rate-limit-store';
import { GoTrueError } from './gotrue-error';

export type AuthRateLimits = {
  /** Sign-ins and sign-ups, per client IP and per email address named in the body. */
  credentials: RequestHandler[];
  /** Refresh-token grants, per client IP (a refresh token is 256 random bits: nothing to guess per account). */
  refresh: RequestHandler[];
};

/**
 * The /auth/v1 limits, counted in the database (private.rate_limit_hits) like /api's, so that
 * every process shares them. Over a limit: 429 over_request_rate_limit with Retry-After, as
 * Supabase Auth answers its own rate limits. A limit of 0 turns it off.
 */
export function createAuthRateLimits(config: AuthGuardConfig, pool: Pool, logger: Logger): AuthRateLimits {
  const windowMs = config.rateLimitWindowSeconds * 1000;
  const build = (name: string, limit: number, keyGenerator: (req: Request) => string | undefined): RequestHandler[] => {
    if (limit === 0) return [];
    return [
      rateLimit({
        windowMs,
        limit,
        // A request naming no (valid) email is not counted per email; it fails validation anyway.
        skip: (req) => keyGenerator(req) === undefined,
        keyGenerator: (req) => keyGenerator(req) ?? '',
        store: new PostgresRateLimitStore(pool, logger, `auth-${name}:`),
        identifier: `auth-${name}`,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        // The database being down fails the sign-in itself; no need to fail it here first.
        passOnStoreError: true,
        logger: {
          error: (error, message) => logger.error({ err: error }, message ?? 'auth rate limiter error'),
          warn: (error, message) => logger.warn({ err: error }, message ?? 'auth rate limiter warning'),
        },
        handler: (_req, _res, next) => next(new GoTrueError(429, 'over_request_rate_limit', 'Request rate limit reached')),
      }),
    ];
  };
  const byIp = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');
  return {
    credentials: [...build('ip', config.perIp, byIp), ...build('email', config.perEmail, (req) => readEmailKey(req.body))],
    refresh: build('refresh-ip', config.refreshPerIp, byIp),
  };
}

/**
 * The key of an email address for counters and locks: sha256 of the trimmed, lower-cased
 * address, so "A@x.com " and "a@x.com" count together and no address is stored.
 */
export function toEmailKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

function readEmailKey(body: unknown): string | undefined {
  const email = typeof body === 'object' && body !== null ? (body as { email?: unknown }).email : undefined;
  return typeof email === 'string' && email.trim() !== '' && email.length <= 320 ? toEmailKey(email) : undefined;
}

import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { RateLimitConfig } from '../config';
import { AppError } from './app-error';
import { PostgresRateLimitStore } from './postgres-rate-limit-store';

const WINDOW_MS = 60_000;

export type RateLimits = { perIp: RequestHandler; perUser: RequestHandler };

/**
 * Requests per minute on /api, per client IP (before authentication, so floods of bad tokens
 * count too) and per user (after it: a service acting for a user counts as that user). Over
 * the limit: 429 rate_limited with Retry-After. A limit of 0 turns that limit off.
 */
export function createRateLimits(config: RateLimitConfig, pool: Pool, logger: Logger, userKey: (req: Request) => string): RateLimits {
  return {
    perIp: config.perMinuteIp === 0 ? pass : build(config.perMinuteIp, 'ip', (req) => ipKeyGenerator(req.ip ?? 'unknown'), pool, logger),
    perUser: config.perMinuteUser === 0 ? pass : build(config.perMinuteUser, 'user', userKey, pool, logger),
  };
}

const pass: RequestHandler = (_req, _res, next) => next();

function build(
  limit: number,
  scope: 'ip' | 'user',
  keyGenerator: (req: Parameters<RequestHandler>[0]) => string,
  pool: Pool,
  logger: Logger,
): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit,
    keyGenerator,
    store: new PostgresRateLimitStore(pool, logger, `${scope}:`),
    identifier: `per-${scope}`,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The database being down fails the request itself; the limiter lets it through rather
    // than turn every /config and /openapi.json into a 500 as well.
    passOnStoreError: true,
    logger: {
      error: (error, message) => logger.error({ err: error }, message ?? 'rate limiter error'),
      warn: (error, message) => logger.warn({ err: error }, message ?? 'rate limiter warning'),
    },
    handler: (_req, _res, next) => {
      const per = scope === 'ip' ? 'address' : 'user';
      next(new AppError('rate_limited', `Too many requests: at most ${limit} a minute per ${per}; retry after the Retry-After header's seconds`, { limit, scope }));
    },
  });
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthRateLimits } from '../../src/auth/local/auth-rate-limits';
import { createLocalAuthRouter } from '../../src/auth/local/local-auth-routes';
import { createLocalAuthService, type PasswordHasher } from '../../src/auth/local/local-auth-service';
import { hashPassword, verifyPassword } from '../../src/auth/password-hash';
import { createTokenVerifier } from '../../src/auth/token-verifier';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { createAuthClient, insertPasswordUser, PASSWORD, uniqueEmail, type AuthClient, type AuthResponse } from './auth-test-client';

/**
 * Issue 13, finding 1: every sign-in ran scrypt (now 128 MiB and a few hundred ms each), so a
 * flood of sign-ins starved everybody else. Now a process hashes at most
 * AUTH_PASSWORD_HASH_CONCURRENCY passwords at once; AUTH_PASSWORD_HASH_QUEUE more wait in each
 * line, and the rest are answered 429 at once.
 *
 * The real router and service on a real database over HTTP, with the real scrypt functions
 * wrapped so that the test sees how many run at the same moment.
 */
const CONCURRENCY = 2;
const QUEUE = 4;
const SECRET = 'hash-concurrency-secret-hash-concurrency-secret';

let database: TestDatabase;
let server: Server;
let auth: AuthClient;
const inFlight = { now: 0, peak: 0, total: 0 };

function countingHasher(): PasswordHasher {
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight.now++;
    inFlight.total++;
    inFlight.peak = Math.max(inFlight.peak, inFlight.now);
    try {
      return await work();
    } finally {
      inFlight.now--;
    }
  };
  return { hash: (password) => track(() => hashPassword(password)), verify: (password, stored) => track(() => verifyPassword(password, stored)) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const logger = pino({ level: 'silent' });
  const guard = {
    rateLimitWindowSeconds: 60,
    perIp: 0,
    perEmail: 0,
    refreshPerIp: 0,
    lockoutAfterFailures: 0,
    lockoutSeconds: 30,
    lockoutMaxSeconds: 900,
    hashConcurrency: CONCURRENCY,
    hashQueue: QUEUE,
    // Long enough never to matter on a slow machine: the bound and the line are what is tested.
    hashWaitMs: 60_000,
  };
  const issuer = 'http://127.0.0.1/auth/v1';
  const service = createLocalAuthService({
    pool: database.pool,
    secret: SECRET,
    issuer,
    audience: 'authenticated',
    accessTokenTtlSeconds: 3600,
    sessions: { maxLifetimeSeconds: 0, inactivitySeconds: 0 },
    guard,
    logger,
    passwordHasher: countingHasher(),
  });
  const anonKey = await service.createAnonKey();
  const app = express();
  app.use(
    '/auth/v1',
    createLocalAuthRouter({
      auth: service,
      verify: createTokenVerifier({ secret: SECRET, audience: 'authenticated', issuer }),
      anonKey,
      jsonBodyLimit: '100kb',
      rateLimits: createAuthRateLimits(guard, database.pool, logger),
    }),
  );
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  auth = createAuthClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, anonKey });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.drop();
});

describe('30 sign-ins at once', () => {
  it(`hash at most ${CONCURRENCY} passwords at a time; the rest are served in turn or answered 429 with Retry-After, never 5xx`, async () => {
    const emails = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('c')];
    const passwordHash = await hashPassword(PASSWORD);
    for (const email of emails) await insertPasswordUser(database.pool, email, passwordHash);
    inFlight.peak = 0;
    inFlight.total = 0;

    const started = Date.now();
    const answers: AuthResponse[] = await Promise.all(
      Array.from({ length: 30 }, (_, i) => auth.signIn(emails[i % 3]!, i % 2 === 0 ? PASSWORD : `wrong password ${i}`)),
    );
    const counts = new Map<number, number>();
    for (const answer of answers) counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
    const statuses = [...counts].map(([status, count]) => `${count} × ${status}`).join(', ');
    console.log(`30 sign-ins at once in ${((Date.now() - started) / 1000).toFixed(1)} s: ${statuses}; ${inFlight.total} hashes, at most ${inFlight.peak} at once`);

    expect(inFlight.peak).toBeLessThanOrEqual(CONCURRENCY);
    // Hashes did overlap (the bound was reached), and each attempt that was served ran one.
    expect(inFlight.peak).toBe(CONCURRENCY);
    // The first attempt at each address waits in the normal line, the rest in the low one: at
    // most 2 running + 3 + 4 waiting are served.
    expect(answers.filter((a) => a.status !== 429).length).toBeLessThanOrEqual(CONCURRENCY + 3 + QUEUE);
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 429) {
        expect(answer.retryAfter).toBe('1');
        expect(answer.body).toMatchObject({ code: 429, error_code: 'over_request_rate_limit' });
      } else {
        expect(answer.status).toBe(i % 2 === 0 ? 200 : 400);
      }
    }
    expect(inFlight.total).toBe(answers.filter((a) => a.status !== 429).length);
  });

  it('serves everyone once the flood has passed', async () => {
    const email = uniqueEmail();
    await insertPasswordUser(database.pool, email, await hashPassword(PASSWORD));
    expect((await auth.signIn(email, PASSWORD)).status).toBe(200);
  });
});

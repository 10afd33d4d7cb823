import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { createAuthClient, insertPasswordUser, isGoTrueTooManyRequests, PASSWORD, uniqueEmail, type AuthClient, type AuthResponse } from './auth-test-client';

/**
 * Issue 13, finding 1: /auth/v1 let anyone guess passwords without limit (100 wrong passwords
 * for one account in 10 s all got 400). Now sign-ins and sign-ups are limited per client IP and
 * per email address, refreshes per IP, and repeated failures lock the address for a growing
 * while — the same way whether or not an account has it.
 */

let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

async function guess(auth: AuthClient, email: string, times: number): Promise<AuthResponse[]> {
  const answers: AuthResponse[] = [];
  for (let i = 0; i < times; i++) answers.push(await auth.signIn(email, `wrong password ${i}`));
  return answers;
}

describe('100 wrong passwords for one account within seconds (the default limits, per-IP limit off)', () => {
  let product: TestProduct;
  let auth: AuthClient;

  beforeAll(async () => {
    product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', AUTH_RATE_LIMIT_PER_IP: '0' });
    auth = createAuthClient(product);
  });
  afterAll(async () => {
    await product?.close();
  });

  it('are answered 429 with Retry-After after the fifth, in GoTrue’s shape, and the right password is refused too', async () => {
    const email = uniqueEmail();
    await insertPasswordUser(product.pool, email, passwordHash);

    const started = Date.now();
    const answers = await guess(auth, email, 100);
    const seconds = (Date.now() - started) / 1000;
    console.log(`100 wrong passwords in ${seconds.toFixed(1)} s: ${answers.filter((a) => a.status === 400).length} × 400, ${answers.filter((a) => a.status === 429).length} × 429`);

    expect(answers.slice(0, 5).map((a) => a.body.error_code)).toEqual(Array(5).fill('invalid_credentials'));
    for (const answer of answers.slice(5)) expect(isGoTrueTooManyRequests(answer, 60), JSON.stringify(answer)).toBe(true);
    // Locked: even the right password waits, or guessing would go on.
    expect(isGoTrueTooManyRequests(await auth.signIn(email, PASSWORD), 60)).toBe(true);
  });

  it('treats an address without an account exactly the same, so the lock reveals nothing', async () => {
    const known = uniqueEmail('known');
    await insertPasswordUser(product.pool, known, passwordHash);
    const [knownAnswers, unknownAnswers] = await Promise.all([guess(auth, known, 9), guess(auth, uniqueEmail('nobody'), 9)]);
    const shape = (answers: AuthResponse[]) => answers.map((a) => [a.status, a.body.error_code, String(a.body.msg).replace(/\d+/g, 'N'), a.retryAfter === null]);
    expect(shape(unknownAnswers)).toEqual(shape(knownAnswers));
  });

  it('leaves other accounts alone: a person whose address is not under attack signs in', async () => {
    const email = uniqueEmail();
    await insertPasswordUser(product.pool, email, passwordHash);
    expect((await auth.signIn(email, PASSWORD)).status).toBe(200);
  });
});

describe('the per-IP and per-email counters (AUTH_RATE_LIMIT_PER_IP=5, AUTH_RATE_LIMIT_PER_EMAIL=2, lock off)', () => {
  let product: TestProduct;
  let auth: AuthClient;

  beforeAll(async () => {
    product = await startTestProduct({
      CRM_SANDBOX: 'off',
      SYNC_WORKERS: 'off',
      AUTH_RATE_LIMIT_PER_IP: '5',
      AUTH_RATE_LIMIT_PER_EMAIL: '2',
      AUTH_RATE_LIMIT_REFRESH_PER_IP: '3',
      AUTH_LOCKOUT_AFTER_FAILURES: '0',
    });
    auth = createAuthClient(product);
  });
  afterAll(async () => {
    await product?.close();
  });

  it('limits one address to 2 attempts a window, sign-ups included and however it is spelled, and one client to 5 across addresses', async () => {
    const email = uniqueEmail();
    await insertPasswordUser(product.pool, email, passwordHash);
    expect((await auth.signIn(email, 'wrong password')).status).toBe(400);
    expect((await auth.signUp(` ${email}`, 'another password')).status).toBe(200);
    const third = await auth.signIn(email.toUpperCase(), PASSWORD);
    expect(isGoTrueTooManyRequests(third, 60), JSON.stringify(third)).toBe(true);

    // Two more addresses fill this client's 5; the sixth attempt, a sign-up, is refused.
    for (let i = 0; i < 2; i++) expect((await auth.signIn(uniqueEmail(), 'wrong password')).status).toBe(400);
    const sixth = await auth.signUp(uniqueEmail(), PASSWORD);
    expect(isGoTrueTooManyRequests(sixth, 60), JSON.stringify(sixth)).toBe(true);
  });

  it('limits refreshes per client IP on their own counter', async () => {
    const answers: AuthResponse[] = [];
    for (let i = 0; i < 4; i++) answers.push(await auth.refresh(`not-a-token-${i}`));
    expect(answers.slice(0, 3).map((a) => a.body.error_code)).toEqual(Array(3).fill('refresh_token_not_found'));
    expect(isGoTrueTooManyRequests(answers[3]!, 60)).toBe(true);
  });
});

describe('the lock (AUTH_LOCKOUT_AFTER_FAILURES=3, AUTH_LOCKOUT_SECONDS=2, AUTH_LOCKOUT_MAX_SECONDS=8)', () => {
  let product: TestProduct;
  let auth: AuthClient;

  beforeAll(async () => {
    product = await startTestProduct({
      CRM_SANDBOX: 'off',
      SYNC_WORKERS: 'off',
      AUTH_RATE_LIMIT_PER_IP: '0',
      AUTH_RATE_LIMIT_PER_EMAIL: '0',
      AUTH_LOCKOUT_AFTER_FAILURES: '3',
      AUTH_LOCKOUT_SECONDS: '2',
      AUTH_LOCKOUT_MAX_SECONDS: '8',
    });
    auth = createAuthClient(product);
  });
  afterAll(async () => {
    await product?.close();
  });

  /**
   * The lock and the failure count are judged on the database's clock against the row's
   * locked_until and last_failure_at: moving both back by `seconds` is, for this code, exactly
   * those seconds passing (the only other state, the rate limits, is off in this product).
   */
  async function letTimePass(seconds: number): Promise<void> {
    await product.pool.query(
      `update local_auth.sign_in_failures
          set locked_until = locked_until - make_interval(secs => $1), last_failure_at = last_failure_at - make_interval(secs => $1)`,
      [seconds],
    );
  }

  it('locks after 3 failures, unlocks when the lock ends, grows with each further failure, and forgets after a success', async () => {
    const email = uniqueEmail();
    await insertPasswordUser(product.pool, email, passwordHash);

    expect((await guess(auth, email, 3)).map((a) => a.status)).toEqual([400, 400, 400]);
    const locked = await auth.signIn(email, PASSWORD);
    expect(isGoTrueTooManyRequests(locked, 2), JSON.stringify(locked)).toBe(true);

    await letTimePass(2.5);
    // The fourth failure doubles the lock: 4 s, of which (on a busy machine) a moment has passed.
    expect((await auth.signIn(email, 'wrong password 4')).status).toBe(400);
    const longer = await auth.signIn(email, PASSWORD);
    expect(isGoTrueTooManyRequests(longer, 4), JSON.stringify(longer)).toBe(true);
    expect(Number(longer.retryAfter)).toBeGreaterThan(2);

    await letTimePass(4.5);
    expect((await auth.signIn(email, PASSWORD)).status).toBe(200);
    // The success cleared the count: the next failure locks nothing.
    expect((await auth.signIn(email, 'wrong password 5')).status).toBe(400);
    expect((await auth.signIn(email, PASSWORD)).status).toBe(200);
  });
});

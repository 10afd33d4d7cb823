import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { createAuthClient, insertPasswordUser, PASSWORD, uniqueEmail, type AuthClient } from './auth-test-client';

/**
 * Issue 13's soak: 2,000 wrong passwords from 20 simulated clients while a real person signs
 * in. The clients all come from this machine's loopback address (X-Forwarded-For would only be
 * believed from a trusted proxy, so faking it would prove nothing), so the per-IP limit is
 * turned off here and each client guesses at its own address — half of them with an account,
 * half without. Everything else is at its defaults: the per-email limit, the lock, the hashing
 * bound and its lines. None of the guesses may succeed, none may get a 5xx, and the person gets in each time.
 */
const CLIENTS = 20;
const GUESSES_PER_CLIENT = 100;
/** The person's own attempts, quiet ones first, stay under the per-email limit (10 a minute). */
const QUIET_SIGN_INS = 3;
const PERSON_SIGN_INS = 6;

let product: TestProduct;
let auth: AuthClient;

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', AUTH_RATE_LIMIT_PER_IP: '0' }, { passwordCost: 'production' });
  auth = createAuthClient(product);
});
afterAll(async () => {
  await product?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('2,000 wrong passwords from 20 clients', () => {
  it('none succeeds, none gets a 5xx, and a real person still signs in meanwhile', { timeout: 120_000 }, async () => {
    const passwordHash = await hashPassword(PASSWORD);
    const person = uniqueEmail('person');
    await insertPasswordUser(product.pool, person, passwordHash);
    const targets = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const email = uniqueEmail(`target-${i}`);
        if (i % 2 === 0) await insertPasswordUser(product.pool, email, passwordHash);
        return email;
      }),
    );

    // The same sign-in on a quiet server, on this machine as it is now: the yardstick for the rest.
    const quiet: number[] = [];
    for (let i = 0; i < QUIET_SIGN_INS; i++) {
      const t = Date.now();
      expect((await auth.signIn(person, PASSWORD)).status).toBe(200);
      quiet.push(Date.now() - t);
    }
    const quietMs = median(quiet);

    const statuses = new Map<number, number>();
    let isAttackOver = false;
    let firstAnswers = 0;
    let onEveryFirstAnswer!: () => void;
    const everyClientAnswered = new Promise<void>((resolve) => (onEveryFirstAnswer = resolve));
    const started = Date.now();
    const attack = Promise.all(
      targets.map(async (email, client) => {
        for (let i = 0; i < GUESSES_PER_CLIENT; i++) {
          const { status } = await auth.signIn(email, `guess ${client}-${i}`);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (i === 0 && ++firstAnswers === CLIENTS) onEveryFirstAnswer();
        }
      }),
    ).finally(() => {
      isAttackOver = true;
    });

    // The clients' first attempts are, to the server, 20 people signing in at once, and are
    // served as such; the person comes in once each client is guessing on.
    const personLatencies: number[] = [];
    const personStatuses: number[] = [];
    await everyClientAnswered;
    for (let i = 0; i < PERSON_SIGN_INS && !isAttackOver; i++) {
      const t = Date.now();
      personStatuses.push((await auth.signIn(person, PASSWORD)).status);
      personLatencies.push(Date.now() - t);
      await sleep(1_500);
    }
    await attack;
    const seconds = (Date.now() - started) / 1000;

    const summary = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${count} × ${status}`).join(', ');
    const sorted = [...personLatencies].sort((a, b) => a - b);
    const checked = statuses.get(400) ?? 0;
    console.log(
      `soak: ${CLIENTS * GUESSES_PER_CLIENT} wrong passwords from ${CLIENTS} clients in ${seconds.toFixed(1)} s: ${summary}. ` +
        `The person signed in ${personLatencies.length} times meanwhile: ${personStatuses.join(', ')}; ` +
        `latency min ${sorted[0]} ms, median ${median(sorted)} ms, max ${sorted.at(-1)} ms ` +
        `(median ${quietMs} ms on the quiet server). ${checked} guesses were checked against a password at all.`,
    );

    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(CLIENTS * GUESSES_PER_CLIENT);
    expect(statuses.get(200) ?? 0).toBe(0);
    expect([...statuses.keys()].every((status) => status === 400 || status === 429)).toBe(true);
    // Most guesses never reach scrypt: at most ten an address (the per-email limit; the lock
    // usually stops them at five), where every guess used to be checked.
    expect(checked).toBeLessThanOrEqual(CLIENTS * 10);
    // Not starved: a person queued behind the flood would get one answer, after it ended. Two
    // answers while guessing goes on prove the slot kept for them works. Their latency is
    // printed above, never asserted: a loaded machine stretches it without anything being wrong.
    expect(personLatencies.length).toBeGreaterThanOrEqual(2);
    expect(personStatuses.every((status) => status === 200)).toBe(true);
  });
});

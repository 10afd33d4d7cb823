import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDecoyHash, hashPassword, needsRehash, verifyPassword } from '../../src/auth/password-hash';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { createAuthClient, insertPasswordUser, PASSWORD, uniqueEmail, type AuthClient } from './auth-test-client';

/**
 * Issue 13, finding 1: passwords are hashed at OWASP's current scrypt parameters (N=2^17, r=8,
 * p=1), and hashes stored at the old ones (N=2^15) are replaced at the next successful sign-in.
 */
const CURRENT = 'scrypt$131072$8$1$';

/** A hash as the previous release stored it: scrypt N=2^15, r=8, p=1. */
function hashAsBefore(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFKC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), hash.toString('base64')].join('$');
}

let product: TestProduct;
let auth: AuthClient;

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off' }, { passwordCost: 'production' });
  auth = createAuthClient(product);
});
afterAll(async () => {
  await product?.close();
});

async function storedHash(userId: string): Promise<string> {
  const { rows } = await product.pool.query<{ encrypted_password: string }>('select encrypted_password from auth.users where id = $1', [userId]);
  return rows[0]!.encrypted_password;
}

describe('password hashes', () => {
  it('are made at N=2^17, r=8, p=1, the decoy for unknown addresses included', async () => {
    const hash = await hashPassword(PASSWORD);
    expect(hash.startsWith(CURRENT)).toBe(true);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(needsRehash(hash)).toBe(false);
    expect((await getDecoyHash()).startsWith(CURRENT)).toBe(true);
  });

  it('stored at N=2^15 still verify, and are replaced at N=2^17 by the next successful sign-in', async () => {
    const email = uniqueEmail();
    const old = hashAsBefore(PASSWORD);
    const userId = await insertPasswordUser(product.pool, email, old);

    // A wrong password changes nothing.
    expect((await auth.signIn(email, 'not the password')).status).toBe(400);
    expect(await storedHash(userId)).toBe(old);

    expect((await auth.signIn(email, PASSWORD)).status).toBe(200);
    const upgraded = await storedHash(userId);
    expect(upgraded.startsWith(CURRENT)).toBe(true);
    expect(await verifyPassword(PASSWORD, upgraded)).toBe(true);

    // The new hash is the one in use: the password still works, and is not rehashed again.
    expect((await auth.signIn(email, PASSWORD)).status).toBe(200);
    expect(await storedHash(userId)).toBe(upgraded);
  });

  it('with parameters out of range (a corrupt row) refuse the password rather than run away', async () => {
    const huge = ['scrypt', 2 ** 24, 8, 1, randomBytes(16).toString('base64'), randomBytes(32).toString('base64')].join('$');
    expect(await verifyPassword(PASSWORD, huge)).toBe(false);
    const email = uniqueEmail();
    await insertPasswordUser(product.pool, email, huge);
    expect((await auth.signIn(email, PASSWORD)).body.error_code).toBe('invalid_credentials');
  });
});

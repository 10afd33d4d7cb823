import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt at OWASP's current recommendation (N=2^17, r=8, p=1: 128 MiB and a few hundred ms per
 * hash), stored as `scrypt$N$r$p$salt$hash` so that the cost can rise later: a stored hash with
 * other parameters still verifies, and `needsRehash` says to replace it at the next sign-in.
 */
export const PASSWORD_HASH_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
// Stored parameters come from the database; anything beyond these is corrupt, not a stronger hash.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export type ScryptParams = { N: number; r: number; p: number };
type StoredHash = ScryptParams & { salt: Buffer; hash: Buffer };

function derive(password: string, salt: Buffer, options: ScryptOptions & { N: number; r: number }): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node refuses more than maxmem, so allow that with room to spare.
  const maxmem = 256 * options.N * options.r;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export type PasswordHashing = {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** True when a stored hash was made with other parameters than these: rehash it once the password is known. */
  needsRehash(stored: string): boolean;
  /**
   * A hash of nothing at these parameters, verified when the email is unknown so that timing
   * does not reveal who has an account. Computed once; call it at start-up so the first unknown
   * email does not pay for two hashes.
   */
  decoyHash(): Promise<string>;
};

/**
 * Hashing at the given cost. Production uses PASSWORD_HASH_PARAMS; the test product lowers N,
 * since every test account would otherwise pay 128 MiB and a few hundred ms of scrypt.
 */
export function createPasswordHashing(params: ScryptParams = PASSWORD_HASH_PARAMS): PasswordHashing {
  const { N, r, p } = params;
  let decoy: Promise<string> | undefined;
  const hashing: PasswordHashing = {
    async hash(password) {
      const salt = randomBytes(16);
      const hash = await derive(password, salt, { N, r, p });
      return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
    },
    async verify(password, stored) {
      const parsed = parseStoredHash(stored);
      if (!parsed) return false;
      const actual = await derive(password, parsed.salt, { N: parsed.N, r: parsed.r, p: parsed.p });
      return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
    },
    needsRehash(stored) {
      const parsed = parseStoredHash(stored);
      return !parsed || parsed.N !== N || parsed.r !== r || parsed.p !== p;
    },
    decoyHash() {
      decoy ??= hashing.hash(randomBytes(16).toString('hex'));
      return decoy;
    },
  };
  return hashing;
}

const productionHashing = createPasswordHashing();
export const hashPassword = productionHashing.hash;
export const verifyPassword = productionHashing.verify;
export const needsRehash = productionHashing.needsRehash;
export const getDecoyHash = productionHashing.decoyHash;

function parseStoredHash(stored: string): StoredHash | undefined {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash || rest.length > 0) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const isPowerOfTwo = Number.isInteger(params.N) && params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!isPowerOfTwo || params.N > MAX_N) return undefined;
  if (!Number.isInteger(params.r) || params.r < 1 || params.r > MAX_R || !Number.isInteger(params.p) || params.p < 1 || params.p > MAX_P) return undefined;
  return { ...params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

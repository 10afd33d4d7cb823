import { createHash, timingSafeEqual } from 'node:crypto';

/** A PKCE challenge as the authorize request sent it (RFC 7636 §4.3). */
export type PkceChallenge = { challenge: string; method: 'S256' | 'plain' };

// RFC 7636 §4.1–4.2: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~], for verifier and challenge alike.
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Reads `code_challenge` / `code_challenge_method` from an authorize request. No challenge means
 * no PKCE for that code; a malformed one is an error the caller reports its own way.
 */
export function readPkceChallenge(challenge: string | undefined, method: string | undefined): PkceChallenge | null | 'invalid' {
  if (challenge === undefined || challenge === '') return method ? 'invalid' : null;
  // RFC 7636 §4.3: the method defaults to plain.
  const resolved = method === undefined || method === '' ? 'plain' : method;
  if (resolved !== 'S256' && resolved !== 'plain') return 'invalid';
  if (!PKCE_VALUE.test(challenge)) return 'invalid';
  return { challenge, method: resolved };
}

/**
 * The token endpoint's check (RFC 7636 §4.6): a code issued with a challenge needs the verifier
 * that produces it; a code issued without one must not come with a verifier either (RFC 9700
 * §2.1.1, so a client cannot be downgraded unnoticed).
 */
export function isPkceSatisfied(pkce: PkceChallenge | null, verifier: string | undefined): boolean {
  const given = verifier === '' ? undefined : verifier;
  if (pkce === null) return given === undefined;
  if (given === undefined || !PKCE_VALUE.test(given)) return false;
  const derived = pkce.method === 'S256' ? createHash('sha256').update(given).digest('base64url') : given;
  const expected = Buffer.from(pkce.challenge);
  const actual = Buffer.from(derived);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

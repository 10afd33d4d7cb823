import { createHash, randomBytes } from 'node:crypto';

export type PkcePair = { verifier: string; challenge: string };

/**
 * A PKCE pair (RFC 7636): a 43-character verifier from 32 random bytes, and its S256 challenge
 * BASE64URL(SHA-256(verifier)). The challenge goes on the authorize URL, the verifier stays
 * with the server-side state until the token exchange, so a code that leaks from the redirect
 * is worthless to anyone else.
 */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: challengeOf(verifier) };
}

export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

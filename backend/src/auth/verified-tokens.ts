import { LRUCache } from 'lru-cache';

/** A verified token is trusted again without verification for at most this long (and never past its `exp`). */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** Tokens remembered per process: the active users of a minute; the least recently used go first. */
const MAX_TOKENS = 5_000;

/**
 * Verification of a bearer token, remembered per token. A browser or service sends the same access
 * token with every request until it refreshes it, and its signature check (WebCrypto's HMAC, or
 * ES256 against the JWKS) cost about 0.75 ms of CPU per request, a fifth of the API's own time over
 * the service's (bench/contacts-api/profile-api.ts). The same bytes verify the same way until they
 * expire, so a success is kept under the exact token for a minute at most, never past `expiresAt`.
 * Failures are not kept: a bad token costs its verification every time, as before. What a minute
 * of memory costs: a signing key removed from the JWKS stops its tokens within a minute, not at once.
 */
export function rememberVerifiedTokens<T extends object>(verify: (token: string) => Promise<T>, expiresAt: (verified: T) => number): (token: string) => Promise<T> {
  // The cache bounds the memory; each entry carries its own deadline on the wall clock.
  const verified = new LRUCache<string, { result: T; until: number }>({ max: MAX_TOKENS });
  return async (token) => {
    const known = verified.get(token);
    if (known && Date.now() < known.until) return known.result;
    const result = Object.freeze(await verify(token));
    const until = Math.min(Date.now() + VERIFIED_TOKEN_TTL_MS, expiresAt(result));
    if (until > Date.now()) verified.set(token, { result, until });
    else verified.delete(token);
    return result;
  };
}

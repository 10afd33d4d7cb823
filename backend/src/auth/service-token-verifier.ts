import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeJwt } from 'jose';
import { AppError } from '../http/app-error';
import { createSignatureVerifier, type TokenVerifierOptions } from './token-verifier';

/**
 * Another VoiceAgent service, authenticated by Supabase's service_role key or one of
 * SERVICE_API_KEYS. `keyId` names which, for logs and the activity log, without revealing it:
 * 'service_role', or `api_key:` and the first 12 hex digits of the key's sha256.
 */
export type ServiceCaller = { via: 'service_role' | 'api_key'; keyId: string };

/** The service a bearer token proves; null when the token is not a service token (a user's, or junk). */
export type ServiceTokenVerifier = (token: string) => Promise<ServiceCaller | null>;

export type ServiceTokenVerifierOptions = Pick<TokenVerifierOptions, 'secret' | 'jwksUrl'> & {
  /** sha256 of each configured API key. */
  apiKeyHashes: Buffer[];
};

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/**
 * Recognises service tokens. A JWT whose role claim is service_role (Supabase's service key:
 * `{ iss: 'supabase', role: 'service_role' }`, no audience, no user) is verified with the same
 * secret or JWKS as user tokens; anything else shaped like a JWT is left to the user verifier.
 * Any other bearer value is compared with the API keys.
 */
export function createServiceTokenVerifier(options: ServiceTokenVerifierOptions): ServiceTokenVerifier {
  const verifySigned = createSignatureVerifier(options);

  return async (token) => {
    if (JWT_SHAPE.test(token)) {
      if (readUnverifiedRole(token) !== 'service_role') return null;
      // The role was read before the signature was checked; it counts only once this passes.
      const payload = await verifySigned(token, {});
      if (payload.role !== 'service_role') throw new AppError('unauthorized', 'The access token is invalid');
      return { via: 'service_role', keyId: 'service_role' };
    }
    const keyHash = findConfiguredApiKey(token, options.apiKeyHashes);
    return keyHash ? { via: 'api_key', keyId: `api_key:${keyHash.toString('hex').slice(0, 12)}` } : null;
  };
}

function readUnverifiedRole(token: string): unknown {
  try {
    return decodeJwt(token).role;
  } catch {
    return undefined;
  }
}

/**
 * The configured key's hash the token matches, comparing all of them in constant time: neither a
 * key nor how much of one matched leaks through timing.
 */
function findConfiguredApiKey(token: string, hashes: Buffer[]): Buffer | undefined {
  const presented = createHash('sha256').update(token).digest();
  let found: Buffer | undefined;
  for (const hash of hashes) if (timingSafeEqual(presented, hash)) found ??= hash;
  return found;
}

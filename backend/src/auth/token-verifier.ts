import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../http/app-error';

/** The signed-in user as every request-path query sees them (the claims go to withUser). */
export type AuthenticatedUser = {
  id: string;
  email?: string;
  claims: JWTPayload & { sub: string; role: 'authenticated' };
};

export type TokenVerifier = (token: string) => Promise<AuthenticatedUser>;

export type TokenVerifierOptions = {
  /** HS256 shared secret: Supabase's legacy JWT secret, or the local auth secret. */
  secret?: string;
  /** Supabase's JWKS (asymmetric signing keys): `${SUPABASE_URL}/auth/v1/.well-known/jwks.json`. */
  jwksUrl?: URL;
  audience: string;
  issuer?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies access tokens locally — signature, expiry, audience, role — the way Supabase's own
 * services do, so no request costs a round trip to the auth server.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const secret = options.secret ? new TextEncoder().encode(options.secret) : undefined;
  const jwks = options.jwksUrl ? createRemoteJWKSet(options.jwksUrl) : undefined;
  if (!secret && !jwks) throw new Error('createTokenVerifier needs a secret or a JWKS URL');
  const verifyOptions = { audience: options.audience, issuer: options.issuer, clockTolerance: 5 };

  return async (token) => {
    let payload: JWTPayload;
    try {
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256' && secret) {
        ({ payload } = await jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] }));
      } else if (jwks && alg !== 'HS256') {
        ({ payload } = await jwtVerify(token, jwks, { ...verifyOptions, algorithms: ['ES256', 'RS256', 'EdDSA'] }));
      } else {
        throw new AppError('unauthorized', `Tokens signed with ${alg ?? 'no algorithm'} are not accepted`);
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) throw new AppError('unauthorized', 'The access token has expired');
      throw new AppError('unauthorized', 'The access token is invalid');
    }
    if (payload.role !== 'authenticated') throw new AppError('unauthorized', 'The access token is not a signed-in user’s token');
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) throw new AppError('unauthorized', 'The access token names no user');
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    return { id: payload.sub, email, claims: { ...payload, sub: payload.sub, role: 'authenticated' } };
  };
}

import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../http/app-error';
import { rememberVerifiedTokens } from './verified-tokens';

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

/** Seconds a token's exp and nbf may be off by: clocks of the issuer and of this server differ a little. */
const CLOCK_TOLERANCE_SECONDS = 5;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies access tokens locally — signature, expiry, audience, role — the way Supabase's own
 * services do, so no request costs a round trip to the auth server. A user's token must carry
 * `exp`: one without would be good forever, and neither Supabase nor local mode issues such tokens.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const verifySigned = createSignatureVerifier(options);
  const claimOptions = { audience: options.audience, issuer: options.issuer, requiredClaims: ['exp'] };

  const verify = async (token: string): Promise<AuthenticatedUser> => {
    const payload = await verifySigned(token, claimOptions);
    if (payload.role !== 'authenticated') throw new AppError('unauthorized', 'The access token is not a signed-in user’s token');
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) throw new AppError('unauthorized', 'The access token names no user');
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    // Frozen: one verified user may serve many requests (see rememberVerifiedTokens).
    return { id: payload.sub, email, claims: Object.freeze({ ...payload, sub: payload.sub, role: 'authenticated' as const }) };
  };
  // exp is required above; jose accepts it up to the clock tolerance late.
  return rememberVerifiedTokens(verify, (user) => (user.claims.exp! + CLOCK_TOLERANCE_SECONDS) * 1000);
}

/**
 * Checks a token's signature (the same secret or JWKS as user tokens) and expiry, plus the
 * audience and issuer when given. Every failure is a 401.
 */
export function createSignatureVerifier(options: Pick<TokenVerifierOptions, 'secret' | 'jwksUrl'>) {
  const secret = options.secret ? new TextEncoder().encode(options.secret) : undefined;
  const jwks = options.jwksUrl ? createRemoteJWKSet(options.jwksUrl) : undefined;
  if (!secret && !jwks) throw new Error('createTokenVerifier needs a secret or a JWKS URL');

  return async (token: string, claims: { audience?: string; issuer?: string; requiredClaims?: string[] }): Promise<JWTPayload> => {
    const verifyOptions = { ...claims, clockTolerance: CLOCK_TOLERANCE_SECONDS };
    try {
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256' && secret) return (await jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] })).payload;
      if (jwks && alg !== 'HS256') return (await jwtVerify(token, jwks, { ...verifyOptions, algorithms: ['ES256', 'RS256', 'EdDSA'] })).payload;
      throw new AppError('unauthorized', `Tokens signed with ${alg ?? 'no algorithm'} are not accepted`);
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) throw new AppError('unauthorized', 'The access token has expired');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'exp') throw new AppError('unauthorized', 'The access token has no expiry (exp)');
      throw new AppError('unauthorized', 'The access token is invalid');
    }
  };
}

import { hkdfSync } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { TEventTicket } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { AppError } from '../http/app-error';

/** How long a ticket opens a stream: enough for the browser to connect, too short to be worth stealing. */
export const EVENT_TICKET_TTL_SECONDS = 60;

// Tickets are tokens of their own kind: this audience keeps them from passing as access tokens
// anywhere else, and an access token from passing as a ticket.
const TICKET_AUDIENCE = 'voiceagent:live-events';
const TICKET_ISSUER = 'voiceagent-api';

export type EventTickets = {
  issue(user: AuthenticatedUser): Promise<TEventTicket>;
  /** The user a ticket was issued to; 401 when it is forged, expired or not a ticket. */
  verify(ticket: string): Promise<AuthenticatedUser>;
};

/**
 * Signed, stateless tickets (HS256 JWTs with jose, the library the backend checks access tokens
 * with): any API process can check one without a database round trip or shared memory. The key
 * is derived (HKDF) from the CRM token key, which every process of one deployment already shares
 * and which never leaves the server; a separate derivation keeps the two uses apart.
 */
export function createEventTickets(options: { secret: Buffer; audience: string; now?: () => Date }): EventTickets {
  const key = new Uint8Array(hkdfSync('sha256', options.secret, Buffer.alloc(0), 'voiceagent live-events ticket v1', 32));
  const now = options.now ?? (() => new Date());
  return {
    async issue(user) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const expiresAt = issuedAt + EVENT_TICKET_TTL_SECONDS;
      const ticket = await new SignJWT({ email: user.email, act: user.claims.act })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.id)
        .setAudience(TICKET_AUDIENCE)
        .setIssuer(TICKET_ISSUER)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { ticket, expiresAt: new Date(expiresAt * 1000).toISOString() };
    },
    async verify(ticket) {
      try {
        const { payload } = await jwtVerify(ticket, key, {
          algorithms: ['HS256'],
          audience: TICKET_AUDIENCE,
          issuer: TICKET_ISSUER,
          requiredClaims: ['exp', 'sub'],
          currentDate: now(),
          clockTolerance: 5,
        });
        const id = payload.sub!;
        const email = typeof payload.email === 'string' ? payload.email : undefined;
        // The claims the user's own token would carry, so the stream reads under the same policies.
        const claims = { sub: id, role: 'authenticated' as const, aud: options.audience, email, ...(payload.act ? { act: payload.act } : {}) };
        return { id, email, claims };
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new AppError('unauthorized', 'The event ticket has expired: ask POST /api/v1/events/tickets for a new one');
        throw new AppError('unauthorized', 'The event ticket is invalid');
      }
    },
  };
}

import type { AuthenticatedUser } from '../auth/token-verifier';

/** Who acted for the activity log: a service token acting for the user carries RFC 8693's `act` claim. */
export function auditActorOf(user: AuthenticatedUser): 'user' | 'service' {
  return user.claims.act === undefined ? 'user' : 'service';
}

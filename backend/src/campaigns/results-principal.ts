import type { AuthenticatedUser } from '../auth/token-verifier';

/**
 * Who reports call results: a user, signed in or acted for by a service token (which requireUser
 * turns into that user's claims). A principal that is not a user — say, a
 * service acting for every campaign it runs — becomes a second kind here, and
 * CRMCampaignService's `actAs` decides whose rows it may touch; the routes do not change.
 */
export type ResultsPrincipal = { kind: 'user'; user: AuthenticatedUser };

/** The principal of a request that requireUser authenticated. */
export function resolveResultsPrincipal(user: AuthenticatedUser): ResultsPrincipal {
  return { kind: 'user', user };
}

import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../http/app-error';
import { ACTING_USER_HEADER, type ActingUserFinder } from './acting-user';
import type { ServiceCaller, ServiceTokenVerifier } from './service-token-verifier';
import type { AuthenticatedUser, TokenVerifier } from './token-verifier';

const users = new WeakMap<Request, AuthenticatedUser>();

export type RequireUserOptions = {
  verifyToken: TokenVerifier;
  /** Service tokens acting for a user; without it only user tokens are accepted. */
  service?: {
    verifyToken: ServiceTokenVerifier;
    findUser: ActingUserFinder;
    audience: string;
    /** Told of each request a service makes for a user (the activity log keeps one entry per key and hour). */
    onActing?: (event: { userId: string; keyId: string; ip: string | null }) => Promise<void>;
  };
  /** Refuses a user's own token once they are banned or deleted; without it tokens count until they expire. */
  findUser?: ActingUserFinder;
  /** One GET route (by its full path) that also takes `?ticket=` in place of the header: the event stream, for EventSource. */
  ticket?: { path: string; verify: (ticket: string) => Promise<AuthenticatedUser> };
};

const ZActingUserId = z.uuid();

/**
 * Rejects requests without a valid `Authorization: Bearer <token>` with a 401. The token is a
 * user's access token, or a service token together with `X-VoiceAgent-User-Id`, after which
 * the request runs as that user (the same claims, so the same row-level security).
 */
export function createRequireUser(options: RequireUserOptions): RequestHandler {
  return async (req, _res, next) => {
    const ticketUser = await verifyTicket(req, options);
    if (ticketUser) {
      if ((await options.findUser?.(ticketUser.id))?.isDisabled) throw disabledUser();
      users.set(req, ticketUser);
      return next();
    }
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('unauthorized', 'Sign in first: this endpoint needs an Authorization: Bearer <access token> header');
    const token = match[1];
    const actingUserId = req.get(ACTING_USER_HEADER);

    const service = options.service ? await options.service.verifyToken(token) : null;
    if (service && options.service) {
      const user = await actAsUser(service, actingUserId, options.service);
      users.set(req, user);
      req.log?.info({ actingUserId, service: service.keyId }, 'service request on behalf of a user');
      await options.service.onActing?.({ userId: user.id, keyId: service.keyId, ip: req.ip ?? null });
    } else {
      const user = await options.verifyToken(token);
      if (actingUserId !== undefined) {
        throw new AppError('service_token_required', `${ACTING_USER_HEADER} is accepted only with a service token; a user's token acts for that user alone`);
      }
      // A user without a row is let through as before (a token of a Supabase project whose
      // users this database does not mirror); one whose row says banned or deleted is not.
      if ((await options.findUser?.(user.id))?.isDisabled) throw disabledUser();
      users.set(req, user);
    }
    next();
  };
}

/** The ticket's user where the route takes one, the request has no Authorization header and names a ticket; undefined otherwise. */
async function verifyTicket(req: Request, options: RequireUserOptions): Promise<AuthenticatedUser | undefined> {
  const ticket = (req.query as Record<string, unknown>).ticket;
  if (!options.ticket || req.get('authorization') !== undefined || typeof ticket !== 'string') return undefined;
  if (req.method !== 'GET' || `${req.baseUrl}${req.path}` !== options.ticket.path) return undefined;
  return options.ticket.verify(ticket);
}

async function actAsUser(
  service: ServiceCaller,
  actingUserId: string | undefined,
  deps: NonNullable<RequireUserOptions['service']>,
): Promise<AuthenticatedUser> {
  if (actingUserId === undefined) {
    throw new AppError('acting_user_required', `A service token must name the user it acts for in the ${ACTING_USER_HEADER} header`);
  }
  if (!ZActingUserId.safeParse(actingUserId).success) {
    throw new AppError('validation_failed', `Invalid header: ${ACTING_USER_HEADER}`, {
      issues: [{ field: ACTING_USER_HEADER, message: 'a user id (uuid)' }],
    });
  }
  const user = await deps.findUser(actingUserId);
  if (!user) throw new AppError('acting_user_not_found', `No user has the id in ${ACTING_USER_HEADER}`);
  if (user.isDisabled) throw disabledUser();
  // The claims the user's own token would carry, plus RFC 8693's `act`: who acts for them.
  const claims = { sub: user.id, role: 'authenticated' as const, aud: deps.audience, email: user.email, act: { sub: `service:${service.via}` } };
  return { id: user.id, email: user.email, claims };
}

function disabledUser(): AppError {
  return new AppError('forbidden', 'This user is banned or deleted');
}

/** The user that `requireUser` verified for this request (or that a service acts for). */
export function getUser(req: Request): AuthenticatedUser {
  const user = users.get(req);
  if (!user) throw new AppError('unauthorized', 'This request is not signed in');
  return user;
}

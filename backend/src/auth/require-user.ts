import type { Request, RequestHandler } from 'express';
import { AppError } from '../http/app-error';
import type { AuthenticatedUser, TokenVerifier } from './token-verifier';

const users = new WeakMap<Request, AuthenticatedUser>();

/** Rejects requests without a valid `Authorization: Bearer <access token>` with a 401. */
export function createRequireUser(verify: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('unauthorized', 'Sign in first: this endpoint needs an Authorization: Bearer <access token> header');
    users.set(req, await verify(match[1]));
    next();
  };
}

/** The user that `requireUser` verified for this request. */
export function getUser(req: Request): AuthenticatedUser {
  const user = users.get(req);
  if (!user) throw new AppError('unauthorized', 'This request is not signed in');
  return user;
}

import type { RequestHandler } from 'express';
import { loseResponse } from '../common/lose-response';
import type { OriginRole, SalesforceSandboxState } from './sandbox-state';

const BAD_GATEWAY = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

/** The fault injector's scope key of an origin: the org id for an instance, 'login' or 'test' for the login hosts. */
export function scopeKeyOf(role: OriginRole): string {
  return role.kind === 'instance' ? role.org.id : role.kind;
}

/**
 * Applies injected faults before anything else runs, with the bodies Salesforce sends: 503
 * SERVER_UNAVAILABLE, 500 UNKNOWN_EXCEPTION, 429 REQUEST_LIMIT_EXCEEDED (a concurrency limit),
 * and an HTML 502 from the load balancer in front.
 */
export function applyFaults(state: SalesforceSandboxState, role: OriginRole): RequestHandler {
  const scope = scopeKeyOf(role);
  return (req, res, next) => {
    if (req.path.startsWith('/_admin')) return next();
    const decision = state.faults.decide(scope, req.originalUrl.split('?')[0] ?? '/');
    if (decision.latencyMs === 0 && !decision.action) return next();
    const act = () => {
      const action = decision.action;
      if (!action) return next();
      if (action.kind === 'reset') return void req.socket.destroy();
      if (action.kind === 'hang') return;
      if (action.kind === 'lose-response') return loseResponse(req, res, next);
      if (action.status === 503) return void res.status(503).json([{ message: 'Server temporarily unavailable. Please try again later.', errorCode: 'SERVER_UNAVAILABLE' }]);
      if (action.status === 500) return void res.status(500).json([{ message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1717171717-00000 (-1)', errorCode: 'UNKNOWN_EXCEPTION' }]);
      if (action.status === 429) return void res.status(429).json([{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
      res.status(action.status).type('html').send(BAD_GATEWAY);
    };
    if (decision.latencyMs > 0) setTimeout(act, decision.latencyMs);
    else act();
  };
}

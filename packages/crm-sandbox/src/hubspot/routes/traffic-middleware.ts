import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { loseResponse } from '../../common/lose-response';
import { createRateLimitError, HubSpotError } from '../errors';
import { describeEndpoint } from '../request-monitor';
import type { SandboxState } from '../sandbox-state';

/** Records every API request (never the admin API) in the counters and the request log once it ends. */
export function monitorRequests(state: SandboxState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const at = new Date(state.now()).toISOString();
    res.on('close', () => {
      const portal = (res.locals as { portal?: { id: number } }).portal;
      state.monitor.record({
        at,
        method: req.method,
        endpoint: describeEndpoint(req.path),
        // A reset or a client that gave up never got a status line.
        status: res.headersSent ? res.statusCode : 0,
        durationMs: Math.round(performance.now() - started),
        portalId: portal?.id ?? null,
        fault: (res.locals as { fault?: string }).fault ?? null,
      });
    });
    next();
  };
}

/**
 * Applies the fault rules before anything else sees the request: added latency, an error
 * status, a dropped connection or no answer at all. 502 and 503 come as HTML, as they would
 * from the load balancer in front of HubSpot, so clients must not assume JSON.
 */
export function injectFaults(state: SandboxState): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const plan = state.faults.plan(req.path);
    if (plan.latencyMs > 0) {
      res.locals.fault = 'latency';
      await sleep(plan.latencyMs);
    }
    const action = plan.action;
    if (action === null) return next();
    res.locals.fault = action.kind === 'status' ? `status:${action.status}` : action.kind;
    if (action.kind === 'reset') return void req.socket.destroy();
    if (action.kind === 'hang') return;
    if (action.kind === 'lose-response') return loseResponse(req, res, next);
    if (action.status === 429) throw createRateLimitError('TEN_SECONDLY_ROLLING');
    if (action.status === 500) throw new HubSpotError(500, { status: 'error', message: 'internal error', correlationId: randomUUID(), category: 'INTERNAL_ERROR' });
    const title = action.status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
    res.status(action.status).type('html').send(`<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>`);
  };
}

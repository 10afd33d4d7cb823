import type { RequestHandler } from 'express';
import { loseResponse } from '../common/lose-response';
import type { ZohoSandboxState } from './sandbox-state';
import type { ZohoDataCentre } from './types';
import { ZohoErrors, sendZohoError } from './zoho-errors';

const GATEWAY_PAGES: Record<number, string> = {
  502: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
  503: '<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
};

/**
 * Applies injected faults before the handler runs. 429 and 500 carry Zoho's JSON bodies; 502
 * and 503 come from a gateway as HTML, as they would in front of the real service.
 */
export function applyFaults(state: ZohoSandboxState): RequestHandler {
  return (req, res, next) => {
    const dataCentre = (res.locals as { dataCentre: ZohoDataCentre }).dataCentre;
    const decision = state.faults.decide(dataCentre.location, zohoPathOf(req.originalUrl, dataCentre.location));
    if (decision.latencyMs === 0 && !decision.action) return next();
    if (decision.action) state.counters.faultsInjected++;
    const act = () => {
      const action = decision.action;
      if (!action) return next();
      if (action.kind === 'reset') return void req.socket.destroy();
      // A hung request is left open; the client's timeout or the server's close ends it.
      if (action.kind === 'hang') return;
      if (action.kind === 'lose-response') return loseResponse(req, res, next);
      if (action.status === 429) return sendZohoError(res, ZohoErrors.tooManyRequests());
      if (action.status === 500) return sendZohoError(res, ZohoErrors.internal());
      res.status(action.status).type('html').send(GATEWAY_PAGES[action.status] ?? '');
    };
    if (decision.latencyMs > 0) setTimeout(act, decision.latencyMs);
    else act();
  };
}

/** The path as Zoho would see it: /crm/v8/... or /oauth/v2/..., without the sandbox's DC prefix. */
export function zohoPathOf(originalUrl: string, location: string): string {
  const prefix = `/dc/${location}`;
  const rest = originalUrl.startsWith(prefix) ? originalUrl.slice(prefix.length) : originalUrl;
  return rest.replace(/^\/(accounts|api)(?=\/|$)/, '') || '/';
}

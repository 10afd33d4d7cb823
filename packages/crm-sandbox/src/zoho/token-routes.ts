import express from 'express';
import type { Router } from 'express';
import { accountsServerUrl } from './data-centres';
import { formParams, parseFormBodies } from './form-params';
import type { ZohoSandboxState } from './sandbox-state';
import { exchangeToken } from './token-exchange';
import { baseUrlOf } from './urls';

/** Token, revoke and server-info endpoints of one data centre's accounts server. */
export function tokenRoutes(state: ZohoSandboxState): Router {
  const router = express.Router();
  const dataCentreOf = (locals: Record<string, unknown>) => (locals.dataCentre as { location: string }).location;

  router.post('/oauth/v2/token', ...parseFormBodies, (req, res) => {
    const reply = exchangeToken(state, dataCentreOf(res.locals), formParams(req), baseUrlOf(state, req));
    res.status(reply.status).json(reply.body);
  });

  router.post('/oauth/v2/token/revoke', ...parseFormBodies, (req, res) => {
    const token = formParams(req).token ?? '';
    const refresh = state.tokens.findRefreshToken(token);
    const access = state.tokens.findAccessToken(token);
    const owner = refresh?.dataCentre ?? access?.dataCentre;
    if (owner !== dataCentreOf(res.locals) || !state.tokens.revoke(token)) return void res.status(400).json({ status: 'failure', error: 'invalid_token' });
    res.json({ status: 'success' });
  });

  // Zoho's list of accounts servers by location, for clients that resolve data centres themselves.
  router.get('/oauth/serverinfo', (req, res) => {
    const base = baseUrlOf(state, req);
    res.json({ result: 'success', locations: Object.fromEntries(state.dataCentres.map((dc) => [dc.location, accountsServerUrl(base, dc.location)])) });
  });

  return router;
}

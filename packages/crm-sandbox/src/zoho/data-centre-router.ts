import express from 'express';
import type { ErrorRequestHandler, Router } from 'express';
import { admit, authenticate } from './api-middleware';
import { consentRoutes } from './consent-routes';
import { applyFaults, zohoPathOf } from './fault-middleware';
import { fieldsRoutes } from './fields-routes';
import { customViewsRoutes } from './custom-views-routes';
import { orgRoutes } from './org-routes';
import { recordsRoutes } from './records-routes';
import { endpointOf, redactUrl } from './request-log';
import type { ZohoSandboxState } from './sandbox-state';
import { tokenRoutes } from './token-routes';
import { watchRoutes } from './watch-routes';
import { ZohoErrors, sendZohoError } from './zoho-errors';

/**
 * Everything under /dc/{location}: that data centre's accounts server (/accounts) and API
 * domain (/api). Each request is counted and logged once it closes, whatever answered it.
 */
export function dataCentreRouter(state: ZohoSandboxState): Router {
  const router = express.Router({ mergeParams: true });

  router.use((req, res, next) => {
    const location = (req.params as { location?: string }).location ?? '';
    const dataCentre = state.dataCentre(location);
    if (!dataCentre) return sendZohoError(res, ZohoErrors.invalidUrl());
    res.locals.dataCentre = dataCentre;
    const started = Date.now();
    const zohoPath = zohoPathOf(req.originalUrl, location);
    res.once('close', () => {
      // A response never written means the connection was reset or abandoned.
      const status = res.headersSent ? res.statusCode : 0;
      const endpoint = endpointOf(req.method, zohoPath);
      state.counters.countRequest(endpoint, location, status);
      state.log.push({
        at: new Date(state.now()).toISOString(),
        method: req.method,
        dataCentre: location,
        endpoint,
        path: redactUrl(req.originalUrl),
        status,
        durationMs: Date.now() - started,
      });
    });
    next();
  });

  const accounts = express.Router();
  accounts.use(applyFaults(state));
  accounts.use(consentRoutes(state));
  accounts.use(tokenRoutes(state));
  accounts.use((_req, res) => void res.status(404).json({ error: 'invalid_url' }));
  router.use('/accounts', accounts);

  const api = express.Router();
  api.use(authenticate(state));
  api.use(express.json({ limit: '10mb' }));
  api.use(admit(state));
  api.use(applyFaults(state));
  api.use('/crm/v8', orgRoutes(state));
  // Before the records routes, whose /:module/:id would take /settings/fields.
  api.use('/crm/v8', fieldsRoutes());
  api.use('/crm/v8', customViewsRoutes());
  // Before the records routes, whose /:module/:id would take /actions/watch.
  api.use('/crm/v8', watchRoutes(state));
  api.use('/crm/v8', recordsRoutes(state));
  api.use((_req, res) => sendZohoError(res, ZohoErrors.invalidUrl()));
  api.use(invalidBody);
  router.use('/api', api);

  return router;
}

/** A body that is not JSON gets Zoho's INVALID_DATA "body" error rather than Express's HTML page. */
const invalidBody: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error.type === 'entity.parse.failed') return sendZohoError(res, ZohoErrors.invalidBody());
  if (error.type === 'entity.too.large') return sendZohoError(res, ZohoErrors.limitExceeded({}, 'body size exceeded'));
  sendZohoError(res, ZohoErrors.internal());
};

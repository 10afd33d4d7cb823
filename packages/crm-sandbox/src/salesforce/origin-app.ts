import { performance } from 'node:perf_hooks';
import express from 'express';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { SalesforceSandboxAdmin } from './admin';
import { adminRoutes } from './admin-routes';
import { bulkRoutes } from './bulk-routes';
import { compositeRequestRoutes } from './composite-request-routes';
import { compositeRoutes } from './composite-routes';
import { applyFaults, scopeKeyOf } from './fault-middleware';
import { oauthRoutes } from './oauth-routes';
import type { SalesforceOrg } from './org';
import { orgRoutes } from './org-routes';
import { queryRoutes } from './query-routes';
import { listViewRoutes } from './list-views';
import { describeEndpoint } from './request-monitor';
import { authenticate, checkVersion, meter, sendError } from './rest-support';
import type { OriginRole, SalesforceSandboxState } from './sandbox-state';
import { sobjectRoutes } from './sobject-routes';

/**
 * One origin of the sandbox as an Express app. Every origin serves OAuth; an org's instance
 * origin also serves the REST API; the loginUrl origin also serves the admin API at /_admin.
 */
export function createOriginApp(state: SalesforceSandboxState, role: OriginRole, admin: SalesforceSandboxAdmin): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(monitor(state, role));
  if (role.kind === 'login') app.use('/_admin', adminRoutes(admin));
  app.use(applyFaults(state, role));
  app.use(oauthRoutes(state, role));
  if (role.kind === 'instance') app.use('/services/data', restApi(state, role));
  app.use((_req, res) => void res.status(404).json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]));
  return app;
}

function restApi(state: SalesforceSandboxState, role: Extract<OriginRole, { kind: 'instance' }>): express.Router {
  const failsRecord = (target: SalesforceOrg, path: string, record: unknown) => state.faults.failsRecord(target.id, path, record);
  const api = express.Router({ mergeParams: true });
  api.use(checkVersion, authenticate(state, role), meter(), express.json({ limit: '20mb' }));
  // List views before sobjects, whose /sobjects/:type/:id would take /sobjects/Contact/listviews.
  api.use(queryRoutes(state), listViewRoutes(), sobjectRoutes(state, failsRecord), compositeRoutes(state, failsRecord), compositeRequestRoutes(state), bulkRoutes(state), orgRoutes());
  api.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if ((error as { type?: string }).type === 'entity.parse.failed') return void res.status(400).json([{ errorCode: 'JSON_PARSER_ERROR', message: 'The request body is not valid JSON' }]);
    sendError(res, error);
  });
  const versions = express.Router();
  versions.get('/', (_req, res) => void res.json(['58.0', '59.0', '60.0', '61.0', '62.0', '63.0'].map((version) => ({ label: `v${version}`, url: `/services/data/v${version}`, version }))));
  versions.use('/:version', api);
  return versions;
}

function monitor(state: SalesforceSandboxState, role: OriginRole): RequestHandler {
  const origin = scopeKeyOf(role);
  return (req, res, next) => {
    if (req.path.startsWith('/_admin')) return next();
    const started = performance.now();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      state.monitor.record({
        at: new Date(state.now()).toISOString(),
        method: req.method,
        endpoint: describeEndpoint(req.originalUrl),
        status: res.headersSent ? res.statusCode : 0,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        origin,
      });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}

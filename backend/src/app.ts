import { existsSync } from 'node:fs';
import path from 'node:path';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TPublicConfig } from '@voiceagent/shared';
import { mountAgentsRoutes } from './agents/agents-routes';
import { createAgentsService } from './agents/agents-service';
import { createActingUserFinder } from './auth/acting-user';
import { createRequireUser, getUser } from './auth/require-user';
import type { ServiceTokenVerifier } from './auth/service-token-verifier';
import { createCampaignsRouter } from './campaigns/campaigns-routes';
import type { CRMCampaignService } from './campaigns/crm-campaign-service';
import type { TokenVerifier } from './auth/token-verifier';
import type { AppConfig } from './config';
import { createContactWritesRouter } from './crm/contacts/contact-writes-routes';
import { createContactsRouter } from './crm/contacts/contacts-routes';
import { createCrmCallbackRouter, createCrmRouter, type CrmRoutesDeps } from './crm/crm-routes';
import { createSyncRouter } from './crm/sync/sync-routes';
import type { SyncService } from './crm/sync/sync-service';
import { createHealthRouter } from './health/health-routes';
import { apiNotFound, createErrorHandler } from './http/error-handler';
import { createEndpointRouters } from './http/mount-endpoint';
import { createRateLimits } from './http/rate-limits';
import { createRequestLogging } from './http/request-logging';
import { createMeRouter } from './me/me-routes';
import { buildOpenApiDocument } from './openapi/build-openapi-document';
import { createDocsRouter } from './openapi/docs-routes';
import { createOpenApiRouter } from './openapi/openapi-routes';

export type AppDeps = {
  config: AppConfig;
  pool: Pool;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** Service tokens (service_role JWT, API keys) acting for a user; absent: user tokens only. */
  verifyServiceToken?: ServiceTokenVerifier;
  publicConfig: TPublicConfig;
  crm: Omit<CrmRoutesDeps, 'defaultPhoneRegion'>;
  sync: SyncService;
  campaigns: CRMCampaignService;
  /** Local mode only: the Supabase-compatible /auth/v1 router. */
  localAuthRouter?: express.Router;
};

/** Builds the Express app from its dependencies; no globals, no listening (server.ts does that). */
export function createApp(deps: AppDeps): Express {
  const { config, pool, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(createRequestLogging(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'connect-src': ["'self'", deps.publicConfig.supabaseUrl],
          // Mantine sets style attributes at run time.
          'style-src': ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  const corsForFrontend = cors({ origin: config.frontendUrl, maxAge: 600 });
  app.use(createHealthRouter(pool));

  if (deps.localAuthRouter) app.use('/auth/v1', corsForFrontend, deps.localAuthRouter);

  // Counted before authentication, so that floods of bad tokens are limited too.
  const rateLimits = createRateLimits(config.rateLimit, pool, logger);
  app.use('/api', corsForFrontend, rateLimits.perIp);
  app.use('/api/docs', createDocsRouter());

  const api = express.Router();
  api.use(express.json({ limit: config.jsonBodyLimit }));
  api.get('/config', (_req, res) => {
    res.json(deps.publicConfig);
  });
  api.use(createOpenApiRouter(buildOpenApiDocument({ serverUrl: config.backendUrl })));
  api.use(createCrmCallbackRouter(deps.crm));
  api.use(
    createRequireUser({
      verifyToken: deps.verifyToken,
      service: deps.verifyServiceToken
        ? { verifyToken: deps.verifyServiceToken, findUser: createActingUserFinder(pool), audience: config.auth.audience }
        : undefined,
    }),
  );
  api.use(rateLimits.perUser);
  api.use(createMeRouter(pool));
  api.use(createCrmRouter({ ...deps.crm, defaultPhoneRegion: config.sync.defaultPhoneRegion }));
  api.use(createSyncRouter(deps.sync));
  api.use(createContactsRouter({ pool }));
  api.use(
    createContactWritesRouter({ pool, registry: deps.crm.registry, credentials: deps.crm.credentials, logger, defaultPhoneRegion: config.sync.defaultPhoneRegion }),
  );
  // Behind requireUser and the per-user limit above, as the routers around it.
  const routes = createEndpointRouters({ base: '/api/v1', authenticate: { middleware: [], userOf: getUser } });
  mountAgentsRoutes(routes, createAgentsService({ pool }));
  api.use(routes.router);
  api.use(createCampaignsRouter(deps.campaigns));
  api.use(apiNotFound);
  app.use('/api/v1', api);
  app.use('/api', apiNotFound);

  serveWebApp(app, config.webDistDir);
  app.use(createErrorHandler(logger));
  return app;
}

/** The built SPA, with index.html for every client-side route. */
function serveWebApp(app: Express, distDir: string): void {
  const indexHtml = path.join(distDir, 'index.html');
  app.use(express.static(distDir, { index: false, maxAge: '1h' }));
  app.get(/^(?!\/(api|auth)\/).*/, (_req, res) => {
    if (existsSync(indexHtml)) {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexHtml);
    } else {
      res.status(503).type('text').send(`The web app is not built: run \`pnpm --filter @voiceagent/web build\` (looked in ${distDir}).`);
    }
  });
}

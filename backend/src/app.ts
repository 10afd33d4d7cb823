import { existsSync } from 'node:fs';
import path from 'node:path';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TPublicConfig } from '@voiceagent/shared';
import { mountAgentsRoutes } from './agents/agents-routes';
import { createActingUserFinder } from './auth/acting-user';
import { rememberUserStatus } from './auth/recent-user-status';
import { createRequireUser, getUser } from './auth/require-user';
import type { ServiceTokenVerifier } from './auth/service-token-verifier';
import { mountCampaignsRoutes } from './campaigns/campaigns-routes';
import { mountCallQueueRoutes } from './campaigns/call-queue-routes';
import { mountSuppressionsRoutes } from './suppressions/suppressions-routes';
import { mountCampaignResultsExportRoutes } from './campaigns/campaign-results-export-routes';
import type { TokenVerifier } from './auth/token-verifier';
import type { Services } from './build-services';
import type { AppConfig } from './config';
import { mountContactWritesRoutes } from './crm/contacts/contact-writes-routes';
import { mountContactExportRoutes } from './crm/contacts/export/contact-export-routes';
import { mountContactsRoutes } from './crm/contacts/contacts-routes';
import { mountCrmRoutes } from './crm/crm-routes';
import { mountFieldsRoutes } from './crm/fields/fields-routes';
import { mountSyncRoutes } from './crm/sync/sync-routes';
import { mountWebhookRoutes } from './crm/webhooks/webhook-routes';
import { mountZohoNotificationsRoutes } from './crm/webhooks/zoho-notifications-routes';
import { mountHealthRoutes } from './health/health-routes';
import { apiNotFound, createErrorHandler } from './http/error-handler';
import { createIdempotentResponses } from './http/idempotency/idempotent-responses';
import { createEndpointRouters } from './http/mount-endpoint';
import { createRateLimits } from './http/rate-limits';
import { createRequestLogging } from './http/request-logging';
import type { OnApiResponse } from './http/response-hook';
import { mountMeRoutes } from './me/me-routes';
import { mountAnalyticsRoutes } from './analytics/analytics-routes';
import { mountAuditRoutes } from './audit/audit-routes';
import { mountBulkRoutes } from './bulk/bulk-routes';
import { mountImportRoutes } from './imports/import-routes';
import { buildOpenApiDocument } from './openapi/build-openapi-document';
import { createDocsRouter } from './openapi/docs-routes';
import { mountPlatformRoutes } from './openapi/openapi-routes';
import { mountPromptRoutes } from './prompts/prompt-routes';
import { mountSegmentsRoutes } from './segments/segments-routes';
import { mountLiveEventsRoutes } from './events/live-events-routes';
import { endpoints } from '@voiceagent/shared';

export type AppDeps = {
  config: AppConfig;
  pool: Pool;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** Service tokens (service_role JWT, API keys) acting for a user; absent: user tokens only. */
  verifyServiceToken?: ServiceTokenVerifier;
  publicConfig: TPublicConfig;
  services: Services;
  /** Local mode only: the Supabase-compatible /auth/v1 router. */
  localAuthRouter?: express.Router;
  /** Told about every response of the API's endpoints and its error handler (tests replay them against the contract). */
  onResponse?: OnApiResponse;
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
  const health = createEndpointRouters({ base: '', onResponse: deps.onResponse });
  mountHealthRoutes(health, pool);
  app.use(health.router);

  if (deps.localAuthRouter) app.use('/auth/v1', corsForFrontend, deps.localAuthRouter);

  // CRMs' webhook deliveries: before the JSON parser (the signature covers the raw body) and before
  // the per-IP limit (a CRM delivers from a few addresses, many requests at once; unsigned ones cost an HMAC).
  const webhooks = createEndpointRouters({ base: '/api/v1', onResponse: deps.onResponse });
  mountWebhookRoutes(webhooks, deps.services.webhooks.hubspot, { publicBaseUrl: config.webhooks.publicBaseUrl, bodyLimit: config.jsonBodyLimit });
  app.use('/api/v1', webhooks.router);

  // Counted before authentication, so that floods of bad tokens are limited too.
  // Per-user limits count after authentication, by the user's id.
  const rateLimits = createRateLimits(config.rateLimit, pool, logger, (req) => getUser(req).id);
  app.use('/api', corsForFrontend, rateLimits.perIp);
  app.use('/api/docs', createDocsRouter());

  // Public endpoints first; every other request then needs a user (unknown routes too), and counts against their limit.
  const findUser = rememberUserStatus(createActingUserFinder(pool), config.userStatusCacheMs);
  const requireUser = createRequireUser({
    verifyToken: deps.verifyToken,
    findUser,
    service: deps.verifyServiceToken
      ? {
          verifyToken: deps.verifyServiceToken,
          findUser,
          audience: config.auth.audience,
          onActing: (event) => deps.services.audit.recordServiceUse(event),
        }
      : undefined,
    // EventSource cannot send a header: the stream also takes a ticket from POST /events/tickets.
    ticket: { path: endpoints.streamEvents.path, verify: (ticket) => deps.services.liveEvents.verifyTicket(ticket) },
  });
  const routes = createEndpointRouters({
    base: '/api/v1',
    authenticate: { middleware: [requireUser, rateLimits.perUser], userOf: getUser },
    idempotency: createIdempotentResponses({ pool, logger }),
    onResponse: deps.onResponse,
  });
  const { services } = deps;
  mountPlatformRoutes(routes, { publicConfig: deps.publicConfig, openApiDocument: buildOpenApiDocument({ serverUrl: config.backendUrl }) });
  mountMeRoutes(routes, services.me);
  mountCrmRoutes(routes, services);
  mountFieldsRoutes(routes, { catalogue: services.fieldCatalogue, mappings: services.fieldMappings });
  mountSyncRoutes(routes, services);
  mountZohoNotificationsRoutes(routes, services.zohoNotifications);
  // Before the contacts': /crm/contacts/export is not a /crm/contacts/:id.
  mountContactExportRoutes(routes, services.contactExport);
  mountContactsRoutes(routes, services.contacts);
  mountContactWritesRoutes(routes, services.contactWrites);
  // Before the agents': /agents/prompt-variables is not an /agents/:id.
  mountPromptRoutes(routes, services.prompts);
  mountSegmentsRoutes(routes, services.segments);
  mountAgentsRoutes(routes, services.agents);
  mountCampaignsRoutes(routes, services.campaigns);
  mountCallQueueRoutes(routes, services.callQueue);
  mountSuppressionsRoutes(routes, services.suppressions);
  mountBulkRoutes(routes, services.bulk, services.agentContactRemoval);
  mountImportRoutes(routes, services.bulk.imports);
  mountCampaignResultsExportRoutes(routes, services.campaignResultsExport);
  mountAuditRoutes(routes, services.audit);
  mountLiveEventsRoutes(routes, services.liveEvents);
  mountAnalyticsRoutes(routes, services.analytics);

  const api = express.Router();
  api.use(express.json({ limit: config.jsonBodyLimit }));
  api.use(routes.router);
  api.use(apiNotFound);
  app.use('/api/v1', api);
  app.use('/api', apiNotFound);

  serveWebApp(app, config.webDistDir);
  app.use(createErrorHandler(logger, deps.onResponse));
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

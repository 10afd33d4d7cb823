import { randomUUID } from 'node:crypto';
import express, { Router, type Express, type NextFunction, type Request, type Response } from 'express';
import { listen } from '../common/listen';
import { createAdmin, type HubSpotAdmin } from './admin';
import { createCrmError, createValidationError, HubSpotError } from './errors';
import { resolveOptions, type HubSpotSandboxOptions } from './options';
import { createAdminRoutes } from './routes/admin-routes';
import { createBatchRoutes } from './routes/batch-routes';
import { createCallBatchRoutes } from './routes/call-batch-routes';
import { createCallRoutes } from './routes/call-routes';
import { createContactMergeRoutes } from './routes/contact-merge-routes';
import { createContactRoutes } from './routes/contact-routes';
import { authenticate, limitRate } from './routes/crm-guards';
import { createOAuthRoutes } from './routes/oauth-routes';
import { createPropertyRoutes } from './routes/property-routes';
import { createListRoutes } from './routes/list-routes';
import { createSearchRoutes } from './routes/search-routes';
import { injectFaults, monitorRequests } from './routes/traffic-middleware';
import { createWebhookRoutes } from './routes/webhook-routes';
import { SandboxState } from './sandbox-state';

/** `stop` cancels pending webhook deliveries and their timers. */
export type HubSpotSandbox = { app: Express; admin: HubSpotAdmin; stop(): void };

/**
 * A local HubSpot: the OAuth consent flow and token API, CRM v3 contacts (list, read, write,
 * batch, search, merge, GDPR delete) and their properties, calls (one or a batch) and their v4 associations, HubSpot's rate limits and error bodies,
 * signed webhook deliveries of contact changes (configured through /webhooks/v3) and an admin API under /__sandbox. The app does not listen; `startHubSpotSandbox` does.
 */
export function createHubSpotSandbox(options: HubSpotSandboxOptions = {}): HubSpotSandbox {
  const state = new SandboxState(resolveOptions(options));
  const admin = createAdmin(state);
  const app = express();
  app.disable('x-powered-by');

  app.use('/__sandbox', createAdminRoutes(admin));
  app.use(monitorRequests(state));
  app.use(injectFaults(state));
  app.use(createOAuthRoutes(state));
  app.use(createWebhookRoutes(state));

  const crm = Router();
  crm.use('/crm', authenticate(state), limitRate(state), express.json({ limit: '10mb' }));
  crm.use(createSearchRoutes(state.options.searchResultCap), createContactMergeRoutes(state), createBatchRoutes(state), createContactRoutes(state), createCallBatchRoutes(state), createCallRoutes(state), createPropertyRoutes(), createListRoutes(state));
  app.use(crm);

  app.use((_req: Request, _res: Response) => {
    throw createCrmError(404, 'OBJECT_NOT_FOUND', 'resource not found');
  });
  app.use(handleErrors);
  return { app, admin, stop: () => state.webhooks.deliveries.stop() };
}

export type StartHubSpotSandboxOptions = HubSpotSandboxOptions & { port?: number; host?: string };
export type RunningHubSpotSandbox = { url: string; admin: HubSpotAdmin; close(): Promise<void> };

/** Starts the sandbox on loopback; port 0 (the default) picks a free port. */
export async function startHubSpotSandbox({ port = 0, host = '127.0.0.1', ...options }: StartHubSpotSandboxOptions = {}): Promise<RunningHubSpotSandbox> {
  const { app, admin, stop } = createHubSpotSandbox(options);
  const server = await listen(app, port, host);
  return {
    url: server.url,
    admin,
    close: () => {
      stop();
      return server.close();
    },
  };
}

/** Writes HubSpot's error bodies; anything unexpected becomes HubSpot's 500 and is logged. */
function handleErrors(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const known = error instanceof HubSpotError ? error : fromBodyParser(error);
  if (known) {
    res.status(known.status).set(known.headers);
    if (typeof known.body.correlationId === 'string') res.set('X-HubSpot-Correlation-Id', known.body.correlationId);
    res.json(known.body);
    return;
  }
  console.error('hubspot sandbox: unexpected error', error);
  const correlationId = randomUUID();
  res.status(500).set('X-HubSpot-Correlation-Id', correlationId).json({ status: 'error', message: 'internal error', correlationId, category: 'INTERNAL_ERROR' });
}

function fromBodyParser(error: unknown): HubSpotError | null {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  if (type === 'entity.parse.failed') return createValidationError(`Invalid input JSON: ${(error as Error).message}`);
  if (type === 'entity.too.large') return createCrmError(413, 'VALIDATION_ERROR', 'Request body too large');
  return null;
}

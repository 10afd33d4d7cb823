import express, { type RequestHandler } from 'express';
import { endpoints } from '@voiceagent/shared';
import { AppError } from '../../http/app-error';
import { mountEndpoint, type EndpointRouters } from '../../http/mount-endpoint';
import type { HubSpotWebhookReceiver } from './hubspot-webhook-receiver';

export type WebhookRoutesOptions = {
  /** PUBLIC_WEBHOOK_BASE_URL: HubSpot signs the URL it called, which is this origin and the request's path and query. */
  publicBaseUrl: string;
  /** JSON_BODY_LIMIT: a delivery of 100 events is far below it. */
  bodyLimit: string;
};

/**
 * The CRMs' deliveries. Mounted on routers of their own, before the API's JSON parser: the
 * signature covers the body byte for byte, so it is read raw, checked, and only then parsed for
 * the endpoint's schema (an unsigned request learns nothing about what a valid body looks like).
 */
export function mountWebhookRoutes(routes: EndpointRouters, receiver: HubSpotWebhookReceiver, options: WebhookRoutesOptions): void {
  const endpoint = endpoints.receiveHubSpotWebhooks;
  const readRaw = express.raw({ type: () => true, limit: options.bodyLimit });
  const verify: RequestHandler = (req, _res, next) => {
    // `use` matches below the path too; those are not this endpoint's, and end in a 404.
    if (req.method !== 'POST' || req.path !== '/') return next();
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    receiver.verifyDelivery({
      method: req.method,
      uri: `${options.publicBaseUrl}${req.originalUrl}`,
      body: raw,
      signature: req.get('X-HubSpot-Signature-v3'),
      timestamp: req.get('X-HubSpot-Request-Timestamp'),
    });
    req.body = parseJson(raw);
    next();
  };
  // `use`, not a route: the endpoint's one route is the one mountEndpoint makes.
  routes.public.use(endpoint.path.slice(routes.base.length), readRaw, verify);
  mountEndpoint(routes, endpoint, ({ body }) => receiver.receive(body));
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid JSON');
  }
}

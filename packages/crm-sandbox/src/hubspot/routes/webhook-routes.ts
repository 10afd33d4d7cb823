import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { parseCrmBody } from '../contact-input';
import { createCrmError, createNotFoundError, createValidationError } from '../errors';
import type { SandboxState } from '../sandbox-state';
import type { WebhookSettings, WebhookSubscription } from '../webhooks/subscription-registry';
import { ZSettingsChange, ZSubscriptionBatchUpdate, ZSubscriptionInput, ZSubscriptionPatch } from '../webhooks/webhook-schemas';
import { pathParam } from './crm-guards';

/**
 * HubSpot's webhooks API v3 (`/webhooks/v3/{appId}/settings` and `/subscriptions`), with the
 * developer API key as `hapikey`, so a client written for HubSpot (e.g. @hubspot/api-client's
 * `webhooks` discovery) configures the sandbox too.
 */
export function createWebhookRoutes(state: SandboxState): Router {
  const router = Router();
  router.use('/webhooks/v3/:appId', express.json(), requireDeveloperKey(state), requireApp(state));

  router.get('/webhooks/v3/:appId/settings', (_req, res) => {
    const settings = state.webhooks.subscriptions.getSettings(appIdOf(res));
    if (!settings) throw createNotFoundError();
    res.json(toSettingsResponse(settings));
  });
  router.put('/webhooks/v3/:appId/settings', (req, res) => {
    const body = parseCrmBody(ZSettingsChange, req.body);
    res.json(toSettingsResponse(state.webhooks.subscriptions.putSettings(appIdOf(res), body.targetUrl, body.throttling.maxConcurrentRequests)));
  });
  router.delete('/webhooks/v3/:appId/settings', (_req, res) => {
    state.webhooks.subscriptions.deleteSettings(appIdOf(res));
    res.status(204).end();
  });

  router.get('/webhooks/v3/:appId/subscriptions', (_req, res) => {
    res.json({ results: state.webhooks.subscriptions.list(appIdOf(res)).map(toSubscriptionResponse) });
  });
  router.post('/webhooks/v3/:appId/subscriptions', (req, res) => {
    const input = parseCrmBody(ZSubscriptionInput, req.body);
    const created = state.webhooks.subscriptions.add(appIdOf(res), input);
    if (!created) throw createCrmError(409, 'CONFLICT', `A subscription to ${input.eventType}${input.propertyName ? ` of ${input.propertyName}` : ''} already exists`);
    res.status(201).json(toSubscriptionResponse(created));
  });
  router.post('/webhooks/v3/:appId/subscriptions/batch/update', (req, res) => {
    const startedAt = new Date(state.now()).toISOString();
    const body = parseCrmBody(ZSubscriptionBatchUpdate, req.body);
    const found = body.inputs.map((input) => ({ input, subscription: state.webhooks.subscriptions.find(appIdOf(res), input.id) }));
    const missing = found.filter((entry) => !entry.subscription).map((entry) => String(entry.input.id));
    if (missing.length > 0) throw createCrmError(404, 'OBJECT_NOT_FOUND', `No subscriptions with ids ${missing.join(', ')}`);
    const results = found.map(({ input, subscription }) => toSubscriptionResponse(state.webhooks.subscriptions.setActive(subscription!, input.active)));
    res.json({ status: 'COMPLETE', results, startedAt, completedAt: new Date(state.now()).toISOString() });
  });
  router.get('/webhooks/v3/:appId/subscriptions/:subscriptionId', (req, res) => {
    res.json(toSubscriptionResponse(subscriptionOf(state, req, res)));
  });
  router.patch('/webhooks/v3/:appId/subscriptions/:subscriptionId', (req, res) => {
    const body = parseCrmBody(ZSubscriptionPatch, req.body);
    res.json(toSubscriptionResponse(state.webhooks.subscriptions.setActive(subscriptionOf(state, req, res), body.active)));
  });
  router.delete('/webhooks/v3/:appId/subscriptions/:subscriptionId', (req, res) => {
    state.webhooks.subscriptions.remove(appIdOf(res), subscriptionOf(state, req, res).id);
    res.status(204).end();
  });
  return router;
}

function requireDeveloperKey(state: SandboxState) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.query.hapikey !== state.options.developerApiKey) {
      throw createCrmError(401, 'INVALID_AUTHENTICATION', 'The API key provided is invalid. View or manage your API key here: https://app.hubspot.com/l/api-key/');
    }
    next();
  };
}

function requireApp(state: SandboxState) {
  return (req: Request, res: Response, next: NextFunction) => {
    const raw = pathParam(req, 'appId');
    const appId = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!state.apps.list().some((app) => app.appId === appId)) throw createValidationError(`App ${raw} not found or not owned by this developer account`);
    res.locals.appId = appId;
    next();
  };
}

function appIdOf(res: Response): number {
  return res.locals.appId as number;
}

function subscriptionOf(state: SandboxState, req: Request, res: Response): WebhookSubscription {
  const raw = pathParam(req, 'subscriptionId');
  const subscription = /^\d+$/.test(raw) ? state.webhooks.subscriptions.find(appIdOf(res), Number(raw)) : undefined;
  if (!subscription) throw createNotFoundError();
  return subscription;
}

function toSettingsResponse(settings: WebhookSettings) {
  return {
    targetUrl: settings.targetUrl,
    throttling: { maxConcurrentRequests: settings.maxConcurrentRequests, period: 'SECONDLY' },
    createdAt: new Date(settings.createdAt).toISOString(),
    updatedAt: new Date(settings.updatedAt).toISOString(),
  };
}

function toSubscriptionResponse(subscription: WebhookSubscription) {
  return {
    id: String(subscription.id),
    eventType: subscription.eventType,
    ...(subscription.propertyName === null ? {} : { propertyName: subscription.propertyName }),
    active: subscription.active,
    createdAt: new Date(subscription.createdAt).toISOString(),
    updatedAt: new Date(subscription.updatedAt).toISOString(),
  };
}

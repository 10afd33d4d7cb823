import { z } from 'zod';
import { AdminError, parseAdminInput } from '../admin-error';
import type { HubSpotApp } from '../app-registry';
import type { SandboxState } from '../sandbox-state';
import type { DeliveryStats } from './delivery-queue';
import type { AppWebhooks } from './hubspot-webhooks';
import { ZAppWebhooksInput, type TAppWebhooksInput } from './webhook-schemas';

export const ZFlushWebhooks = z
  .object({ timeoutMs: z.number().int().min(0).max(300_000).default(10_000), retryNow: z.boolean().default(false) })
  .strict();
export type TFlushWebhooks = z.input<typeof ZFlushWebhooks>;
export type FlushResult = { isIdle: boolean; stats: DeliveryStats };

export type WebhookAdmin = {
  getAppWebhooks(appId: number): AppWebhooks;
  /** Sets the app's target and replaces its subscriptions (default: every contact event, every property). */
  configureAppWebhooks(appId: number, input: TAppWebhooksInput): AppWebhooks;
  /** Removes the app's target and subscriptions; its unsent batches are abandoned. */
  deleteAppWebhooks(appId: number): void;
  webhookDeliveries(): DeliveryStats;
  /** Sends what is batching now and waits until nothing is pending (or the timeout); `retryNow` skips backoff delays. */
  flushWebhooks(input?: TFlushWebhooks): Promise<FlushResult>;
};

export function createWebhookAdmin(state: SandboxState): WebhookAdmin {
  const appOf = (appId: number): HubSpotApp => {
    const app = state.apps.list().find((candidate) => candidate.appId === appId);
    if (!app) throw new AdminError('app_not_found', `No app with id ${appId}`);
    return app;
  };
  return {
    getAppWebhooks: (appId) => state.webhooks.describe(appOf(appId).appId),
    configureAppWebhooks(appId, input) {
      const parsed = parseAdminInput(ZAppWebhooksInput, input);
      return state.webhooks.configure(appOf(appId).appId, parsed);
    },
    deleteAppWebhooks(appId) {
      state.webhooks.unconfigure(appOf(appId).appId);
    },
    webhookDeliveries: () => state.webhooks.deliveries.stats(),
    flushWebhooks: (input = {}) => state.webhooks.deliveries.flush(parseAdminInput(ZFlushWebhooks, input)),
  };
}

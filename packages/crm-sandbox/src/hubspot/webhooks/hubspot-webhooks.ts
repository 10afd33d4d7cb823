import type { AppRegistry } from '../app-registry';
import type { ContactObserver } from '../contact-store';
import type { FaultInjector } from '../faults';
import type { ResolvedWebhookOptions } from './delivery-options';
import { WebhookDeliveries } from './delivery-queue';
import { ALL_CONTACT_SUBSCRIPTIONS, SubscriptionRegistry, type WebhookSettings, type WebhookSubscription } from './subscription-registry';
import { ZSubscriptionInput, type ZAppWebhooksInput } from './webhook-schemas';
import type { z } from 'zod';
import { toWebhookEvents } from './webhook-events';

export type AppWebhooks = { appId: number; settings: WebhookSettings | null; subscriptions: WebhookSubscription[] };

type Dependencies = { now(): number; apps(): AppRegistry; faults(): FaultInjector };

/**
 * The webhooks of one sandbox: the apps' subscriptions, and the deliveries of the events that
 * contact changes in any portal produce for them (every app counts as installed in every portal).
 */
export class HubSpotWebhooks {
  readonly subscriptions: SubscriptionRegistry;
  readonly deliveries: WebhookDeliveries;

  constructor(options: ResolvedWebhookOptions, deps: Dependencies) {
    this.subscriptions = new SubscriptionRegistry(deps.now);
    this.deliveries = new WebhookDeliveries(options, {
      now: deps.now,
      planFaults: () => deps.faults().planDelivery(),
      targetOf: (appId) => {
        const settings = this.subscriptions.getSettings(appId);
        const app = deps.apps().list().find((candidate) => candidate.appId === appId);
        return settings && app ? { targetUrl: settings.targetUrl, clientSecret: app.clientSecret, maxConcurrentRequests: settings.maxConcurrentRequests } : null;
      },
    });
  }

  /** Replaces an app's settings and subscriptions in one go (the admin's form). */
  configure(appId: number, input: z.output<typeof ZAppWebhooksInput>): AppWebhooks {
    this.subscriptions.putSettings(appId, input.targetUrl, input.maxConcurrentRequests);
    this.subscriptions.removeAll(appId);
    for (const subscription of input.subscriptions ?? ALL_CONTACT_SUBSCRIPTIONS.map((raw) => ZSubscriptionInput.parse(raw))) {
      this.subscriptions.add(appId, subscription);
    }
    return this.describe(appId);
  }

  /** Stops an app's webhooks: its settings and subscriptions go; batches not yet sent are abandoned. */
  unconfigure(appId: number): void {
    this.subscriptions.deleteSettings(appId);
    this.subscriptions.removeAll(appId);
  }

  describe(appId: number): AppWebhooks {
    return { appId, settings: this.subscriptions.getSettings(appId) ?? null, subscriptions: this.subscriptions.list(appId) };
  }

  /** What a portal's contact store reports its changes to. */
  observerFor(portalId: number): ContactObserver {
    return {
      isObserving: () => this.subscriptions.live().length > 0,
      observe: (change) => {
        this.deliveries.enqueue(this.subscriptions.live().flatMap(({ subscription }) => toWebhookEvents(change, portalId, subscription)));
      },
    };
  }
}

import { CONTACT_EVENT_TYPES, type ContactEventType, type TSubscriptionInput } from './webhook-schemas';

export type WebhookSettings = { targetUrl: string; maxConcurrentRequests: number; createdAt: number; updatedAt: number };

export type WebhookSubscription = {
  id: number;
  appId: number;
  eventType: ContactEventType;
  /** null: every property (propertyChange only). */
  propertyName: string | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
};

/** Every contact event, and property changes of every property: what an app that mirrors contacts wants. */
export const ALL_CONTACT_SUBSCRIPTIONS: TSubscriptionInput[] = CONTACT_EVENT_TYPES.map((eventType) => ({ eventType }));

/**
 * The apps' webhook settings (one target URL each) and subscriptions, as HubSpot keeps them per
 * app, not per portal: every portal the app can reach sends it events.
 */
export class SubscriptionRegistry {
  private readonly settings = new Map<number, WebhookSettings>();
  private readonly subscriptions = new Map<number, WebhookSubscription>();
  private nextId = 1;

  constructor(private readonly now: () => number) {}

  getSettings(appId: number): WebhookSettings | undefined {
    return this.settings.get(appId);
  }

  putSettings(appId: number, targetUrl: string, maxConcurrentRequests: number): WebhookSettings {
    const at = this.now();
    const settings = { targetUrl, maxConcurrentRequests, createdAt: this.settings.get(appId)?.createdAt ?? at, updatedAt: at };
    this.settings.set(appId, settings);
    return settings;
  }

  /** Without settings nothing is sent, but the subscriptions stay, as in HubSpot. */
  deleteSettings(appId: number): boolean {
    return this.settings.delete(appId);
  }

  list(appId: number): WebhookSubscription[] {
    return [...this.subscriptions.values()].filter((subscription) => subscription.appId === appId);
  }

  find(appId: number, id: number): WebhookSubscription | undefined {
    const subscription = this.subscriptions.get(id);
    return subscription?.appId === appId ? subscription : undefined;
  }

  /** The same event type and property twice is refused (null). */
  add(appId: number, input: { eventType: ContactEventType; propertyName?: string; active?: boolean }): WebhookSubscription | null {
    const propertyName = input.propertyName ?? null;
    if (this.list(appId).some((existing) => existing.eventType === input.eventType && existing.propertyName === propertyName)) return null;
    const at = this.now();
    const subscription: WebhookSubscription = { id: this.nextId++, appId, eventType: input.eventType, propertyName, active: input.active ?? true, createdAt: at, updatedAt: at };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  setActive(subscription: WebhookSubscription, active: boolean): WebhookSubscription {
    subscription.active = active;
    subscription.updatedAt = this.now();
    return subscription;
  }

  remove(appId: number, id: number): boolean {
    return this.find(appId, id) !== undefined && this.subscriptions.delete(id);
  }

  removeAll(appId: number): void {
    for (const subscription of this.list(appId)) this.subscriptions.delete(subscription.id);
  }

  /** Active subscriptions of apps that have a target: the ones that produce events. */
  live(): { subscription: WebhookSubscription; settings: WebhookSettings }[] {
    const live: { subscription: WebhookSubscription; settings: WebhookSettings }[] = [];
    for (const subscription of this.subscriptions.values()) {
      const settings = this.settings.get(subscription.appId);
      if (settings && subscription.active) live.push({ subscription, settings });
    }
    return live;
  }
}

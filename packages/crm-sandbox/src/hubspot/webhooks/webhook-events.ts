import type { ContactChange, PropertyChange } from '../contact-store';
import type { WebhookSubscription } from './subscription-registry';
import type { ContactEventType } from './webhook-schemas';

/** One event of a delivery, with HubSpot's field names. */
export type WebhookEvent = {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: ContactEventType;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  changeFlag?: 'NEW' | 'DELETED' | 'MERGED' | 'RESTORED';
  propertyName?: string;
  propertyValue?: string;
  mergedObjectIds?: number[];
  primaryObjectId?: number;
  newObjectId?: number;
  numberOfPropertiesMoved?: number;
};

/**
 * Event ids are unique across every sandbox in the process and across restarts, as HubSpot's
 * are: they start from the wall clock in microseconds, so a receiver that deduplicates by
 * event id never mistakes a new sandbox's event for an old one.
 */
let lastEventId = Date.now() * 1000;

function nextEventId(): number {
  lastEventId += 1;
  return lastEventId;
}

const FLAGS: Partial<Record<ContactEventType, WebhookEvent['changeFlag']>> = {
  'contact.creation': 'NEW',
  'contact.deletion': 'DELETED',
  'contact.merge': 'MERGED',
  'contact.restore': 'RESTORED',
};

/**
 * The events one change produces for one subscription: a creation or merge also changes
 * properties, so propertyChange subscriptions hear one event per property set (null when
 * cleared: HubSpot sends an empty value).
 */
export function toWebhookEvents(change: ContactChange, portalId: number, subscription: WebhookSubscription): WebhookEvent[] {
  const base = {
    subscriptionId: subscription.id,
    portalId,
    appId: subscription.appId,
    occurredAt: change.at,
    subscriptionType: subscription.eventType,
    attemptNumber: 0,
    objectId: Number(change.objectId),
    changeSource: change.source,
  };
  if (subscription.eventType === 'contact.propertyChange') {
    const properties: PropertyChange[] = 'properties' in change ? change.properties : [];
    return properties
      .filter((property) => subscription.propertyName === null || subscription.propertyName === property.name)
      .map((property) => ({ ...base, eventId: nextEventId(), propertyName: property.name, propertyValue: property.value ?? '' }));
  }
  if (subscription.eventType !== `contact.${change.kind}`) return [];
  const event: WebhookEvent = { ...base, eventId: nextEventId() };
  const flag = FLAGS[subscription.eventType];
  if (flag) event.changeFlag = flag;
  if (change.kind === 'merge') {
    event.primaryObjectId = Number(change.objectId);
    event.mergedObjectIds = change.mergedObjectIds.map(Number);
    // The sandbox keeps the primary's id; HubSpot names the resulting record separately because it may not.
    event.newObjectId = Number(change.objectId);
    event.numberOfPropertiesMoved = change.properties.length;
  }
  return [event];
}

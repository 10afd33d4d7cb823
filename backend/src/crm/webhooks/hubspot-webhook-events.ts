import type { THubSpotWebhookEvent } from '@voiceagent/shared';
import type { InboundWebhookEvent, WebhookEventKind } from './webhook-inbox-repository';

const KIND_OF: Record<THubSpotWebhookEvent['subscriptionType'], WebhookEventKind> = {
  'contact.creation': 'created',
  'contact.propertyChange': 'updated',
  'contact.deletion': 'deleted',
  'contact.merge': 'merged',
  'contact.restore': 'restored',
  'contact.privacyDeletion': 'privacy_deleted',
};

/** A HubSpot event as stored for one connection of its portal; only what applying needs goes in the payload. */
export function toInboundEvent(event: THubSpotWebhookEvent, connection: { id: string; user_id: string }): InboundWebhookEvent {
  const payload: Record<string, unknown> = { subscriptionType: event.subscriptionType };
  if (event.attemptNumber !== undefined) payload.attemptNumber = event.attemptNumber;
  if (event.propertyName !== undefined) payload.propertyName = event.propertyName;
  if (event.primaryObjectId !== undefined) payload.primaryObjectId = event.primaryObjectId;
  if (event.mergedObjectIds !== undefined) payload.mergedObjectIds = event.mergedObjectIds;
  if (event.newObjectId !== undefined) payload.newObjectId = event.newObjectId;
  return {
    connectionId: connection.id,
    userId: connection.user_id,
    platform: 'hubspot',
    providerEventId: event.eventId,
    kind: KIND_OF[event.subscriptionType],
    objectType: 'contact',
    objectId: event.objectId,
    occurredAt: new Date(event.occurredAt),
    payload,
  };
}

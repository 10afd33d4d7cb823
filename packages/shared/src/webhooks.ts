import { z } from 'zod';

/**
 * Real-time sync of one connection: whether the CRM's pushed changes (webhooks) reach us.
 * off: none has ever come (not set up at the CRM, or no change since). degraded: none has come for
 * a long while although an incremental sync found changes — the scheduled sync carries the load.
 */
export const ZWebhookHealthStatus = z.enum(['healthy', 'degraded', 'off']);
export type TWebhookHealthStatus = z.infer<typeof ZWebhookHealthStatus>;

export const ZWebhookHealth = z.object({
  status: ZWebhookHealthStatus,
  /** When the CRM last delivered a change; null: never. */
  lastEventAt: z.iso.datetime().nullable(),
  /** From receiving the last applied batch to its changes being in our copy, in ms; null: none applied yet. */
  lagMs: z.number().int().nonnegative().nullable(),
});
export type TWebhookHealth = z.infer<typeof ZWebhookHealth>;

/** HubSpot's contact subscription types this API applies. */
export const HUBSPOT_SUBSCRIPTION_TYPES = [
  'contact.creation',
  'contact.propertyChange',
  'contact.deletion',
  'contact.merge',
  'contact.restore',
  'contact.privacyDeletion',
] as const;

const ZHubSpotId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

/** One event of a HubSpot webhook delivery (HubSpot's docs: Webhooks API, event payloads). */
export const ZHubSpotWebhookEvent = z.looseObject({
  eventId: ZHubSpotId,
  subscriptionId: ZHubSpotId.optional(),
  subscriptionType: z.enum(HUBSPOT_SUBSCRIPTION_TYPES),
  portalId: ZHubSpotId,
  appId: ZHubSpotId.optional(),
  /** When the change happened, ms since epoch. */
  occurredAt: z.number().int().nonnegative().max(8_640_000_000_000_000),
  attemptNumber: z.number().int().nonnegative().optional(),
  objectId: ZHubSpotId,
  changeSource: z.string().max(200).optional(),
  propertyName: z.string().max(200).optional(),
  propertyValue: z.string().max(65_536).nullable().optional(),
  /** contact.merge: the record kept (the winner)… */
  primaryObjectId: ZHubSpotId.optional(),
  /** …the records merged into it… */
  mergedObjectIds: z.array(ZHubSpotId).max(100).optional(),
  /** …and, where the merge made a new record, its id (the winner then). */
  newObjectId: ZHubSpotId.optional(),
  numberOfPropertiesMoved: z.number().int().nonnegative().optional(),
});
export type THubSpotWebhookEvent = z.infer<typeof ZHubSpotWebhookEvent>;

/** POST /api/v1/crm/hubspot/webhooks: HubSpot sends up to 100 events per request. */
export const ZHubSpotWebhookBody = z.array(ZHubSpotWebhookEvent).min(1).max(100);
export type THubSpotWebhookBody = z.infer<typeof ZHubSpotWebhookBody>;

/** The headers HubSpot signs a delivery with (signature v3). */
export const ZHubSpotWebhookHeaders = z.object({
  'X-HubSpot-Signature-v3': z.string().min(1).max(200),
  'X-HubSpot-Request-Timestamp': z.string().regex(/^\d{1,15}$/),
});

/** What the receiver answers a delivery it accepted (stored or, for an unknown account, dropped). */
export const ZWebhookReceipt = z.object({
  /** Events in the delivery. */
  received: z.number().int().nonnegative(),
  /** Events new to us, stored for applying (a redelivery stores none; an unknown account's are dropped). */
  stored: z.number().int().nonnegative(),
});
export type TWebhookReceipt = z.infer<typeof ZWebhookReceipt>;

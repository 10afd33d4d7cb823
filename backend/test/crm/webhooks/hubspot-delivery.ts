import { createHmac } from 'node:crypto';

/** One event as HubSpot's webhooks send it (a contact subscription). */
export type HubSpotTestEvent = {
  eventId: number;
  subscriptionType: string;
  portalId: number;
  objectId: number;
  occurredAt: number;
  attemptNumber?: number;
  propertyName?: string;
  propertyValue?: string;
  primaryObjectId?: number;
  mergedObjectIds?: number[];
  newObjectId?: number;
  [key: string]: unknown;
};

export type DeliveryOptions = {
  /** The product's address the request goes to. */
  productUrl: string;
  /** What the HubSpot app's target URL says (PUBLIC_WEBHOOK_BASE_URL + path): what HubSpot signs. */
  signedUrl: string;
  clientSecret: string;
  /** ms since epoch; default now. */
  timestamp?: number;
  /** Sign this body but send `body` (a tampered delivery). */
  signedBody?: string;
  /** Leave the signature headers out. */
  isUnsigned?: boolean;
  /** Send to this path and query instead of the signed URL's (a tampered URI). */
  requestPath?: string;
};

/**
 * Posts a delivery signed as HubSpot signs v3 — base64 HMAC-SHA256 of method, URL, body and
 * timestamp under the app's client secret — written here from HubSpot's docs, apart from the
 * product's own code, so a mistake there is not repeated here.
 */
export async function deliver(body: unknown, options: DeliveryOptions): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = String(options.timestamp ?? Date.now());
  const signature = createHmac('sha256', options.clientSecret)
    .update(`POST${options.signedUrl}${options.signedBody ?? raw}${timestamp}`)
    .digest('base64');
  const signed = new URL(options.signedUrl);
  const path = options.requestPath ?? signed.pathname + signed.search;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!options.isUnsigned) {
    headers['X-HubSpot-Signature-v3'] = signature;
    headers['X-HubSpot-Request-Timestamp'] = timestamp;
  }
  return fetch(`${options.productUrl}${path}`, { method: 'POST', headers, body: raw });
}

let nextEventId = 1_000_000 + Math.floor(Math.random() * 1_000_000);

/** A contact event with a fresh eventId. */
export function contactEvent(portalId: number, subscriptionType: string, objectId: number | string, extra: Partial<HubSpotTestEvent> = {}): HubSpotTestEvent {
  nextEventId += 1;
  return { eventId: nextEventId, subscriptionType, portalId, objectId: Number(objectId), occurredAt: Date.now(), attemptNumber: 0, ...extra };
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookSignatureInput, WebhookSignatureVerdict } from '../../crm-service';

/** HubSpot rejects nothing older itself; its docs tell receivers to refuse deliveries older than 5 minutes. */
export const HUBSPOT_SIGNATURE_MAX_AGE_MS = 5 * 60_000;

// HubSpot decodes these in the URI before signing (its v3 signature docs); every other escape stays as sent.
const DECODED_ESCAPES: Record<string, string> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

/** The URI as HubSpot signs it. */
export function normalizeHubSpotSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => DECODED_ESCAPES[escape.toUpperCase()] ?? escape);
}

/** base64(HMAC-SHA256(client secret, method + URI + body + timestamp)): signature v3. */
export function signHubSpotRequest(clientSecret: string, input: { method: string; uri: string; body: Buffer | string; timestamp: string }): string {
  return createHmac('sha256', clientSecret)
    .update(input.method.toUpperCase())
    .update(normalizeHubSpotSignedUri(input.uri))
    .update(input.body)
    .update(input.timestamp)
    .digest('base64');
}

/** Checks X-HubSpot-Signature-v3 in constant time, after the timestamp's age. */
export function verifyHubSpotSignature(clientSecret: string, input: WebhookSignatureInput): WebhookSignatureVerdict {
  const { signature, timestamp } = input;
  if (!signature || !timestamp || !/^\d{1,15}$/.test(timestamp)) return 'invalid';
  if (Math.abs(input.now - Number(timestamp)) > HUBSPOT_SIGNATURE_MAX_AGE_MS) return 'stale';
  const expected = Buffer.from(signHubSpotRequest(clientSecret, { method: input.method, uri: input.uri, body: input.body, timestamp }));
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; a wrong length says nothing about the secret.
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}

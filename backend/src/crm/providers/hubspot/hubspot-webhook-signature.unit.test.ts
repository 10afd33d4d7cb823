import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyHubSpotSignature } from './hubspot-webhook-signature';

const SECRET = 'app-secret';
const NOW = Date.UTC(2026, 2, 1, 12);
const BODY = Buffer.from('[{"eventId":1}]');

/** HubSpot's v3 recipe, spelled out here: base64 HMAC-SHA256 of method + decoded URI + body + timestamp. */
function sign(uri: string, timestamp: number, secret = SECRET): string {
  return createHmac('sha256', secret).update(`POST${uri}${BODY.toString()}${timestamp}`).digest('base64');
}

describe('verifyHubSpotSignature', () => {
  const uri = 'https://hooks.example.com/api/v1/crm/hubspot/webhooks?portal=1';

  it('accepts the signature of method, URI, body and timestamp under the client secret', () => {
    expect(verifyHubSpotSignature(SECRET, { method: 'POST', uri, body: BODY, signature: sign(uri, NOW), timestamp: String(NOW), now: NOW })).toBe('valid');
  });

  it('signs the URI with the escapes HubSpot decodes (%3A, %2F, %40 …) decoded, and others kept', () => {
    const sent = 'https://hooks.example.com/api/v1/crm/hubspot/webhooks?next=a%3Ab%2Fc%40d&q=%20x';
    const signedAs = 'https://hooks.example.com/api/v1/crm/hubspot/webhooks?next=a:b/c@d&q=%20x';
    expect(verifyHubSpotSignature(SECRET, { method: 'POST', uri: sent, body: BODY, signature: sign(signedAs, NOW), timestamp: String(NOW), now: NOW })).toBe('valid');
  });

  it('calls a delivery more than 5 minutes off stale, and a wrong, missing or malformed signature invalid', () => {
    const at = NOW - 5 * 60_000 - 1;
    expect(verifyHubSpotSignature(SECRET, { method: 'POST', uri, body: BODY, signature: sign(uri, at), timestamp: String(at), now: NOW })).toBe('stale');
    expect(verifyHubSpotSignature(SECRET, { method: 'POST', uri, body: BODY, signature: sign(uri, NOW, 'other'), timestamp: String(NOW), now: NOW })).toBe('invalid');
    expect(verifyHubSpotSignature(SECRET, { method: 'POST', uri, body: BODY, signature: undefined, timestamp: String(NOW), now: NOW })).toBe('invalid');
    expect(verifyHubSpotSignature(SECRET, { method: 'POST', uri, body: BODY, signature: 'short', timestamp: String(NOW), now: NOW })).toBe('invalid');
    expect(verifyHubSpotSignature(SECRET, { method: 'POST', uri, body: BODY, signature: sign(uri, NOW), timestamp: 'soon', now: NOW })).toBe('invalid');
  });
});

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether a token response's `signature` is Salesforce's: base64 HMAC-SHA256 of `id + issued_at`
 * keyed by our client secret. It proves the identity URL and issue time came from Salesforce
 * with this app, so a tampered `id` cannot point the identity read (and our token) elsewhere.
 * Compared in constant time.
 */
export function isSalesforceSignatureValid(input: { id: string; issuedAt: string; signature: string }, clientSecret: string): boolean {
  // The base64 texts are compared, not decoded bytes: Node's decoder ignores whatever follows the padding.
  const expected = Buffer.from(createHmac('sha256', clientSecret).update(input.id + input.issuedAt).digest('base64'));
  const presented = Buffer.from(input.signature);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

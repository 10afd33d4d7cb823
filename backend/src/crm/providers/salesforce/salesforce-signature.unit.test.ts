import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSalesforceSignatureValid } from './salesforce-signature';

const id = 'https://login.salesforce.com/id/00Dxx0000001gPL/005xx000001Sv6A';
const issuedAt = '1767225600000';
const sign = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64');

describe('isSalesforceSignatureValid', () => {
  it('accepts the HMAC-SHA256 of id + issued_at under the client secret', () => {
    expect(isSalesforceSignatureValid({ id, issuedAt, signature: sign('secret', id + issuedAt) }, 'secret')).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    expect(isSalesforceSignatureValid({ id, issuedAt, signature: sign('other', id + issuedAt) }, 'secret')).toBe(false);
  });

  it('refuses when the id or the issue time was changed after signing', () => {
    const signature = sign('secret', id + issuedAt);
    expect(isSalesforceSignatureValid({ id: 'https://evil.example/id/00D/005', issuedAt, signature }, 'secret')).toBe(false);
    expect(isSalesforceSignatureValid({ id, issuedAt: '1767225600001', signature }, 'secret')).toBe(false);
  });

  it('refuses empty, truncated and non-base64 signatures without throwing', () => {
    const signature = sign('secret', id + issuedAt);
    for (const bad of ['', signature.slice(0, 20), '!!!not base64!!!', `${signature}AAAA`]) {
      expect(isSalesforceSignatureValid({ id, issuedAt, signature: bad }, 'secret')).toBe(false);
    }
  });
});

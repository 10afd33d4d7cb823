import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenCipher, TokenDecryptionError } from './token-cipher';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('createTokenCipher', () => {
  it('round-trips a token and never shows the plaintext', () => {
    const cipher = createTokenCipher(key('k1'));
    const sealed = cipher.encrypt('pat-na1-secret-token', 'user-1:hubspot');
    expect(sealed).not.toContain('secret');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(cipher.decrypt(sealed, 'user-1:hubspot')).toBe('pat-na1-secret-token');
  });

  it('uses a fresh IV every time', () => {
    const cipher = createTokenCipher(key('k1'));
    expect(cipher.encrypt('same', 'a')).not.toBe(cipher.encrypt('same', 'a'));
  });

  it('refuses a value moved to another row', () => {
    const cipher = createTokenCipher(key('k1'));
    const sealed = cipher.encrypt('token', 'user-1:hubspot');
    expect(() => cipher.decrypt(sealed, 'user-2:hubspot')).toThrow(TokenDecryptionError);
  });

  it('refuses a tampered value', () => {
    const cipher = createTokenCipher(key('k1'));
    const parts = cipher.encrypt('token', 'a').split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'a')).toThrow(TokenDecryptionError);
  });

  it('still opens values sealed with a previous key after rotation', () => {
    const old = key('k1');
    const sealedBefore = createTokenCipher(old).encrypt('token', 'a');
    const rotated = createTokenCipher(key('k2'), [old]);
    expect(rotated.decrypt(sealedBefore, 'a')).toBe('token');
    expect(rotated.encrypt('token', 'a').startsWith('v1.k2.')).toBe(true);
    expect(() => createTokenCipher(key('k3')).decrypt(sealedBefore, 'a')).toThrow(/k1/);
  });
});

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKeyConfig } from '../../config';

/**
 * AES-256-GCM for OAuth tokens at rest. Each value gets a fresh 96-bit IV and carries the id of
 * the key that sealed it (`v1.<keyId>.<iv>.<tag>.<ciphertext>`), so keys can rotate: new values
 * use the current key, old values still open with a previous one. The associated data binds a
 * ciphertext to its row (user and platform), so a value copied into another row won't open.
 */
export type TokenCipher = {
  encrypt(plaintext: string, associatedData: string): string;
  decrypt(sealed: string, associatedData: string): string;
};

export class TokenDecryptionError extends Error {}

const VERSION = 'v1';

export function createTokenCipher(current: EncryptionKeyConfig, previous: EncryptionKeyConfig[] = []): TokenCipher {
  const keys = new Map<string, Buffer>([...previous, current].map((k) => [k.id, k.key]));
  for (const [id, key] of keys) if (key.length !== 32) throw new Error(`Encryption key ${id} must be 32 bytes`);

  return {
    encrypt(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    decrypt(sealed, associatedData) {
      const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
      if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined) throw new TokenDecryptionError('Not a sealed token');
      const key = keys.get(keyId);
      if (!key) throw new TokenDecryptionError(`No encryption key with id ${keyId} is configured`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new TokenDecryptionError('The token could not be decrypted (wrong key or tampered value)');
      }
    },
  };
}

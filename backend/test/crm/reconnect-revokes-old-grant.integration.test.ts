import { randomBytes } from 'node:crypto';
import type { TPlatform } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../src/crm/credentials/token-cipher';
import { connectCrm, sandboxOriginOf } from '../support/run-mode-sandboxes';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser } from '../support/test-users';

/**
 * Zoho keeps 20 refresh tokens per user and silently deletes the oldest when it issues another,
 * so a reconnect that left its old grant alive would, after enough of them, cost the user a
 * grant elsewhere. Every reconnect revokes the grant it replaced, once the new one is stored.
 */
const ENCRYPTION_KEY = randomBytes(32);
let product: TestProduct;

beforeAll(async () => {
  product = await startTestProduct({
    CRM_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
    CRM_ENCRYPTION_KEY_ID: 'test',
    CRM_SANDBOX_CONTACTS: '20',
    SYNC_WORKERS: 'off',
  });
});
afterAll(async () => {
  await product?.close();
});

async function storedRefreshToken(userId: string, platform: TPlatform): Promise<string> {
  const { rows } = await product.pool.query<{ refresh_token_encrypted: string }>(
    'select refresh_token_encrypted from user_crm_credentials where user_id = $1 and platform = $2',
    [userId, platform],
  );
  return createTokenCipher({ id: 'test', key: ENCRYPTION_KEY }).decrypt(rows[0]!.refresh_token_encrypted, `${userId}:${platform}:refresh`);
}

/** Asks the sandbox for an access token with this refresh token, as our provider code does. */
async function refreshAtProvider(userId: string, platform: TPlatform, refreshToken: string) {
  const { connection } = await product.services.credentials.getSession(userId, platform);
  return product.services.registry.get(platform).refreshTokens({ refreshToken, connection });
}

describe('reconnecting a CRM that is already connected', () => {
  it.each<TPlatform>(['zoho', 'hubspot'])('%s: revokes the replaced refresh token at the provider; the new one works', async (platform) => {
    const user = await signUpTestUser(product);
    await connectCrm(product, user, platform);
    const first = await storedRefreshToken(user.id, platform);
    await expect(refreshAtProvider(user.id, platform, first)).resolves.toMatchObject({ accessToken: expect.any(String) });

    await connectCrm(product, user, platform);
    const second = await storedRefreshToken(user.id, platform);
    expect(second).not.toBe(first);

    await expect(refreshAtProvider(user.id, platform, first)).rejects.toMatchObject({ code: 'crm_auth_revoked' });
    await expect(refreshAtProvider(user.id, platform, second)).resolves.toMatchObject({ accessToken: expect.any(String) });
    if (platform === 'hubspot') {
      // HubSpot's own view of the two tokens.
      expect((await fetch(`${sandboxOriginOf(product, platform)}/oauth/v1/refresh-tokens/${first}`)).status).toBe(404);
      expect((await fetch(`${sandboxOriginOf(product, platform)}/oauth/v1/refresh-tokens/${second}`)).status).toBe(200);
    }
    const session = await product.services.credentials.getSession(user.id, platform);
    await expect(session.getAccessToken()).resolves.toEqual(expect.any(String));
  });

  it('still reconnects when the provider cannot revoke the replaced grant', async () => {
    const hubspot = sandboxOriginOf(product, 'hubspot');
    const user = await signUpTestUser(product);
    await connectCrm(product, user, 'hubspot');
    const first = await storedRefreshToken(user.id, 'hubspot');
    // Down for the revoke and every retry of it (1 + 5 attempts), then back.
    const fault = await fetch(`${hubspot}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 503, pathPrefix: '/oauth/v1/refresh-tokens', count: 6 }),
    });
    expect(fault.status).toBe(201);
    try {
      await connectCrm(product, user, 'hubspot');
    } finally {
      await fetch(`${hubspot}/__sandbox/faults`, { method: 'DELETE' });
    }

    const second = await storedRefreshToken(user.id, 'hubspot');
    expect(second).not.toBe(first);
    await expect(refreshAtProvider(user.id, 'hubspot', second)).resolves.toMatchObject({ accessToken: expect.any(String) });
    // The revoke really failed: the old grant is still alive at the provider.
    expect((await fetch(`${hubspot}/oauth/v1/refresh-tokens/${first}`)).status).toBe(200);
    const listed = await fetch(`${product.url}/api/v1/crm/credentials`, { headers: user.authorization });
    expect(((await listed.json()) as { connections: unknown[] }).connections).toEqual([expect.objectContaining({ platform: 'hubspot', status: 'connected' })]);
  });
});

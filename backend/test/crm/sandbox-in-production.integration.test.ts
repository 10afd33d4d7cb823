import type { TCrmCredentialsResponse } from '@voiceagent/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser } from '../support/test-users';

// Production requires a real key; any 32 bytes do here.
const PRODUCTION = { NODE_ENV: 'production', CRM_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'), SYNC_WORKERS: 'off', CRM_SANDBOX_CONTACTS: '0' };

describe('the sandbox CRMs of a production server', () => {
  let product: TestProduct | undefined;
  afterEach(async () => {
    await product?.close();
    product = undefined;
  });

  async function readCredentials(running: TestProduct): Promise<TCrmCredentialsResponse> {
    const user = await signUpTestUser(running);
    const res = await fetch(`${running.url}/api/v1/crm/credentials`, { headers: user.authorization });
    expect(res.status).toBe(200);
    return (await res.json()) as TCrmCredentialsResponse;
  }

  it('are not started when no CRM app is configured, and connecting says the platform is not configured', async () => {
    product = await startTestProduct(PRODUCTION);

    expect((await readCredentials(product)).available).toEqual([]);
    const user = await signUpTestUser(product);
    const res = await fetch(`${product.url}/api/v1/crm/hubspot/oauth`, { headers: user.authorization });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.json()).toMatchObject({ error: { code: 'crm_not_configured' } });
  });

  it('are started when CRM_SANDBOX=on asks for them', async () => {
    product = await startTestProduct({ ...PRODUCTION, CRM_SANDBOX: 'on' });

    expect((await readCredentials(product)).available).toEqual([
      { platform: 'hubspot', isSandbox: true },
      { platform: 'zoho', isSandbox: true },
      { platform: 'salesforce', isSandbox: true },
    ]);
  });
});

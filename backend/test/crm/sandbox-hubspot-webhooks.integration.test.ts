import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser } from '../support/test-users';

type Deliveries = { recentAttempts: { targetUrl: string; status: number | null; error: string | null }[] };

describe('the sandbox HubSpot of run mode', () => {
  let product: TestProduct;
  beforeAll(async () => {
    product = await startTestProduct({ SYNC_WORKERS: 'off', CRM_SANDBOX_CONTACTS: '50' });
  });
  afterAll(() => product.close());

  it('delivers its contact webhooks to the product out of the box', async () => {
    const user = await signUpTestUser(product);
    const oauth = await fetch(`${product.url}/api/v1/crm/hubspot/oauth`, { headers: user.authorization });
    expect(oauth.status).toBe(200);
    const { url } = (await oauth.json()) as { url: string };
    const sandbox = new URL(url).origin;

    const modified = await fetch(`${sandbox}/__sandbox/accounts/62515/contacts/modify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: ['1'] }) });
    expect(modified.status).toBe(200);
    const flush = await fetch(`${sandbox}/__sandbox/webhooks/flush`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ timeoutMs: 2000 }) });
    const { stats } = (await flush.json()) as { stats: Deliveries };

    const [attempt] = stats.recentAttempts;
    expect(attempt?.targetUrl).toBe(`${product.url}/api/v1/crm/hubspot/webhooks`);
    // An HTTP answer, whatever the receiver made of it: the product was reached, not a closed port.
    expect(attempt?.error).toBeNull();
    expect(attempt?.status).toEqual(expect.any(Number));
  });
});

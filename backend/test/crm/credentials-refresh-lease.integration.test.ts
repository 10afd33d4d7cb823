import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialsService, type CredentialsService } from '../../src/crm/credentials/credentials-service';
import { createTokenCipher } from '../../src/crm/credentials/token-cipher';
import { createPool } from '../../src/db/pool';
import { sandboxOriginOf, signUpConnectedUser } from '../support/run-mode-sandboxes';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import type { TestUser } from '../support/test-users';

/**
 * A token refresh must not hold a database transaction (and its row lock) while the provider
 * takes its time: everything else about that connection carries on, and concurrent callers in
 * any process still cause exactly one refresh at the provider.
 */
const ENCRYPTION_KEY = randomBytes(32);
const SLOW_REFRESH_MS = 10_000;
/**
 * "A moment": well below SLOW_REFRESH_MS, far above what the request needs on a busy machine (a
 * GET and a one-row PATCH). The test also checks both answered while the refresh was still held.
 */
const A_MOMENT_MS = 5_000;

let product: TestProduct;
let hubspot: string;
/** A second "process": its own pool and credentials service, sharing only the database. */
let otherPool: Pool;
let other: CredentialsService;

beforeAll(async () => {
  product = await startTestProduct({
    CRM_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
    CRM_ENCRYPTION_KEY_ID: 'test',
    CRM_SANDBOX_CONTACTS: '20',
    SYNC_WORKERS: 'off',
  });
  hubspot = sandboxOriginOf(product, 'hubspot');
  otherPool = createPool(product.config.databaseUrl!);
  other = createCredentialsService({
    pool: otherPool,
    cipher: createTokenCipher({ id: 'test', key: ENCRYPTION_KEY }),
    registry: product.services.registry,
    logger: product.logger,
  });
});
afterAll(async () => {
  await otherPool?.end();
  await product?.close();
});

async function tokenRefreshes(): Promise<number> {
  const { requests } = (await (await fetch(`${hubspot}/__sandbox/counters`)).json()) as { requests: Record<string, number> };
  return Object.entries(requests)
    .filter(([endpoint]) => /^POST .*\/oauth\/v1\/token$/.test(endpoint))
    .reduce((sum, [, count]) => sum + count, 0);
}

async function expireAccessToken(user: TestUser): Promise<void> {
  await product.pool.query(`update user_crm_credentials set token_expires_at = now() - interval '1 minute' where user_id = $1`, [user.id]);
}

async function api(user: TestUser, path: string, init: RequestInit = {}): Promise<{ status: number; elapsedMs: number; body: unknown }> {
  const started = performance.now();
  const res = await fetch(`${product.url}/api/v1${path}`, {
    ...init,
    headers: { ...user.authorization, 'content-type': 'application/json' },
    signal: AbortSignal.timeout(SLOW_REFRESH_MS + 10_000),
  });
  const body: unknown = await res.json();
  return { status: res.status, elapsedMs: performance.now() - started, body };
}

/** Concurrent callers from both processes, each holding a session loaded with the expired token. */
async function accessTokensFromBothProcesses(user: TestUser, callers: number): Promise<{ tokens: Promise<string[]> }> {
  const sessions = await Promise.all(
    Array.from({ length: callers }, (_, i) => (i % 2 === 0 ? product.services.credentials : other).getSession(user.id, 'hubspot')),
  );
  // Wrapped, so that awaiting the sessions does not await the tokens too.
  return { tokens: Promise.all(sessions.map((session) => session.getAccessToken())) };
}

describe('refreshing a CRM access token', () => {
  it('with the provider answering after 10 s, other requests for that connection answer at once and the token is refreshed once', async () => {
    const user = await signUpConnectedUser(product, 'hubspot');
    await expireAccessToken(user);
    const fault = await fetch(`${hubspot}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'latency', latencyMs: SLOW_REFRESH_MS, pathPrefix: '/oauth/v1/token', count: 1 }),
    });
    expect(fault.status).toBe(201);
    const before = await tokenRefreshes();

    const refreshing = await accessTokensFromBothProcesses(user, 10);
    let refreshedAt: number | undefined;
    void refreshing.tokens.then(() => (refreshedAt = performance.now()), () => undefined);
    // The rule retires on its one hit: the refresh has reached the provider and is being held there.
    await expect.poll(async () => (await (await fetch(`${hubspot}/__sandbox/faults`)).json()) as unknown[], { timeout: 5_000 }).toEqual([]);

    const listed = await api(user, '/crm/credentials');
    expect(listed.status).toBe(200);
    expect(listed.elapsedMs).toBeLessThan(A_MOMENT_MS);
    // A write to the connection's own row: it waited for the refresh's row lock until now.
    const settings = await api(user, '/crm/hubspot/settings', { method: 'PATCH', body: JSON.stringify({ defaultPhoneRegion: 'DE' }) });
    expect(settings.status).toBe(200);
    expect(settings.elapsedMs).toBeLessThan(A_MOMENT_MS);
    expect(settings.body).toMatchObject({ connection: { platform: 'hubspot', defaultPhoneRegion: 'DE' } });
    // Both answered while the provider still held the refresh, not after it.
    expect(refreshedAt).toBeUndefined();

    const tokens = await refreshing.tokens;
    expect(new Set(tokens).size).toBe(1);
    expect((await tokenRefreshes()) - before).toBe(1);
    expect((await fetch(`${hubspot}/oauth/v1/access-tokens/${tokens[0]}`)).status).toBe(200);
  });

  it('a refresh whose process died is taken over once its lease runs out, and only then', async () => {
    const user = await signUpConnectedUser(product, 'hubspot');
    await expireAccessToken(user);
    // What a process that claimed the refresh and then died leaves behind: a lease nobody renews.
    await product.pool.query(
      `update user_crm_credentials set refresh_claim_id = gen_random_uuid(), refresh_claimed_until = now() + interval '2 seconds'
       where user_id = $1`,
      [user.id],
    );
    const before = await tokenRefreshes();

    const started = performance.now();
    const tokens = await (await accessTokensFromBothProcesses(user, 4)).tokens;
    expect(performance.now() - started).toBeGreaterThan(1_000);
    expect(new Set(tokens).size).toBe(1);
    expect((await tokenRefreshes()) - before).toBe(1);
    const { rows } = await product.pool.query<{ refresh_claim_id: string | null }>('select refresh_claim_id from user_crm_credentials where user_id = $1', [
      user.id,
    ]);
    expect(rows[0]!.refresh_claim_id).toBeNull();
  });

  describe('while the user disconnects', () => {
    const holdAtProvider = async (pathPrefix: string) => {
      const fault = await fetch(`${hubspot}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'latency', latencyMs: 3_000, pathPrefix, count: 1 }),
      });
      expect(fault.status).toBe(201);
    };
    // The rule retires on its one hit: the request has reached the provider and is held there.
    const heldAtProvider = () => expect.poll(async () => (await (await fetch(`${hubspot}/__sandbox/faults`)).json()) as unknown[], { timeout: 5_000 }).toEqual([]);
    const activityOf = async (user: TestUser) =>
      (await product.pool.query<{ kind: string }>('select kind from audit_events where user_id = $1 order by id', [user.id])).rows.map((row) => row.kind);
    const refusal = (promise: Promise<unknown>) => promise.then(() => 'a token', (error: { code?: string }) => error.code);

    it('a refresh at the provider when the grant is revoked ends as "not connected" and logs no reconnect request', async () => {
      const user = await signUpConnectedUser(product, 'hubspot');
      await expireAccessToken(user);
      await holdAtProvider('/oauth/v1/token');
      const session = await product.services.credentials.getSession(user.id, 'hubspot');
      const token = refusal(session.getAccessToken());
      await heldAtProvider();

      const disconnected = await api(user, '/crm/hubspot', { method: 'DELETE' });
      expect(disconnected).toMatchObject({ status: 200, body: { revokedAtProvider: true } });
      // The held refresh reaches the provider after the revoke and is refused.
      expect(await token).toBe('crm_not_connected');
      const activity = await activityOf(user);
      expect(activity).toContain('crm_disconnected');
      expect(activity).not.toContain('crm_needs_reauth');
      expect(activity).not.toContain('crm_token_refresh_failed');
    });

    it('no refresh starts while the grant is being revoked', async () => {
      const user = await signUpConnectedUser(product, 'hubspot');
      await expireAccessToken(user);
      await holdAtProvider('/oauth/v1/refresh-tokens');
      const disconnecting = api(user, '/crm/hubspot', { method: 'DELETE' });
      await heldAtProvider();
      const before = await tokenRefreshes();

      const token = refusal((await product.services.credentials.getSession(user.id, 'hubspot')).getAccessToken());
      expect((await disconnecting).status).toBe(200);
      expect(await token).toBe('crm_not_connected');
      expect((await tokenRefreshes()) - before).toBe(0);
      expect(await activityOf(user)).not.toContain('crm_token_refresh_failed');
    });
  });
});

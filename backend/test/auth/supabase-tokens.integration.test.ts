import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../support/start-test-product';

/**
 * Supabase mode: tokens issued by a Supabase project are verified locally, with the project's
 * JWKS (asymmetric keys) or its legacy HS256 secret. A local server stands in for the project's
 * JWKS endpoint.
 */
const LEGACY_SECRET = 'supabase-legacy-secret-supabase-legacy-secret';
let product: TestProduct;
let jwksServer: Server;
let projectKey: CryptoKey;
let supabaseUrl: string;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  projectKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'project-key', alg: 'ES256', use: 'sig' };
  jwksServer = createServer((req, res) => {
    if (req.url === '/auth/v1/.well-known/jwks.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  supabaseUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
  product = await startTestProduct({ SUPABASE_URL: supabaseUrl, SUPABASE_ANON_KEY: 'project-anon-key', SUPABASE_JWT_SECRET: LEGACY_SECRET });
});

afterAll(async () => {
  await product?.close();
  jwksServer?.close();
});

async function me(token: string) {
  return fetch(`${product.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
}

function claims(sub = crypto.randomUUID()) {
  return new SignJWT({ role: 'authenticated', email: 'p@example.com' }).setSubject(sub).setAudience('authenticated').setIssuedAt().setExpirationTime('5m');
}

describe('Supabase mode', () => {
  it('publishes the project URL and anon key to the web app and serves no local auth', async () => {
    const config = await (await fetch(`${product.url}/api/v1/config`)).json();
    expect(config).toEqual({ authMode: 'supabase', supabaseUrl, supabaseAnonKey: 'project-anon-key' });
    const local = await fetch(`${product.url}/auth/v1/token?grant_type=password`, { method: 'POST' });
    expect(local.status).not.toBe(200);
  });

  it('accepts a token signed with the project’s JWKS key', async () => {
    const sub = crypto.randomUUID();
    const token = await claims(sub).setProtectedHeader({ alg: 'ES256', kid: 'project-key' }).sign(projectKey);
    const res = await me(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: sub, email: 'p@example.com' });
  });

  it('accepts a token signed with the legacy JWT secret', async () => {
    const token = await claims().setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(LEGACY_SECRET));
    expect((await me(token)).status).toBe(200);
  });

  it('refuses a token signed by another key', async () => {
    const stranger = await generateKeyPair('ES256');
    const token = await claims().setProtectedHeader({ alg: 'ES256', kid: 'project-key' }).sign(stranger.privateKey);
    expect((await me(token)).status).toBe(401);
  });

  it('refuses a service-role token as a user token: it must name the user it acts for (400)', async () => {
    const token = await new SignJWT({ role: 'service_role' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .setAudience('authenticated')
      .sign(new TextEncoder().encode(LEGACY_SECRET));
    const res = await me(token);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('acting_user_required');
  });

  it('refuses a service-role token signed by another key with 401', async () => {
    const token = await new SignJWT({ role: 'service_role' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(`${LEGACY_SECRET}-not`));
    expect((await me(token)).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '../../src/openapi/api-operations';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { listExpressRoutes } from './express-routes';

let product: TestProduct;

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off' });
});
afterAll(async () => {
  await product?.close();
});

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Routes the document is about: the API under /api, and the health probes. */
function isApiRoute(path: string): boolean {
  return (path.startsWith('/api/') && !path.startsWith('/api/docs')) || path === '/healthz' || path === '/readyz';
}

describe('the OpenAPI document', () => {
  it('is served at GET /api/v1/openapi.json without a token, as OpenAPI 3.1', async () => {
    const res = await fetch(`${product.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await res.json()) as { openapi: string; servers: Array<{ url: string }>; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: product.url }]);
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => key(method, path)));
    expect(documented.sort()).toEqual(API_OPERATIONS.map((op) => key(op.method, op.path.replace(/:(\w+)/g, '{$1}'))).sort());
  });

  it('documents every route Express has under /api (and the health probes), and nothing Express lacks', () => {
    const routes = listExpressRoutes(product.app);
    const apiRoutes = routes.filter((route) => isApiRoute(route.path)).map((route) => key(route.method, route.path));
    const documented = API_OPERATIONS.map((op) => key(op.method, op.path));

    expect(apiRoutes.length).toBeGreaterThan(15);
    expect(apiRoutes.filter((route) => !documented.includes(route)), 'routes missing from the document').toEqual([]);
    expect(documented.filter((op) => !apiRoutes.includes(op)), 'documented operations without a route').toEqual([]);
    expect(new Set(documented).size, 'operations documented twice').toBe(documented.length);
  });

  it('leaves out only the docs page, the Supabase-compatible /auth/v1 API and the web app', () => {
    const others = listExpressRoutes(product.app).filter((route) => !isApiRoute(route.path));
    for (const route of others) {
      expect(route.path.startsWith('/api/docs') || route.path.startsWith('/auth/v1/') || route.path.startsWith('/^'), key(route.method, route.path)).toBe(true);
    }
  });

  it('gives every operation a success response, and every /api operation its 4xx errors and security', async () => {
    const document = (await (await fetch(`${product.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security: unknown[] }>>;
    };
    for (const op of API_OPERATIONS) {
      const documented = document.paths[op.path.replace(/:(\w+)/g, '{$1}')]![op.method]!;
      const statuses = Object.keys(documented.responses).map(Number);
      expect(statuses, op.operationId).toContain(op.response.status);
      if (op.path.startsWith('/api/')) expect(statuses.filter((s) => s >= 400 && s < 500), op.operationId).toContain(429);
      if (op.auth === 'user') expect(statuses, op.operationId).toEqual(expect.arrayContaining([400, 401, 403]));
      expect(documented.security, op.operationId).toEqual(op.auth === 'user' ? [{ userToken: [] }, { serviceToken: [], actingUser: [] }] : []);
    }
  });
});

describe('GET /api/docs', () => {
  it('serves Swagger UI from this server, reading the document, with no script from elsewhere', async () => {
    const res = await fetch(`${product.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) {
      expect(source.startsWith('/api/docs/'), source).toBe(true);
      expect((await fetch(`${product.url}${source}`)).status, source).toBe(200);
    }
    const init = await (await fetch(`${product.url}/api/docs/init.js`)).text();
    expect(init).toContain("url: '/api/v1/openapi.json'");
    expect(init).toContain('validatorUrl: null');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
  });

  it('serves no other file of the swagger-ui-dist package', async () => {
    for (const name of ['index.html', 'swagger-initializer.js', 'package.json', 'constructor', '..%2Fpackage.json']) {
      const res = await fetch(`${product.url}/api/docs/${name}`);
      expect(res.status, name).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});

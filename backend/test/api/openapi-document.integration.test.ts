import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ENDPOINT_LIST, type Endpoint } from '@voiceagent/shared';
import { findMountedEndpoint, type MountedEndpoint } from '../../src/http/mount-endpoint';
import { buildOpenApiDocument } from '../../src/openapi/build-openapi-document';
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
    expect(documented.sort()).toEqual(ENDPOINT_LIST.map((op) => key(op.method, op.path.replace(/:(\w+)/g, '{$1}'))).sort());
  });

  it('documents every route Express has under /api (and the health probes), and nothing Express lacks', () => {
    const routes = listExpressRoutes(product.app);
    const apiRoutes = routes.filter((route) => isApiRoute(route.path)).map((route) => key(route.method, route.path));
    const documented = ENDPOINT_LIST.map((op) => key(op.method, op.path));

    expect(apiRoutes.length).toBeGreaterThan(15);
    expect(apiRoutes.filter((route) => !documented.includes(route)), 'routes missing from the document').toEqual([]);
    expect(documented.filter((op) => !apiRoutes.includes(op)), 'documented operations without a route').toEqual([]);
    expect(new Set(documented).size, 'operations documented twice').toBe(documented.length);
  });

  it('mounts every route it documents from the endpoint table, parsing with the schemas the document shows', async () => {
    const served = (await (await fetch(`${product.url}/api/v1/openapi.json`)).json()) as ServedDocument;
    const routes = listExpressRoutes(product.app).filter((route) => isApiRoute(route.path));
    expect(routes.length).toBe(ENDPOINT_LIST.length);
    for (const route of routes) {
      const name = key(route.method, route.path);
      // The function that answers is the one mountEndpoint built, for the table's own endpoint object.
      const mounted = route.handlers.map(findMountedEndpoint).filter((found): found is MountedEndpoint => found !== undefined);
      expect(mounted.length, `${name} was not mounted with mountEndpoint`).toBe(1);
      const { endpoint, schemas } = mounted[0]!;
      expect(ENDPOINT_LIST.includes(endpoint), `${name}: an endpoint outside the table`).toBe(true);
      expect(key(endpoint.method, endpoint.path), name).toBe(name);

      // What the route parses with is what the endpoint declares…
      const { request } = endpoint;
      expect(schemas.params, `${name} params`).toBe(request.params);
      expect(schemas.query, `${name} query`).toBe(request.query);
      expect(schemas.headers, `${name} headers`).toBe(request.headers);
      expectParsesDeclaredBody(endpoint, schemas.body, name);

      // …and the document's operation is the one generated from those declarations.
      const alone = buildOpenApiDocument({ serverUrl: product.url, operations: [endpoint] });
      const documentPath = endpoint.path.replace(/:(\w+)/g, '{$1}');
      const operation = served.paths[documentPath]![endpoint.method];
      expect(operation, name).toEqual(JSON.parse(JSON.stringify(alone.paths![documentPath]![endpoint.method])));
      for (const ref of JSON.stringify(operation).matchAll(/"#\/components\/schemas\/(\w+)"/g)) {
        expect(served.components.schemas[ref[1]!], `${name}: ${ref[1]}`).toEqual(JSON.parse(JSON.stringify(alone.components!.schemas![ref[1]!])));
      }
    }
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
    for (const op of ENDPOINT_LIST) {
      const documented = document.paths[op.path.replace(/:(\w+)/g, '{$1}')]![op.method]!;
      const statuses = Object.keys(documented.responses).map(Number);
      expect(statuses, op.operationId).toContain(op.response.status);
      if (op.path.startsWith('/api/')) expect(statuses.filter((s) => s >= 400 && s < 500), op.operationId).toContain(429);
      if (op.auth === 'user') expect(statuses, op.operationId).toEqual(expect.arrayContaining([400, 401, 403]));
      expect(documented.security, op.operationId).toEqual(op.auth === 'user' ? [{ userToken: [] }, { serviceToken: [], actingUser: [] }] : []);
    }
  });
});

type ServedDocument = { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };

/**
 * The body is parsed with the declared schema; with the declared envelope (a batch whose items
 * are checked one by one afterwards), which the endpoint itself names; or with a stricter schema
 * the server adds checks to (phone numbers read with libphonenumber), which must describe the
 * same JSON. An upload is read by its handler.
 */
function expectParsesDeclaredBody(endpoint: Endpoint, parsedWith: z.ZodType | undefined, name: string): void {
  const { body, bodyEnvelope } = endpoint.request;
  if (parsedWith === body || (bodyEnvelope !== undefined && parsedWith === bodyEnvelope)) return;
  // An upload (multipart/form-data) is not parsed by the mount: its handler reads the stream as it arrives.
  if (endpoint.request.bodyContentType !== undefined) {
    expect(parsedWith, `${name}: an upload's body is parsed by the mount`).toBeUndefined();
    return;
  }
  expect(parsedWith, `${name}: a body schema with no declared body`).toBeDefined();
  expect(body, `${name}: a body schema with no declared body`).toBeDefined();
  expect(z.toJSONSchema(parsedWith!, { io: 'input' }), `${name} body`).toEqual(z.toJSONSchema(body!, { io: 'input' }));
}

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

import fc from 'fast-check';
import { HUBSPOT_DEFAULT_APP } from '@voiceagent/crm-sandbox';
import { endpoints, ZApiError, ZCreateContactsEnvelope, ZHubSpotWebhookBody } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ENDPOINT_LIST, ERROR_STATUS as STATUS_BY_CODE, type Endpoint } from '@voiceagent/shared';
import type { ErrorCode } from '../../src/http/app-error';
import { deliver } from '../crm/webhooks/hubspot-delivery';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { authEndpoints, describeAuthRequest, expectGoTrueError, sendAuthRequest } from './hostile/hostile-auth-requests';
import { BODIES, buildBaseline, createUserWorld, fingerprintData, type UserWorld } from './hostile/hostile-fixtures';
import { cloneRequest, describeRequest, isContractValid, mutationsFor, sendRequest, type RequestModel } from './hostile/hostile-requests';
import { hostileString } from './hostile/hostile-values';

/**
 * Every documented operation, driven with requests that break its contract — wrong types, huge
 * and unicode strings, injection strings, bad cursors and ids, missing and extra fields, broken
 * JSON, junk credentials — answers with a 4xx JSON error, never a 5xx; the server stays up and
 * nothing is written. Requests that keep the contract go only to operations that write nothing.
 */
const RUNS_PER_OPERATION = 60;
const AUTH_RUNS_PER_ENDPOINT = 60;
const BODY_LIMIT = '64kb';

/**
 * GETs that still write (an OAuth state; the field catalogue cached on its first read): only
 * contract-breaking requests go to them.
 */
const WRITING_GETS = new Set(['startCrmAuthorization', 'listCrmFields']);
/** The provider's redirect back: a bad query (its own parameters) is answered with a redirect to the web app, by design. */
const REDIRECTS_ON_BAD_INPUT = new Set(['completeCrmAuthorization']);
/** Checked by the server as an envelope first; each item on its own afterwards, reported in the 200. */
const BODY_GATES: Record<string, z.ZodType> = { createContacts: ZCreateContactsEnvelope };

let product: TestProduct;
let world: UserWorld;

beforeAll(async () => {
  product = await startTestProduct({
    CRM_SANDBOX_CONTACTS: '3',
    SYNC_WORKERS: 'off',
    RATE_LIMIT_PER_MINUTE_USER: '0',
    RATE_LIMIT_PER_MINUTE_IP: '0',
    // Off so that hostile requests reach the auth endpoints rather than stop at a counter.
    AUTH_RATE_LIMIT_PER_IP: '0',
    AUTH_RATE_LIMIT_PER_EMAIL: '0',
    AUTH_RATE_LIMIT_REFRESH_PER_IP: '0',
    JSON_BODY_LIMIT: BODY_LIMIT,
  });
  world = await createUserWorld(product);
});
afterAll(async () => {
  await product?.close();
});

// POSTs that only read (a body instead of a query string): their well-formed variants are sent too.
const READING_POSTS = new Set(['queryContacts', 'previewAgentPrompt']);
const isWrite = (operation: Endpoint) => (operation.method !== 'get' && !READING_POSTS.has(operation.operationId)) || WRITING_GETS.has(operation.operationId);

async function expectServerUp(): Promise<void> {
  expect((await fetch(`${product.url}/readyz`)).status).toBe(200);
}

/** The body as its declared content type reads: JSON, or the text itself (a CSV export). */
function bodyOf(operation: Endpoint, res: { text: string; json: unknown }): unknown {
  const type = operation.response.contentType;
  return type === undefined || type === 'application/json' ? res.json : res.text;
}

function expectErrorBody(status: number, json: unknown, context: string): void {
  const parsed = ZApiError.safeParse(json);
  expect(parsed.success, `${context}: not an error body: ${JSON.stringify(json)?.slice(0, 300)}`).toBe(true);
  const code = parsed.data!.error.code as ErrorCode;
  expect(STATUS_BY_CODE[code], `${context}: unknown code ${code}`).toBe(status);
}

describe('hostile input to every documented operation', () => {
  let before: Record<string, string>;

  beforeAll(async () => {
    before = await fingerprintData(product.pool, world.user.id);
  });

  it.each(ENDPOINT_LIST.map((operation) => [`${operation.method.toUpperCase()} ${operation.path}`, operation] as const))(
    '%s answers with a 4xx JSON error, never a 5xx',
    async (_name, operation) => {
      const baseline = buildBaseline(operation, world);
      const write = isWrite(operation);
      await fc.assert(
        fc.asyncProperty(mutationsFor(operation, baseline), async (mutations) => {
          const request: RequestModel = cloneRequest(baseline);
          for (const mutation of mutations) mutation.apply(request);
          const isValid = isContractValid(operation, request, BODY_GATES[operation.operationId]);
          // A request that keeps the contract would be carried out: only for operations that write nothing.
          fc.pre(!(write && isValid));

          const res = await sendRequest(product.url, operation, request, world.user.accessToken);
          const context = `${operation.operationId} with ${describeRequest(mutations)} → ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, context).toBeLessThan(500);
          if (res.status >= 400) expectErrorBody(res.status, res.json, context);
          if (res.status === 302) {
            expect(REDIRECTS_ON_BAD_INPUT.has(operation.operationId), context).toBe(true);
            expect(res.headers.get('location'), context).toMatch(new RegExp(`^${product.url}/crm\\?error=`));
          } else if (!isValid) {
            expect(res.status, context).toBeGreaterThanOrEqual(400);
          } else if (res.status < 300 && operation.response.schema) {
            // A well-formed read that succeeded answers with what the document promises.
            const parsed = operation.response.schema.safeParse(bodyOf(operation, res));
            expect(parsed.success, `${context}: ${parsed.error?.message}`).toBe(true);
          }
        }),
        { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
      await expectServerUp();
    },
  );

  it('wrote nothing: the user’s rows and every table’s row count are as they were', async () => {
    expect(await fingerprintData(product.pool, world.user.id)).toEqual(before);
  });
});

describe('request heads over Node’s 16 KB limit', () => {
  it('are refused by Node with 431 before they reach Express, and the server stays up', async () => {
    const res = await fetch(`${product.url}/api/v1/crm/contacts?q=${'a'.repeat(20_000)}`, { headers: world.user.authorization });
    expect(res.status).toBe(431);
    await expectServerUp();
  });
});

describe('cursors this API never issued', () => {
  // Each list's own cursor format, holding what Postgres cannot take: year 0, a NUL in a sort key.
  const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
  const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
  const year0 = '0000-01-01T00:00:00.000000Z';

  it.each([
    ['/crm/contacts', { v: 1, s: 'name', k: ['a\u0000', 'b'], id, w: 'unified' }],
    ['/crm/contacts?sort=updated', { v: 1, s: 'updated', k: [year0], id, w: 'unified' }],
    ['/crm/sync/runs', { q: year0, i: id }],
    ['/crm/sync/runs', { q: '2023-13-01T00:00:00.000000Z', i: id }],
    ['/agents', { v: 1, a: [year0, id] }],
    ['/agents/:agent/contacts', { v: 1, n: ['a\u0000', 'b', id] }],
    ['/campaigns', { v: 1, c: [year0, id] }],
    ['/campaigns/:campaign', { v: 1, k: ['a\u0000', id] }],
  ])('GET %s with %j is a 400 naming cursor', async (path, payload) => {
    const url = path.replace(':agent', world.agentId).replace(':campaign', world.campaignId);
    const res = await fetch(`${product.url}/api/v1${url}${url.includes('?') ? '&' : '?'}cursor=${encode(payload)}`, { headers: world.user.authorization });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', details: { issues: [{ field: 'cursor' }] } } });
  });
});

describe('oversized bodies', () => {
  const writes = ENDPOINT_LIST.filter((operation) => operation.method !== 'get');

  it.each(writes.map((operation) => [`${operation.method.toUpperCase()} ${operation.path}`, operation] as const))(
    '%s answers a body over JSON_BODY_LIMIT with 413 payload_too_large',
    async (_name, operation) => {
      const baseline = buildBaseline(operation, world);
      const request = cloneRequest(baseline);
      request.body = { kind: 'json', value: { padding: 'x'.repeat(70 * 1024), ...(BODIES[operation.operationId]?.(world) ?? {}) } };
      const res = await sendRequest(product.url, operation, request, world.user.accessToken);
      expect(res.status).toBe(413);
      expect((res.json as { error: { code: string } }).error.code).toBe('payload_too_large');
    },
  );

  it('refuses a body of a few megabytes without reading it all, and stays up', async () => {
    const res = await fetch(`${product.url}/api/v1/agents`, {
      method: 'POST',
      headers: { ...world.user.authorization, 'content-type': 'application/json' },
      body: `{"name":"${'x'.repeat(5 * 1024 * 1024)}"}`,
    });
    expect(res.status).toBe(413);
    await expectServerUp();
  });
});

describe('well-formed writes carrying hostile text', () => {
  // Text fields of valid bodies replaced by hostile strings: created (and readable back) or a 4xx, never a 5xx.
  const writes = ENDPOINT_LIST.filter((operation) => BODIES[operation.operationId]);
  let writer: UserWorld;

  beforeAll(async () => {
    writer = await createUserWorld(product);
  });

  it.each(writes.map((operation) => [`${operation.method.toUpperCase()} ${operation.path}`, operation] as const))('%s', async (_name, operation) => {
    const baseline = buildBaseline(operation, writer);
    const textPaths = listStringPaths(baseline.body.kind === 'json' ? baseline.body.value : {});
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...textPaths), hostileString(300), fc.uuid(), async (path, text, unique) => {
        const request = cloneRequest(baseline);
        const body = request.body.kind === 'json' ? (request.body.value as Record<string, unknown>) : {};
        setPath(body, path, text);
        // Call ids are unique per call: a fresh one keeps the result from being a duplicate.
        if (operation.operationId === 'postCampaignResults' && path.at(-1) !== 'callId') setPath(body, ['results', 0, 'callId'], unique);
        const res = await sendRequest(product.url, operation, request, writer.user.accessToken);
        const context = `${operation.operationId} with ${path.join('.')}=${JSON.stringify(text.slice(0, 40))} → ${res.status} ${res.text.slice(0, 300)}`;
        expect(res.status, context).toBeLessThan(500);
        if (res.status >= 400) expectErrorBody(res.status, res.json, context);
        else if (operation.response.schema) expect(operation.response.schema.safeParse(bodyOf(operation, res)).success, context).toBe(true);
      }),
      { numRuns: 20, endOnFailure: true },
    );
    await expectServerUp();
  });
});

describe('the event stream with a ticket this API never issued', () => {
  it('answers every hostile ticket, without an Authorization header, with 401 and the error body', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString(1000), async (ticket) => {
        const res = await fetch(`${product.url}/api/v1/events?ticket=${encodeURIComponent(ticket.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}`);
        const text = await res.text();
        const context = `ticket ${JSON.stringify(ticket.slice(0, 40))} → ${res.status} ${text.slice(0, 300)}`;
        // Authentication comes first: an empty or huge ticket is as unknown as a forged one.
        expect(res.status, context).toBe(401);
        expectErrorBody(res.status, JSON.parse(text), context);
      }),
      { numRuns: 60, endOnFailure: true },
    );
    await expectServerUp();
  });
});

describe('signed HubSpot webhook deliveries carrying hostile bodies', () => {
  // Signed correctly, so the body is what is tested: anything HubSpot's schema does not allow is a
  // 400, anything it allows is accepted (for a portal nobody connected: dropped), never a 5xx.
  const event = BODIES.receiveHubSpotWebhooks!({} as UserWorld) as Array<Record<string, unknown>>;
  const field = fc.constantFrom(...Object.keys(event[0]!));
  const value = fc.oneof(hostileString(300), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
  const body = fc.oneof(
    fc.tuple(field, value).map(([name, replacement]) => [{ ...event[0], [name]: replacement }] as unknown),
    fc.constantFrom<unknown>([], {}, null, 'text', Array.from({ length: 101 }, (_, i) => ({ ...event[0], eventId: i + 1 }))),
  );

  it('are answered 400 (or 200 when HubSpot could have sent them), never a 5xx', async () => {
    const signedUrl = `${product.url}${endpoints.receiveHubSpotWebhooks.path}`;
    await fc.assert(
      fc.asyncProperty(body, async (hostile) => {
        const res = await deliver(JSON.stringify(hostile), { productUrl: product.url, signedUrl, clientSecret: HUBSPOT_DEFAULT_APP.clientSecret! });
        const text = await res.text();
        const context = `${JSON.stringify(hostile).slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`;
        expect([200, 400], context).toContain(res.status);
        if (res.status === 400) expectErrorBody(res.status, JSON.parse(text), context);
        else expect(ZHubSpotWebhookBody.safeParse(hostile).success, context).toBe(true);
      }),
      { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
    );
    await expectServerUp();
  });
});

describe('hostile input to the local /auth/v1 (GoTrue’s contract)', () => {
  // Built lazily: the world exists only once the first beforeAll has run.
  const endpoints = () => authEndpoints({ anonKey: product.anonKey, email: world.user.email, accessToken: world.user.accessToken });

  it.each(['POST /signup', 'POST /token?grant_type=password', 'POST /token?grant_type=refresh_token', 'POST /token with another grant_type', 'GET /user', 'POST /logout', 'an unknown path'])(
    '%s answers with a GoTrue error or a success, never a 5xx',
    async (name) => {
      const arbitrary = endpoints().find(([endpoint]) => endpoint === name)![1];
      await fc.assert(
        fc.asyncProperty(arbitrary, async (request) => {
          const res = await sendAuthRequest(product.url, request);
          const context = `${describeAuthRequest(request)} → ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, context).toBeLessThan(500);
          if (res.status >= 400) expectGoTrueError(res.status, res.json, context);
          else if (res.status !== 204) expect(res.json, context).toBeTypeOf('object');
        }),
        { numRuns: AUTH_RUNS_PER_ENDPOINT, endOnFailure: true },
      );
      await expectServerUp();
    },
  );
});

function listStringPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) return value.flatMap((item, index) => listStringPaths(item, [...prefix, index]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => listStringPaths(item, [...prefix, key]));
  return [];
}

function setPath(root: Record<string, unknown>, path: Array<string | number>, value: unknown): void {
  let target = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path.at(-1)!] = value;
}

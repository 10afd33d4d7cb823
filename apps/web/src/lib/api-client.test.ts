import { defineEndpoint, endpoints } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, createApiClient, readAttachmentFilename, type ApiClient } from './api-client';
import { formatByteCount } from './save-file';

type Call = { url: string; init: RequestInit };

function setUp(respond: (init: RequestInit) => Response | Promise<Response>, token: string | null = 'token-abc') {
  const calls: Call[] = [];
  const api = createApiClient({
    baseUrl: 'http://api.test',
    getAccessToken: async () => token,
    fetch: async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return respond(init ?? {});
    },
  });
  return { api, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

// Endpoints of a made-up resource, declared as the contract declares its own.
const ZThing = z.object({ id: z.string(), count: z.number() });
const thingBase = { tag: 'platform', summary: 'A thing', auth: 'user', errors: [] } as const;
const getThing = defineEndpoint({
  ...thingBase,
  operationId: 'getThing',
  method: 'get',
  path: '/api/v1/things/:id/parts/:part',
  request: { params: z.object({ id: z.string(), part: z.string() }) },
  response: { status: 200, description: 'The thing', schema: ZThing },
});
const listThings = defineEndpoint({
  ...thingBase,
  operationId: 'listThings',
  method: 'get',
  path: '/api/v1/things',
  request: { query: z.object({ q: z.string().optional(), page: z.string().optional(), tag: z.array(z.string()).optional() }) },
  response: { status: 200, description: 'The things', schema: ZThing },
});
const renameThing = defineEndpoint({
  ...thingBase,
  operationId: 'renameThing',
  method: 'patch',
  path: '/api/v1/things/:id',
  request: { params: z.object({ id: z.string() }), body: z.object({ name: z.string() }) },
  response: { status: 200, description: 'The thing renamed', schema: ZThing },
});
const deleteThing = defineEndpoint({
  ...thingBase,
  operationId: 'deleteThing',
  method: 'delete',
  path: '/api/v1/things/:id',
  request: { params: z.object({ id: z.string() }) },
  response: { status: 204, description: 'Gone', schema: z.undefined() },
});

const exportThings = defineEndpoint({
  ...thingBase,
  operationId: 'exportThings',
  method: 'post',
  path: '/api/v1/things/export',
  request: { body: z.object({ q: z.string() }) },
  response: { status: 200, description: 'The things as CSV', schema: z.string(), contentType: 'text/csv' },
});

/** A body that arrives in pieces, as a streamed export does; `cut` ends it with an error instead. */
function streamed(parts: string[], options: { cut?: boolean; headers?: Record<string, string> } = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      if (options.cut) controller.error(new TypeError('terminated'));
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8', ...options.headers } });
}

const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('the call succeeded'), (error: unknown) => error);

describe('createApiClient', () => {
  it('sends the access token as a bearer token and returns the parsed body', async () => {
    const { api, calls } = setUp(() => json(200, { id: 'a', count: 2 }));

    const thing = await api.call(listThings, { query: { q: 'x y', page: 2, tag: undefined } });

    expect(thing).toEqual({ id: 'a', count: 2 });
    expect(calls[0]?.url).toBe('http://api.test/api/v1/things?q=x+y&page=2');
    expect(calls[0]?.init.method).toBe('GET');
    expect(new Headers(calls[0]?.init.headers).get('Authorization')).toBe('Bearer token-abc');
  });

  it('sends no Authorization header when there is no session', async () => {
    const { api, calls } = setUp(() => json(200, { authMode: 'local', supabaseUrl: 'http://localhost:4000', supabaseAnonKey: 'anon' }), null);

    await api.call(endpoints.getPublicConfig);

    expect(calls[0]?.url).toBe('http://api.test/api/v1/config');
    expect(new Headers(calls[0]?.init.headers).has('Authorization')).toBe(false);
  });

  it("sends a JSON body with its content type, and the endpoint's method in capitals", async () => {
    const { api, calls } = setUp(() => json(200, { id: 'n', count: 0 }));

    await api.call(renameThing, { params: { id: 'n' }, body: { name: 'n' } });

    // fetch sends a lower-case `patch` as written, which servers may refuse.
    expect(calls[0]?.init.method).toBe('PATCH');
    expect(calls[0]?.init.body).toBe('{"name":"n"}');
    expect(new Headers(calls[0]?.init.headers).get('Content-Type')).toBe('application/json');
  });

  it('sends extra headers alongside its own', async () => {
    const { api, calls } = setUp(() => json(200, { id: 'n', count: 0 }));

    await api.call(renameThing, { params: { id: 'n' }, body: { name: 'n' }, headers: { 'Idempotency-Key': 'key-1', Authorization: 'Bearer forged' } });

    const headers = new Headers(calls[0]?.init.headers);
    expect(headers.get('Idempotency-Key')).toBe('key-1');
    expect(headers.get('Authorization')).toBe('Bearer token-abc');
  });

  it('puts each path parameter into the path, percent-encoded', async () => {
    const { api, calls } = setUp(() => json(200, { id: 'a', count: 1 }));

    await api.call(getThing, { params: { id: 'a b/c?d', part: 'ü#1' } });

    expect(calls[0]?.url).toBe('http://api.test/api/v1/things/a%20b%2Fc%3Fd/parts/%C3%BC%231');
  });

  it('serialises the query: null and undefined left out, an array as a repeated key', async () => {
    const counts = { byPlatform: {}, total: 0, isEstimate: false };
    const { api, calls } = setUp(() => json(200, { view: 'unified', items: [], nextCursor: null, counts }));

    const page = await api.call(endpoints.listContacts, {
      query: { view: 'unified', platform: ['hubspot', 'zoho'], q: 'Ada L', callable: 'true', limit: 100, cursor: null, sort: undefined },
    });

    expect(page).toEqual({ view: 'unified', items: [], nextCursor: null, counts });
    expect(calls[0]?.url).toBe('http://api.test/api/v1/crm/contacts?view=unified&platform=hubspot&platform=zoho&q=Ada+L&callable=true&limit=100');
  });

  it("parses the answer with the endpoint's own response schema", async () => {
    const { api, calls } = setUp(() => json(200, { url: 'https://app.hubspot.com/oauth/authorize?state=s' }));

    await expect(api.call(endpoints.startCrmAuthorization, { params: { platform: 'hubspot' } })).resolves.toEqual({
      url: 'https://app.hubspot.com/oauth/authorize?state=s',
    });
    expect(calls[0]?.url).toBe('http://api.test/api/v1/crm/hubspot/oauth');
  });

  it("refuses a successful response that does not match the endpoint's schema", async () => {
    const { api } = setUp(() => json(200, { url: 'not a url' }));

    const error = await failure(api.call(endpoints.startCrmAuthorization, { params: { platform: 'zoho' } }));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expect((error as ApiError).details).toEqual([expect.objectContaining({ path: ['url'] })]);
  });

  it("turns the server's error body into an ApiError with its code, message and status", async () => {
    const { api } = setUp(() =>
      json(404, { error: { code: 'crm_not_connected', message: 'hubspot is not connected', details: { platform: 'hubspot' } } }),
    );

    const error = await failure(api.call(endpoints.startPlatformSync, { params: { platform: 'hubspot' } }));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'crm_not_connected', message: 'hubspot is not connected', status: 404, details: { platform: 'hubspot' } });
  });

  it('keeps the message of an error code this app does not know, as an unexpected response', async () => {
    const { api } = setUp(() => json(409, { error: { code: 'sync_running', message: 'A sync of HubSpot is already running.', details: { platform: 'hubspot' } } }));

    const error = await failure(api.call(endpoints.startPlatformSync, { params: { platform: 'hubspot' } }));

    expect(error).toMatchObject({
      code: 'unexpected_response',
      message: 'A sync of HubSpot is already running.',
      status: 409,
      details: { code: 'sync_running', details: { platform: 'hubspot' } },
    });
  });

  it('reports a failure without an error body by its status', async () => {
    const { api } = setUp(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));

    const error = await failure(api.call(getThing, { params: { id: 'a', part: 'b' } }));

    expect(error).toMatchObject({ code: 'unexpected_response', status: 502, message: 'The server answered with status 502 (Bad Gateway).' });
  });

  it('accepts an empty 204 when the schema expects nothing', async () => {
    const { api, calls } = setUp(() => new Response(null, { status: 204 }));

    await expect(api.call(deleteThing, { params: { id: 'a' } })).resolves.toBeUndefined();
    expect(calls[0]?.init.method).toBe('DELETE');
  });

  it('reports an unreachable server as a network error', async () => {
    const { api } = setUp(() => {
      throw new TypeError('fetch failed');
    });

    const error = await failure(api.call(getThing, { params: { id: 'a', part: 'b' } }));

    expect(error).toMatchObject({ code: 'network_error', status: 0 });
  });

  it('passes an abort through as an abort, not as an API error', async () => {
    const { api, calls } = setUp(
      (init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
        }),
    );
    const controller = new AbortController();

    const pending = failure(api.call(getThing, { params: { id: 'a', part: 'b' }, signal: controller.signal }));
    await expect.poll(() => calls.length).toBe(1);
    controller.abort();

    const error = await pending;
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});

// Never run: `tsc` checks that a call takes exactly what its endpoint declares.
function _assertCallsAreTyped(api: ApiClient) {
  void api.call(endpoints.getMe);
  void api.call(endpoints.listAgents);
  void api.call(endpoints.getAgent, { params: { id: 'a' } });
  // @ts-expect-error a path parameter the endpoint requires is missing
  void api.call(endpoints.getAgent);
  // @ts-expect-error the parameter is `id`, not `agentId`
  void api.call(endpoints.getAgent, { params: { agentId: 'a' } });
  // @ts-expect-error a body of the wrong type
  void api.call(endpoints.updateAgent, { params: { id: 'a' }, body: { name: 42 } });
  // @ts-expect-error the body is required
  void api.call(endpoints.updateCrmSettings, { params: { platform: 'zoho' } });
  // @ts-expect-error no such platform
  void api.call(endpoints.disconnectCrm, { params: { platform: 'pipedrive' } });
  // @ts-expect-error a query value outside the endpoint's enum
  void api.call(endpoints.listContacts, { query: { view: 'grouped' } });
  // @ts-expect-error an endpoint without a body takes none
  void api.call(endpoints.getMe, { body: { x: 1 } });
  const typed: Promise<{ url: string }> = api.call(endpoints.startCrmAuthorization, { params: { platform: 'hubspot' } });
  void typed;
}

describe('ApiClient.download', () => {
  it('sends the request as call does and returns the file with its name, telling the bytes as they come', async () => {
    const { api, calls } = setUp(() => streamed(['\uFEFFName\r\n', '"Ada"\r\n'], { headers: { 'Content-Disposition': 'attachment; filename="things-2026-12-03.csv"' } }));
    const progress: number[] = [];

    const file = await api.download(exportThings, { body: { q: 'ada' }, onProgress: (bytes) => progress.push(bytes) });

    expect(calls[0]?.url).toBe('http://api.test/api/v1/things/export');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.body).toBe('{"q":"ada"}');
    expect(new Headers(calls[0]?.init.headers).get('Authorization')).toBe('Bearer token-abc');
    expect(new Headers(calls[0]?.init.headers).get('Accept')).toBe('text/csv, application/json');
    expect(file.filename).toBe('things-2026-12-03.csv');
    expect(file.blob.type).toBe('text/csv; charset=utf-8');
    // The byte-order mark is kept for Excel (Blob.text() would read past it).
    expect([...new Uint8Array(await file.blob.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(await file.blob.text()).toBe('Name\r\n"Ada"\r\n');
    expect(progress).toEqual([9, 16]);
  });

  it('turns a JSON error before the file into an ApiError, as call does', async () => {
    const { api } = setUp(() => json(400, { error: { code: 'validation_failed', message: 'Invalid columns: No mapped custom field "custom.x"' } }));
    const error = await failure(api.download(exportThings, { body: { q: 'x' } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'validation_failed', status: 400, message: 'Invalid columns: No mapped custom field "custom.x"' });
  });

  it('reports a file cut off half-way as a failure, never as a file', async () => {
    const { api } = setUp(() => streamed(['Name\r\n', '"Ada"'], { cut: true }));
    const error = await failure(api.download(exportThings, { body: { q: 'x' } }));
    expect(error).toMatchObject({ code: 'network_error', message: 'The download was cut off before the end. Try again.' });
  });
});

describe('readAttachmentFilename', () => {
  it.each([
    ['attachment; filename="contacts-2026-12-03.csv"', 'contacts-2026-12-03.csv'],
    ['attachment; filename=plain.csv', 'plain.csv'],
    ['attachment; filename="a \\"quoted\\" name.csv"', 'a "quoted" name.csv'],
    ["attachment; filename=\"fallback.csv\"; filename*=UTF-8''r%C3%A9sultats.csv", 'résultats.csv'],
    ['attachment', null],
    [null, null],
  ])('reads %j as %j', (header, name) => {
    expect(readAttachmentFilename(header)).toBe(name);
  });
});

describe('formatByteCount', () => {
  it('says bytes as people read them', () => {
    expect([formatByteCount(512), formatByteCount(2048), formatByteCount(5 * 1024 * 1024 + 200_000)]).toEqual(['512 B', '2 KB', '5.2 MB']);
  });
});

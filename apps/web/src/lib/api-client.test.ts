import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, createApiClient } from './api-client';

type Call = { url: string; init: RequestInit };

function setUp(respond: () => Response | Promise<Response>, token: string | null = 'token-abc') {
  const calls: Call[] = [];
  const api = createApiClient({
    baseUrl: 'http://api.test',
    getAccessToken: async () => token,
    fetch: async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return respond();
    },
  });
  return { api, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const ZThing = z.object({ id: z.string(), count: z.number() });

describe('createApiClient', () => {
  it('sends the access token as a bearer token and returns the validated body', async () => {
    const { api, calls } = setUp(() => json(200, { id: 'a', count: 2 }));

    const thing = await api.request('/api/v1/things', { schema: ZThing, query: { q: 'x y', page: 2, skip: undefined } });

    expect(thing).toEqual({ id: 'a', count: 2 });
    expect(calls[0]?.url).toBe('http://api.test/api/v1/things?q=x+y&page=2');
    expect(new Headers(calls[0]?.init.headers).get('Authorization')).toBe('Bearer token-abc');
  });

  it('sends no Authorization header when there is no session', async () => {
    const { api, calls } = setUp(() => json(200, { id: 'a', count: 2 }), null);

    await api.request('/api/v1/config', { schema: ZThing });

    expect(new Headers(calls[0]?.init.headers).has('Authorization')).toBe(false);
  });

  it('sends a JSON body with its content type', async () => {
    const { api, calls } = setUp(() => json(201, { id: 'n', count: 0 }));

    await api.request('/api/v1/things', { schema: ZThing, method: 'POST', body: { name: 'n' } });

    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.body).toBe('{"name":"n"}');
    expect(new Headers(calls[0]?.init.headers).get('Content-Type')).toBe('application/json');
  });

  it("turns the server's error body into an ApiError with its code, message and status", async () => {
    const { api } = setUp(() =>
      json(409, { error: { code: 'sync_running', message: 'A sync of HubSpot is already running.', details: { platform: 'hubspot' } } }),
    );

    const error = await api.request('/api/v1/crm/hubspot/sync', { schema: ZThing, method: 'POST' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'sync_running',
      message: 'A sync of HubSpot is already running.',
      status: 409,
      details: { platform: 'hubspot' },
    });
  });

  it('reports a failure without an error body by its status', async () => {
    const { api } = setUp(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));

    const error = await api.request('/api/v1/things', { schema: ZThing }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'unexpected_response', status: 502, message: 'The server answered with status 502 (Bad Gateway).' });
  });

  it('refuses a successful response that does not match the schema', async () => {
    const { api } = setUp(() => json(200, { id: 'a', count: 'two' }));

    const error = await api.request('/api/v1/things', { schema: ZThing }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expect((error as ApiError).details).toEqual([expect.objectContaining({ path: ['count'] })]);
  });

  it('accepts an empty 204 when the schema expects nothing', async () => {
    const { api } = setUp(() => new Response(null, { status: 204 }));

    await expect(api.request('/api/v1/things/a', { schema: z.undefined(), method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('reports an unreachable server as a network error', async () => {
    const { api } = setUp(() => {
      throw new TypeError('fetch failed');
    });

    const error = await api.request('/api/v1/things', { schema: ZThing }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'network_error', status: 0 });
  });
});

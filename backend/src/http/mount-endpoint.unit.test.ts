import { Readable } from 'node:stream';
import express, { type Request } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { defineEndpoint } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { AppError } from './app-error';
import { createErrorHandler } from './error-handler';
import { createEndpointRouters, findMountedEndpoint, mountEndpoint, type EndpointRouters } from './mount-endpoint';

const ZWidgetParams = z.object({ id: z.uuid() });
const getWidget = defineEndpoint({
  operationId: 'getWidget',
  method: 'get',
  path: '/api/v1/widgets/:id',
  tag: 'agents',
  summary: 'A widget',
  auth: 'user',
  request: { params: ZWidgetParams, query: z.strictObject({ size: z.enum(['s', 'm']).default('s') }), headers: z.object({ 'X-Colour': z.enum(['red', 'blue']).optional() }) },
  response: { status: 200, description: 'The widget', schema: z.object({ id: z.uuid(), size: z.string(), colour: z.string().nullable(), by: z.string() }) },
  errors: [],
});
const exportWidgets = defineEndpoint({
  operationId: 'exportWidgets',
  method: 'get',
  path: '/api/v1/widgets.csv',
  tag: 'agents',
  summary: 'Every widget as CSV',
  auth: 'public',
  request: {},
  response: { status: 200, description: 'CSV', contentType: 'text/csv' },
  errors: [],
});
const widgetCallback = defineEndpoint({
  operationId: 'widgetCallback',
  method: 'get',
  path: '/api/v1/widgets/callback',
  tag: 'agents',
  summary: 'A redirect back',
  auth: 'public',
  request: { query: z.object({ state: z.string().max(5).optional(), code: z.string().optional() }) },
  response: { status: 302, description: 'Back to the app' },
  errors: [],
});
const createWidget = defineEndpoint({
  operationId: 'createWidget',
  method: 'post',
  path: '/api/v1/widgets',
  tag: 'agents',
  summary: 'Create a widget',
  auth: 'user',
  request: { body: z.strictObject({ name: z.string() }) },
  response: { status: 201, description: 'Created', schema: z.object({ id: z.string() }), headers: { Location: { description: 'The widget' } } },
  errors: [],
});

const users = new WeakMap<Request, AuthenticatedUser>();
const WIDGET_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function buildApp(mount: (routes: EndpointRouters) => void) {
  const routes = createEndpointRouters({
    base: '/api/v1',
    authenticate: {
      middleware: [
        (req, _res, next) => {
          if (req.get('authorization') !== 'Bearer ok') throw new AppError('unauthorized', 'Sign in first');
          users.set(req, { id: 'u1', claims: { sub: 'u1', role: 'authenticated' } });
          next();
        },
      ],
      userOf: (req) => users.get(req)!,
    },
  });
  mount(routes);
  const app = express();
  app.use(express.json());
  app.use('/api/v1', routes.router);
  app.use(createErrorHandler(pino({ level: 'silent' })));
  return { app, routes };
}

describe('mountEndpoint', () => {
  const { app } = buildApp((routes) => {
    mountEndpoint(routes, getWidget, async ({ params, query, headers, user }) => ({ id: params.id, size: query.size, colour: headers['X-Colour'] ?? null, by: user.id }));
    mountEndpoint(routes, exportWidgets, async () => Readable.from(['id,name\n', '1,Sprocket\n']));
    mountEndpoint(routes, widgetCallback, async ({ query }) => `https://app.example/done?state=${query.state ?? 'none'}`, { isQueryLenient: true });
    mountEndpoint(routes, createWidget, async ({ body }) => ({ id: body.name }), { location: (created) => `/api/v1/widgets/${created.id}` });
  });

  it('parses params, query (with defaults) and declared headers, and hands the handler the signed-in user', async () => {
    const res = await request(app).get(`/api/v1/widgets/${WIDGET_ID}`).set('authorization', 'Bearer ok').set('x-colour', 'red');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: WIDGET_ID, size: 's', colour: 'red', by: 'u1' });
  });

  it('answers bad input with a 400 naming the part and the field', async () => {
    const auth = { authorization: 'Bearer ok' };
    expect((await request(app).get('/api/v1/widgets/nope').set(auth)).body.error.message).toBe('Invalid params: id');
    expect((await request(app).get(`/api/v1/widgets/${WIDGET_ID}?size=xl`).set(auth)).body.error.message).toBe('Invalid query: size');
    expect((await request(app).get(`/api/v1/widgets/${WIDGET_ID}`).set(auth).set('x-colour', 'green')).body.error).toMatchObject({
      code: 'validation_failed',
      message: 'Invalid header: X-Colour',
      details: { issues: [{ field: 'X-Colour' }] },
    });
  });

  it('runs a user endpoint only behind authentication, and a public one without', async () => {
    expect((await request(app).get(`/api/v1/widgets/${WIDGET_ID}`)).status).toBe(401);
    expect((await request(app).get('/api/v1/widgets.csv')).status).toBe(200);
  });

  it('streams a body of a declared non-JSON content type', async () => {
    const res = await request(app).get('/api/v1/widgets.csv');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text).toBe('id,name\n1,Sprocket\n');
  });

  it('sends the headers a raw response carries with its body (an attachment\'s name)', async () => {
    const { app: attached } = buildApp((routes) =>
      mountEndpoint(routes, exportWidgets, async () => ({ body: Readable.from(['id\n']), headers: { 'Content-Disposition': 'attachment; filename="widgets.csv"' } })),
    );
    const res = await request(attached).get('/api/v1/widgets.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="widgets.csv"');
    expect(res.text).toBe('id\n');
  });

  it('redirects where the handler says, reading a lenient query without the values it cannot read', async () => {
    const res = await request(app).get('/api/v1/widgets/callback?state=much-too-long&code=a&code=b');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('https://app.example/done?state=none');
    expect((await request(app).get('/api/v1/widgets/callback?state=ok')).headers.location).toBe('https://app.example/done?state=ok');
  });

  it('writes the declared status and the Location derived from the body', async () => {
    const res = await request(app).post('/api/v1/widgets').set('authorization', 'Bearer ok').send({ name: 'w1' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/api/v1/widgets/w1');
  });

  it('refuses at start-up what it cannot honour: a declared Location without location(), a path outside its base', () => {
    // @ts-expect-error the endpoint declares a Location header, so location() is required
    expect(() => buildApp((routes) => mountEndpoint(routes, createWidget, async () => ({ id: 'x' })))).toThrow(/Location/);
    expect(() => buildApp((routes) => mountEndpoint({ ...routes, base: '/api/v2' }, exportWidgets, async () => ''))).toThrow(/not under \/api\/v2/);
    expect(() => mountEndpoint(createEndpointRouters({ base: '/api/v1' }), getWidget, async () => ({ id: WIDGET_ID, size: 's', colour: null, by: 'x' }))).toThrow(/signed-in user/);
  });

  it('records, for each route handler, the endpoint and schemas it was mounted with', () => {
    const { routes } = buildApp((r) => mountEndpoint(r, exportWidgets, async () => 'x'));
    const layer = (routes.public as unknown as { stack: Array<{ route: { stack: Array<{ handle: unknown }> } }> }).stack[0]!;
    expect(findMountedEndpoint(layer.route.stack[0]!.handle)).toEqual({ endpoint: exportWidgets, schemas: { params: undefined, query: undefined, headers: undefined, body: undefined } });
  });
});

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Endpoint } from '@voiceagent/shared';
import type { z } from 'zod';
import type { AuthenticatedUser } from '../auth/token-verifier';
import type { EndpointHandler, HandlerInput, MountOptions, MountOptionsArg, RawBody } from './endpoint-handler';
import { setAnsweringEndpoint, type OnApiResponse } from './response-hook';
import { parseInput } from './validate';

/**
 * Where the endpoints under one path prefix are mounted: a router for public endpoints, and one
 * for endpoints of signed-in users that runs behind `authenticate` (requireUser, then the
 * per-user rate limit). Mount `router`; an endpoint goes on the one its declared auth names.
 */
export type EndpointRouters = {
  /** The prefix `router` is mounted at: '/api/v1', or '' for the health probes. */
  base: string;
  router: Router;
  public: Router;
  /** Absent where no endpoint needs a signed-in user. */
  user?: { router: Router; userOf: (req: Request) => AuthenticatedUser };
  onResponse?: OnApiResponse;
};

export type EndpointRoutersOptions = {
  base: string;
  /**
   * Runs before every request that no public endpoint answered (unknown routes too, so that
   * they need a token like every other), and tells who is signed in.
   */
  authenticate?: { middleware: RequestHandler[]; userOf: (req: Request) => AuthenticatedUser };
  onResponse?: OnApiResponse;
};

export function createEndpointRouters(options: EndpointRoutersOptions): EndpointRouters {
  const router = express.Router();
  const publicRouter = express.Router();
  router.use(publicRouter);
  let user: EndpointRouters['user'];
  if (options.authenticate) {
    user = { router: express.Router(), userOf: options.authenticate.userOf };
    router.use(...options.authenticate.middleware, user.router);
  }
  return { base: options.base, router, public: publicRouter, user, onResponse: options.onResponse };
}

/** What a route parses with: the endpoint's declared schemas (the body's envelope where it has one), or a stricter body schema it was mounted with. */
export type MountedSchemas = { params?: z.ZodType; query?: z.ZodType; headers?: z.ZodObject; body?: z.ZodType };
export type MountedEndpoint = { endpoint: Endpoint; schemas: MountedSchemas };

// Keyed by the route's handler function: a test walking Express's routes finds, for each, the
// endpoint and schemas it was mounted with — and a route missing here was not mounted from the table.
const mountedHandlers = new WeakMap<object, MountedEndpoint>();

/** The endpoint a route handler was mounted for by mountEndpoint, if it was. */
export function findMountedEndpoint(handler: unknown): MountedEndpoint | undefined {
  return typeof handler === 'function' ? mountedHandlers.get(handler) : undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Mounts one endpoint of the table: parses params, query, declared headers and body with its
 * schemas (a 400 naming the wrong fields), gives the handler the signed-in user where the
 * endpoint needs one, and writes the declared status with what the handler returned.
 */
export function mountEndpoint<const E extends Endpoint>(routes: EndpointRouters, endpoint: E, handler: EndpointHandler<E>, ...[options]: MountOptionsArg<E>): void {
  const where = `${endpoint.operationId} (${endpoint.method.toUpperCase()} ${endpoint.path})`;
  if (!endpoint.path.startsWith(`${routes.base}/`)) throw new Error(`${where} is not under ${routes.base}`);
  const path = endpoint.path.slice(routes.base.length);
  const user = endpoint.auth === 'user' ? routes.user : undefined;
  if (endpoint.auth === 'user' && !user) throw new Error(`${where} needs a signed-in user; these routes have no authentication`);
  if (endpoint.isIdempotent) throw new Error(`${where} is idempotent: Idempotency-Key is not supported here yet`);
  const mountOptions: LooseMountOptions = options ?? {};
  const { request, response } = endpoint;
  const isRedirect = REDIRECT_STATUSES.has(response.status);
  if (response.headers?.Location && !isRedirect && !mountOptions.location) throw new Error(`${where} declares a Location header: mount it with location()`);
  const schemas: MountedSchemas = {
    params: request.params,
    query: request.query,
    headers: request.headers,
    body: mountOptions.parseBodyWith ?? request.bodyEnvelope ?? request.body,
  };

  const write = (req: Request, res: Response, result: unknown) => writeResult(req, res, { endpoint, isRedirect, options: mountOptions, onResponse: routes.onResponse }, result);

  const handle: RequestHandler = async (req, res) => {
    setAnsweringEndpoint(res, endpoint);
    // In the order the routes parsed them before: a request wrong in several places is told about the first.
    const params = schemas.params ? parseInput(schemas.params, req.params, 'params') : undefined;
    const query = schemas.query ? parseQuery(schemas.query, req.query, mountOptions.isQueryLenient === true) : undefined;
    const headers = schemas.headers ? parseInput(schemas.headers, readHeaders(req, schemas.headers), 'header') : undefined;
    const body = schemas.body ? parseInput(schemas.body, req.body, 'body') : undefined;
    const input = { params, query, headers, body, user: user?.userOf(req) } as HandlerInput<E>;
    write(req, res, await handler(input));
  };
  mountedHandlers.set(handle, { endpoint, schemas });
  const router = user?.router ?? routes.public;
  router[endpoint.method](path, handle);
}

function parseQuery(schema: z.ZodType, query: unknown, isLenient: boolean): unknown {
  return isLenient ? parseLeniently(schema, query) : parseInput(schema, query, 'query');
}

/** The query without the parameters the schema cannot read (an object schema names each in its issues). */
function parseLeniently(schema: z.ZodType, query: unknown): unknown {
  const readable: Record<string, unknown> = { ...(query as Record<string, unknown>) };
  const first = schema.safeParse(readable);
  if (first.success) return first.data;
  for (const issue of first.error.issues) delete readable[String(issue.path[0])];
  const second = schema.safeParse(readable);
  // A schema that needs a parameter it could not read: parsed as if the query were empty.
  return second.success ? second.data : schema.parse({});
}

/** The declared headers that the request has, by their declared names ('Idempotency-Key'). */
function readHeaders(req: Request, schema: z.ZodObject): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = req.get(name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** The options of any endpoint, as the code that applies them sees them. */
type LooseMountOptions = Omit<MountOptions<Endpoint>, 'location' | 'parseBodyWith'> & { location?: (body: never) => string; parseBodyWith?: z.ZodType };

type WriteContext = { endpoint: Endpoint; isRedirect: boolean; options: LooseMountOptions; onResponse: OnApiResponse | undefined };

async function writeResult(req: Request, res: Response, context: WriteContext, result: unknown): Promise<void> {
  const { endpoint, options, onResponse } = context;
  const { status, contentType } = endpoint.response;
  const record = { method: req.method, url: req.originalUrl, endpoint, status };
  if (options.headers) res.set(options.headers);
  if (context.isRedirect) {
    res.redirect(status, result as string);
    onResponse?.({ ...record, body: undefined, location: result as string });
    return;
  }
  if (contentType && contentType !== 'application/json') {
    res.status(status).type(contentType);
    onResponse?.({ ...record, body: undefined });
    await sendRaw(res, result as RawBody);
    return;
  }
  const location = options.location?.(result as never);
  if (location) res.location(location);
  res.status(status).json(result);
  onResponse?.({ ...record, body: result, location });
}

/** A stream is piped (an export of any size in flat memory); an error half-way cuts the connection. */
async function sendRaw(res: Response, body: RawBody): Promise<void> {
  if (body instanceof Readable) await pipeline(body, res);
  else res.send(body);
}

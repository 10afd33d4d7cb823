import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { buildEndpointPath, IDEMPOTENCY_KEY_HEADER, type Endpoint } from '@voiceagent/shared';
import type { z } from 'zod';
import type { AuthenticatedUser } from '../auth/token-verifier';
import type { EndpointHandler, HandlerInput, MountOptions, MountOptionsArg, RawBody, RawResponse, ResponseCookie } from './endpoint-handler';
import { hashRequest } from './idempotency/idempotency-keys';
import type { IdempotentResponses } from './idempotency/idempotent-responses';
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
  /** For endpoints declared `isIdempotent`. */
  idempotency?: IdempotentResponses;
  onResponse?: OnApiResponse;
};

export type EndpointRoutersOptions = {
  base: string;
  /**
   * Runs before every request that no public endpoint answered (unknown routes too, so that
   * they need a token like every other), and tells who is signed in.
   */
  authenticate?: { middleware: RequestHandler[]; userOf: (req: Request) => AuthenticatedUser };
  idempotency?: IdempotentResponses;
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
  return { base: options.base, router, public: publicRouter, user, idempotency: options.idempotency, onResponse: options.onResponse };
}

/** What a route parses with: the endpoint's declared schemas (the body's envelope where it has one), or a stricter body schema it was mounted with. */
export type MountedSchemas = { params?: z.ZodType; query?: z.ZodType; headers?: z.ZodObject; cookies?: z.ZodObject; body?: z.ZodType };
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
 * endpoint needs one, runs it once per Idempotency-Key where it is idempotent, and writes the
 * declared status with what the handler returned.
 */
export function mountEndpoint<const E extends Endpoint>(routes: EndpointRouters, endpoint: E, handler: EndpointHandler<E>, ...[options]: MountOptionsArg<E>): void {
  const where = `${endpoint.operationId} (${endpoint.method.toUpperCase()} ${endpoint.path})`;
  if (!endpoint.path.startsWith(`${routes.base}/`)) throw new Error(`${where} is not under ${routes.base}`);
  const path = endpoint.path.slice(routes.base.length);
  const user = endpoint.auth === 'user' ? routes.user : undefined;
  if (endpoint.auth === 'user' && !user) throw new Error(`${where} needs a signed-in user; these routes have no authentication`);
  const idempotency = endpoint.isIdempotent ? routes.idempotency : undefined;
  if (endpoint.isIdempotent && (!idempotency || !user)) throw new Error(`${where} is idempotent: it needs a signed-in user and an Idempotency-Key store`);
  const mountOptions: LooseMountOptions = options ?? {};
  const { request, response } = endpoint;
  const isRedirect = REDIRECT_STATUSES.has(response.status);
  if (response.headers?.Location && !isRedirect && !mountOptions.location) throw new Error(`${where} declares a Location header: mount it with location()`);
  const schemas: MountedSchemas = {
    params: request.params,
    query: request.query,
    headers: request.headers,
    cookies: request.cookies,
    // An upload's body is the handler's to read as it streams in.
    body: request.bodyContentType ? undefined : (mountOptions.parseBodyWith ?? request.bodyEnvelope ?? request.body),
  };

  const write = (req: Request, res: Response, result: unknown, isReplay = false) =>
    writeResult(req, res, { endpoint, isRedirect, options: mountOptions, onResponse: routes.onResponse }, result, isReplay);

  const handle: RequestHandler = async (req, res) => {
    setAnsweringEndpoint(res, endpoint);
    // In the order the routes parsed them before: a request wrong in several places is told about the first.
    const params = schemas.params ? (parseInput(schemas.params, req.params, 'params') as Record<string, unknown>) : undefined;
    const query = schemas.query ? parseQuery(schemas.query, req.query, mountOptions.isQueryLenient === true) : undefined;
    const headers = schemas.headers ? (parseInput(schemas.headers, readHeaders(req, schemas.headers), 'header') as Record<string, string | undefined>) : undefined;
    const body = schemas.body ? parseInput(schemas.body, req.body, 'body') : undefined;
    const cookies = schemas.cookies ? parseLeniently(schemas.cookies, readCookies(req)) : undefined;
    const signedIn = user?.userOf(req);
    const setCookie = (cookie: ResponseCookie) => applyCookie(res, cookie);
    const upload = request.bodyContentType ? { stream: req, headers: req.headers } : undefined;
    const wantsAlternative = response.alternative ? isAlternativeWanted(req, query, response.alternative.contentType) : false;
    const input = { params, query, headers, body, cookies, setCookie, user: signedIn, upload, wantsAlternative } as HandlerInput<E>;
    const key = headers?.[IDEMPOTENCY_KEY_HEADER];
    if (!idempotency || !signedIn || key === undefined) return write(req, res, await handler(input));

    // The key is bound to this operation ("POST /crm/hubspot/contacts") and the body as sent.
    const operation = `${endpoint.method.toUpperCase()} ${buildEndpointPath(path, params)}`;
    const claim = { key, requestHash: hashRequest(operation, req.body) };
    const answer = await idempotency.respondOnce(signedIn, claim, async () => ({ status: response.status, body: await handler(input) }));
    // As Stripe does: a client can tell a replay from the first answer.
    if (answer.isReplay) res.setHeader('Idempotent-Replayed', 'true');
    if (answer.status === response.status) return write(req, res, answer.body, answer.isReplay);
    // A saved verdict error, written as the error handler wrote it the first time.
    res.status(answer.status).json(answer.body);
    routes.onResponse?.({ method: req.method, url: req.originalUrl, endpoint, status: answer.status, body: answer.body, isReplay: true });
  };
  mountedHandlers.set(handle, { endpoint, schemas });
  const router = user?.router ?? routes.public;
  router[endpoint.method](path, handle);
}

/** `?format=csv` names the alternative by its subtype; otherwise `Accept` must prefer it to JSON. */
function isAlternativeWanted(req: Request, query: unknown, contentType: string): boolean {
  const format = (query as { format?: unknown } | undefined)?.format;
  if (typeof format === 'string') return contentType.endsWith(`/${format}`);
  return req.accepts(['application/json', contentType]) === contentType;
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

/** The request's cookies by name (the first of a repeated name, as browsers send the most specific path first). */
export function readCookies(req: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator).trim();
    if (separator > 0 && !(name in cookies)) cookies[name] = pair.slice(separator + 1).trim();
  }
  return cookies;
}

/** Sets a cookie; a response that sets one must never be stored and replayed by a cache. */
export function applyCookie(res: Response, cookie: ResponseCookie): void {
  res.cookie(cookie.name, cookie.value, {
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
    sameSite: cookie.sameSite,
    path: cookie.path,
    maxAge: cookie.maxAgeSeconds * 1000,
  });
  res.set('Cache-Control', 'no-store');
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

async function writeResult(req: Request, res: Response, context: WriteContext, result: unknown, isReplay: boolean): Promise<void> {
  const { endpoint, options, onResponse } = context;
  const { status, contentType } = endpoint.response;
  const record = { method: req.method, url: req.originalUrl, endpoint, status, isReplay };
  if (options.headers) res.set(options.headers);
  if (context.isRedirect) {
    res.redirect(status, result as string);
    onResponse?.({ ...record, body: undefined, location: result as string });
    return;
  }
  const alternative = endpoint.response.alternative;
  if (alternative && typeof result === 'object' && result !== null && 'alternative' in result) {
    const raw = (result as { alternative: RawResponse }).alternative;
    res.status(status).type(alternative.contentType).set(raw.headers);
    onResponse?.({ ...record, body: undefined, alternativeContentType: alternative.contentType });
    await sendRaw(req, res, raw.body);
    return;
  }
  if (contentType && contentType !== 'application/json') {
    const raw = toRawResponse(result as RawBody | RawResponse);
    res.status(status).type(contentType).set(raw.headers);
    onResponse?.({ ...record, body: undefined });
    await sendRaw(req, res, raw.body);
    return;
  }
  const location = options.location?.(result as never);
  if (location) res.location(location);
  res.status(status).json(result);
  onResponse?.({ ...record, body: result, location });
}

function toRawResponse(result: RawBody | RawResponse): RawResponse {
  const isBody = result instanceof Readable || typeof result === 'string' || Buffer.isBuffer(result);
  return isBody ? { body: result, headers: {} } : result;
}

/**
 * A stream is piped (an export of any size in flat memory); an error half-way cuts the connection.
 * A client that leaves half-way ends the pipe too (which destroys the body, so its source can let
 * go of what it holds); that is no failure of ours.
 */
async function sendRaw(req: Request, res: Response, body: RawBody): Promise<void> {
  if (!(body instanceof Readable)) {
    res.send(body);
    return;
  }
  try {
    await pipeline(body, res);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    req.log?.info('the client closed the connection during a streamed response');
  }
}

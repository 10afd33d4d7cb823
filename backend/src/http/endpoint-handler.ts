import type { Readable } from 'node:stream';
import type { Endpoint, EndpointResponseBody } from '@voiceagent/shared';
import type { z } from 'zod';
import type { AuthenticatedUser } from '../auth/token-verifier';

/**
 * The types a route handler gets from its endpoint's declaration in packages/shared: what it
 * receives (parsed with the declared schemas) and what it must return. Changing a schema there
 * changes these, so a handler that no longer fits fails the typecheck.
 */

type SchemaAt<R, K extends string> = R extends Record<K, infer S extends z.ZodType> ? S : undefined;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The schema the server parses the body with: the looser envelope where one is declared. */
export type ServerBodySchema<E extends Endpoint> = E['request'] extends { bodyEnvelope: infer S extends z.ZodType } ? S : SchemaAt<E['request'], 'body'>;

export type HandlerInput<E extends Endpoint> = {
  params: Parsed<SchemaAt<E['request'], 'params'>>;
  query: Parsed<SchemaAt<E['request'], 'query'>>;
  /** The declared headers only, by the names the declaration gives them. */
  headers: Parsed<SchemaAt<E['request'], 'headers'>>;
  body: Parsed<ServerBodySchema<E>>;
  /** The declared cookies the browser sent; one it cannot read counts as absent. */
  cookies: Parsed<SchemaAt<E['request'], 'cookies'>>;
  /** Sets a cookie on the response (and marks it uncacheable): for the few endpoints whose contract is a browser's. */
  setCookie: (cookie: ResponseCookie) => void;
  /** Who is signed in (or acted for by a service token); only endpoints with auth 'user' have one. */
  user: E['auth'] extends 'user' ? AuthenticatedUser : undefined;
  /** The unparsed body of an endpoint declaring a non-JSON `bodyContentType` (an upload), with its headers. */
  upload: E['request'] extends { bodyContentType: string } ? UploadBody : undefined;
  /** The caller asked for the endpoint's declared alternative media type (`Accept`, or `?format=`). */
  wantsAlternative: boolean;
};

/** A request body handed over as it arrives: its stream and the headers that say how to read it. */
export type UploadBody = { stream: Readable; headers: Record<string, string | string[] | undefined> };

/** A cookie as a handler sets it; the name is the contract's, the attributes are the endpoint's. */
export type ResponseCookie = {
  name: string;
  value: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
  path: string;
  maxAgeSeconds: number;
};

export type RedirectStatus = 301 | 302 | 303 | 307 | 308;

/** A body that is not JSON (a CSV export, say): streamed or sent as it is, with the declared content type. */
export type RawBody = Readable | string | Buffer;

/** A raw body with headers that depend on the request: an attachment's file name, say. */
export type RawResponse = { body: RawBody; headers: Record<string, string> };

/** The answer in the endpoint's declared alternative media type (the analytics' CSV), when the caller asked for it. */
export type AlternativeResult = { alternative: RawResponse };

/**
 * What a handler returns: for a redirect, the URL to send the browser to; for a declared
 * non-JSON content type, the raw body (a stream for large exports); otherwise the response body,
 * as the declared schema reads it.
 */
export type HandlerResult<E extends Endpoint> = E['response']['status'] extends RedirectStatus
  ? string
  : E['response'] extends { alternative: { contentType: string } }
    ? EndpointResponseBody<E> | AlternativeResult
  : E['response'] extends { contentType: infer C extends string }
    ? C extends 'application/json'
      ? EndpointResponseBody<E>
      : RawBody | RawResponse
    : EndpointResponseBody<E>;

export type EndpointHandler<E extends Endpoint> = (input: HandlerInput<E>) => Promise<HandlerResult<E>>;

type DeclaresLocation<E extends Endpoint> = E['response'] extends { headers: { Location: unknown } } ? (E['response']['status'] extends RedirectStatus ? false : true) : false;

type BaseMountOptions<E extends Endpoint> = {
  /** Response headers that do not depend on the body (Cache-Control, …). */
  headers?: Record<string, string>;
  /**
   * A stricter schema the server parses the body with in place of the declared one, for a check
   * the shared package cannot make (phone numbers read with the server's libphonenumber
   * metadata). It must describe the same JSON; the OpenAPI test checks that it does.
   */
  parseBodyWith?: z.ZodType<Parsed<ServerBodySchema<E>>>;
  /**
   * No query makes the route answer 400: a parameter the declared schema cannot read counts as
   * absent, and the values are not checked for text Postgres cannot store (they never are
   * stored as given). For the OAuth callback, which answers every outcome with a redirect.
   */
  isQueryLenient?: boolean;
};

/** The Location of a created resource, from the response body; required where the endpoint declares the header. */
export type MountOptions<E extends Endpoint> = BaseMountOptions<E> &
  (DeclaresLocation<E> extends true ? { location: (body: EndpointResponseBody<E>) => string } : { location?: never });

export type MountOptionsArg<E extends Endpoint> = DeclaresLocation<E> extends true ? [options: MountOptions<E>] : [options?: MountOptions<E>];

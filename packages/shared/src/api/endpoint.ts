import type { z } from 'zod';
import type { TErrorCode } from './error-codes';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export const API_TAGS = {
  platform: 'Configuration, health, the signed-in user and this document',
  crm: 'Connecting and disconnecting the CRMs (OAuth)',
  sync: 'Copying contacts from the CRMs, and the history of those runs',
  contacts: 'The synced contacts: list, search, one contact, and creating contacts at a CRM',
  segments: 'Saved filters of contacts, counted live, which agents and campaigns can take their contacts from',
  agents: 'Voice agents and the snapshot of contacts each one calls',
  campaigns: 'Calling campaigns, the results the calling service reports, and their write-back to the CRMs',
  bulk: 'Bulk operations over selected contacts, run as jobs with progress, cancel and a result per row',
  audit: 'The activity log: sign-ins, connections, services acting for the user, and the starts of large work',
  events: 'Live events for the signed-in user\'s screens, streamed (Server-Sent Events)',
  analytics: 'Figures over time for the analytics dashboard: contacts, sync health, campaigns and write-back, as JSON or CSV',
} as const;
export type ApiTag = keyof typeof API_TAGS;

export type EndpointRequest = {
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  /** Cookies the endpoint reads; unreadable ones count as absent (a cookie is the browser's, not the caller's, doing). */
  cookies?: z.ZodObject;
  body?: z.ZodType;
  /**
   * What the server parses the body with when it is looser than `body`: a batch whose items are
   * checked one by one, so that one bad item fails alone. Clients and the document see `body`.
   */
  bodyEnvelope?: z.ZodType;
  /**
   * A body that is not JSON: the server hands the handler the request stream unparsed (an upload
   * of any size in flat memory), and the document describes `body` under this media type.
   */
  bodyContentType?: 'multipart/form-data';
};

export type EndpointResponse = {
  status: number;
  description: string;
  /** JSON unless contentType says otherwise; none for a redirect. */
  schema?: z.ZodType;
  contentType?: string;
  headers?: Record<string, { description: string }>;
  /**
   * The same answer in another media type, chosen by the caller (`Accept`, or a `format` query
   * parameter): the analytics' CSV beside their JSON. The handler returns the raw body for it.
   */
  alternative?: { contentType: string; schema: z.ZodType; description: string };
};

/**
 * One operation of the API, declared once: the server mounts it (parsing params, query and body
 * with these schemas and writing `response.status`), the OpenAPI document is generated from it,
 * and the web client calls it by value, with its types.
 */
export type Endpoint = {
  operationId: string;
  method: HttpMethod;
  /** As Express matches it, from the root: '/api/v1/crm/:platform/contacts'. */
  path: string;
  tag: ApiTag;
  summary: string;
  description?: string;
  /** public: no token. user: a user's access token, or a service token acting for a user. */
  auth: 'public' | 'user';
  request: EndpointRequest;
  response: EndpointResponse;
  /** Codes of this operation beyond those every operation of its kind answers with. */
  errors: readonly TErrorCode[];
  /** Honours an Idempotency-Key header: a retry with the same key and body gets the first answer. */
  isIdempotent?: boolean;
};

/** Keeps the literal types of an endpoint (its schemas, status and path) for the server and the client. */
export function defineEndpoint<const E extends Endpoint>(endpoint: E): E {
  return endpoint;
}

type SchemaAt<R, K extends string> = R extends Record<K, infer S extends z.ZodType> ? S : undefined;
type InputOf<S> = S extends z.ZodType ? z.input<S> : undefined;
type OutputOf<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a client sends (before the server's defaults and coercions). */
export type EndpointInput<E extends Endpoint> = {
  params: InputOf<SchemaAt<E['request'], 'params'>>;
  query: InputOf<SchemaAt<E['request'], 'query'>>;
  body: InputOf<SchemaAt<E['request'], 'body'>>;
};
/** What the server's handler receives, parsed. */
export type EndpointParsedInput<E extends Endpoint> = {
  params: OutputOf<SchemaAt<E['request'], 'params'>>;
  query: OutputOf<SchemaAt<E['request'], 'query'>>;
  body: OutputOf<SchemaAt<E['request'], 'body'>>;
};
/** What the handler returns (the response body as written) and what the client receives, parsed. */
export type EndpointResponseBody<E extends Endpoint> = InputOf<SchemaAt<E['response'], 'schema'>>;
export type EndpointResult<E extends Endpoint> = OutputOf<SchemaAt<E['response'], 'schema'>>;

/** '/api/v1/agents/:id' with { id: 'a b' } → '/api/v1/agents/a%20b'; a missing parameter is a programming error. */
export function buildEndpointPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:(\w+)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`${path}: missing path parameter "${name}"`);
    return encodeURIComponent(String(value));
  });
}

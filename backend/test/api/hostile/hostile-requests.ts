import fc from 'fast-check';
import type { z } from 'zod';
import type { Endpoint } from '@voiceagent/shared';
import { badCursor, extraKey, hostileJsonValue, hostileString, wrongTypeValue } from './hostile-values';

type Json = unknown;
type Path = Array<string | number>;

/** One request, as parts the API parses separately. Query objects have no prototype, like Express's. */
export type RequestModel = {
  params: Record<string, string>;
  /** A path parameter sent as it is, not percent-encoded (e.g. a broken escape). */
  rawParams: Set<string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: { kind: 'none' } | { kind: 'json'; value: Json } | { kind: 'text'; text: string; contentType: string };
  /** What was done to the credentials: nothing, junk instead of the token, or the acting-user header with a user's token. */
  auth: 'token' | { authorization: string | null } | { actingUser: string };
};

export type Baseline = Omit<RequestModel, 'rawParams' | 'auth'>;

export type Mutation = { label: string; apply: (request: RequestModel) => void };

// Node refuses request heads over 16 KB with a bare 431 before Express sees them (tested on its
// own); three query values of 300 emoji (12 bytes each once encoded) and three 2,000-character
// headers stay under it.
const MAX_QUERY_VALUE = 300;
const MAX_HEADER_VALUE = 2000;

export function cloneRequest(baseline: Baseline): RequestModel {
  const query = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of Object.entries(baseline.query)) query[key] = value;
  return { params: { ...baseline.params }, rawParams: new Set(), query, headers: { ...baseline.headers }, body: structuredClone(baseline.body), auth: 'token' };
}

/** Arbitrary lists of one to three mutations of the parts this operation reads. */
export function mutationsFor(operation: Endpoint, baseline: Baseline): fc.Arbitrary<Mutation[]> {
  const kinds: Array<fc.Arbitrary<Mutation>> = [];
  const request = operation.request ?? {};
  if (request.params) kinds.push(paramMutation(Object.keys(request.params.shape)));
  if (request.query) kinds.push(queryMutation(Object.keys(request.query.shape)));
  if (request.headers) kinds.push(headerMutation(Object.keys(request.headers.shape)));
  if (request.body) kinds.push(bodyMutation(baseline.body.kind === 'json' ? baseline.body.value : {}));
  if (operation.auth === 'user') kinds.push(authMutation);
  // Parameters the operation does not read are ignored; they alone leave the request valid.
  if (!request.query) kinds.push(undeclaredQueryMutation);
  return fc.array(fc.oneof(...kinds), { minLength: 1, maxLength: 3 });
}

function paramMutation(keys: string[]): fc.Arbitrary<Mutation> {
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    // An empty segment is another URL (/crm/contacts/ is the list), not a bad id.
    fc.tuple(key, hostileString(300).filter((value) => value !== '')).map(([name, value]) => ({ label: `param ${name}=${preview(value)}`,
      apply: (r: RequestModel) => {
        r.params[name] = value;
        r.rawParams.delete(name);
      },
    })),
    fc.tuple(key, fc.constantFrom('%ZZ', '%', '%E0%A4%A', '%C0%AF', '%00')).map(([name, value]) => ({
      label: `raw param ${name}=${value}`,
      apply: (r: RequestModel) => {
        r.params[name] = value;
        r.rawParams.add(name);
      },
    })),
  );
}

function queryMutation(keys: string[]): fc.Arbitrary<Mutation> {
  const known = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('limit');
  const value = fc.oneof(hostileString(MAX_QUERY_VALUE), badCursor, fc.array(fc.string({ maxLength: 8 }), { minLength: 2, maxLength: 3 }));
  // Cursors are decoded past the schema, into SQL: where a list takes one, most query mutations are cursors.
  return fc.oneof(
    { arbitrary: fc.tuple(known, value).map(([name, v]) => ({ label: `query ${name}=${preview(v)}`, apply: (r: RequestModel) => void (r.query[name] = v) })), weight: 2 },
    { arbitrary: badCursor.map((v) => ({ label: `query cursor=${preview(v)}`, apply: (r: RequestModel) => void (r.query.cursor = v) })), weight: keys.includes('cursor') ? 4 : 1 },
    { arbitrary: fc.tuple(extraKey, fc.string({ maxLength: 20 })).map(([name, v]) => ({ label: `extra query ${preview(name)}`, apply: (r: RequestModel) => void (r.query[name] = v) })), weight: 1 },
  );
}

const undeclaredQueryMutation: fc.Arbitrary<Mutation> = fc.tuple(extraKey, hostileString(MAX_QUERY_VALUE)).map(([name, value]) => ({
  label: `undeclared query ${preview(name)}=${preview(value)}`,
  apply: (r: RequestModel) => void (r.query[name] = value),
}));

function headerMutation(keys: string[]): fc.Arbitrary<Mutation> {
  return fc.tuple(fc.constantFrom(...keys), headerValue).map(([name, value]) => ({ label: `header ${name}=${preview(value)}`, apply: (r: RequestModel) => void (r.headers[name] = value) }));
}

/** Header values fetch can send: printable ASCII (and tabs), nothing past the head limit. */
const headerValue = fc.oneof(
  fc.constantFrom('', ' ', "' OR 1=1 --", '\t', '${jndi:x}'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 256, maxLength: MAX_HEADER_VALUE }),
);

function bodyMutation(baseline: Json): fc.Arbitrary<Mutation> {
  const paths = listPaths(baseline);
  const objectPaths = [[], ...paths.filter((path) => isPlainObject(getAt(baseline, path)))];
  const kinds: Array<fc.Arbitrary<Mutation>> = [
    fc.oneof(hostileJsonValue(20_000), wrongTypeValue).map((value) => ({ label: `body=${preview(value)}`, apply: (r: RequestModel) => void (r.body = { kind: 'json', value: fresh(value) }) })),
    fc.constantFrom('{"name": ', '{', '[1,', 'nul', '{"a":1}{"b":2}', '\u0000').map((text) => ({
      label: `malformed JSON ${preview(text)}`,
      apply: (r: RequestModel) => void (r.body = { kind: 'text', text, contentType: 'application/json' }),
    })),
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=iso-8859-1').map((contentType) => ({
      label: `content-type ${contentType}`,
      apply: (r: RequestModel) => void (r.body = { kind: 'text', text: r.body.kind === 'json' ? JSON.stringify(r.body.value) : '{}', contentType }),
    })),
    fc.tuple(fc.constantFrom(...objectPaths), extraKey, hostileJsonValue(200)).map(([path, key, value]) => ({
      label: `extra body field ${[...path, key].join('.')}`,
      apply: (r: RequestModel) => withJson(r, (json) => setOwn(getAt(json, path), key, fresh(value))),
    })),
  ];
  if (paths.length > 0) {
    const path = fc.constantFrom(...paths);
    kinds.push(
      fc.tuple(path, hostileJsonValue(20_000)).map(([at, value]) => ({ label: `body ${at.join('.')}=${preview(value)}`, apply: (r: RequestModel) => withJson(r, (json) => setAt(json, at, fresh(value))) })),
      path.map((at) => ({ label: `body without ${at.join('.')}`, apply: (r: RequestModel) => withJson(r, (json) => deleteAt(json, at)) })),
    );
  }
  return fc.oneof(...kinds);
}

const authMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.oneof(fc.constant(null), headerValue, headerValue.map((v) => `Bearer ${v}`), fc.constantFrom('Bearer', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c')).map((authorization) => ({
    label: `authorization ${preview(String(authorization))}`,
    apply: (r: RequestModel) => void (r.auth = { authorization }),
  })),
  fc.oneof(fc.uuid(), headerValue).map((actingUser) => ({ label: `X-VoiceAgent-User-Id ${preview(actingUser)} with a user token`, apply: (r: RequestModel) => void (r.auth = { actingUser }) })),
);

/**
 * Header values as the server receives them: fetch strips leading and trailing HTTP whitespace
 * (tab, space, CR, LF) from every value, so a 256-character key ending in a space arrives as a
 * valid 255-character one.
 */
function asSentOverHttp(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '')]));
}

/** Whether the request keeps the documented contract: every part the operation reads parses. */
export function isContractValid(operation: Endpoint, request: RequestModel, bodyGate?: z.ZodType): boolean {
  const parts = operation.request ?? {};
  if (request.rawParams.size > 0 || request.auth !== 'token') return false;
  if (parts.params && !parts.params.safeParse(request.params).success) return false;
  if (parts.query && !parts.query.safeParse(request.query).success) return false;
  if (parts.headers && !parts.headers.safeParse(asSentOverHttp(request.headers)).success) return false;
  const bodySchema = bodyGate ?? parts.body;
  if (bodySchema) {
    if (request.body.kind !== 'json') return false;
    // As the server will see it: JSON has no undefined, and keys like __proto__ arrive as plain keys.
    const received: unknown = JSON.parse(JSON.stringify(request.body.value) ?? 'null');
    if (!bodySchema.safeParse(received).success) return false;
  }
  return true;
}

/** Sends the request with fetch; never follows redirects. */
export async function sendRequest(baseUrl: string, operation: Endpoint, request: RequestModel, userToken: string) {
  const path = operation.path.replace(/:(\w+)/g, (_match, name: string) => {
    const value = request.params[name] ?? '';
    return request.rawParams.has(name) ? value : encodeSegment(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query)) for (const item of [value].flat()) search.append(key, item);
  const headers: Record<string, string> = { ...request.headers };
  if (request.auth === 'token') headers.authorization = `Bearer ${userToken}`;
  else if ('actingUser' in request.auth) Object.assign(headers, { authorization: `Bearer ${userToken}`, 'X-VoiceAgent-User-Id': request.auth.actingUser });
  else if (request.auth.authorization !== null) headers.authorization = request.auth.authorization;
  let body: string | undefined;
  if (request.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body.value) ?? '';
  } else if (request.body.kind === 'text') {
    headers['content-type'] = request.body.contentType;
    body = request.body.text;
  }
  const query = search.toString();
  const res = await fetch(`${baseUrl}${path}${query ? `?${query}` : ''}`, { method: operation.method.toUpperCase(), headers, body, redirect: 'manual' });
  // An event stream that opened stays open: it answered, which is all a request here asks; leave it.
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, headers: res.headers, text: '', json: undefined };
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Percent-encodes a path segment, dots too (fetch would resolve `..` into another path), and
 * lone surrogates as U+FFFD where encodeURIComponent would throw.
 */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value).replace(/\./g, '%2E');
  } catch {
    return [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
  }
}

export function describeRequest(mutations: Mutation[]): string {
  return mutations.map((mutation) => mutation.label).join('; ');
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…(${text.length})` : text);
}

/**
 * A copy of a generated value for each request it goes into. fast-check hands out one instance per
 * generated value (`fc.constant({})` the same one every time), and a later mutation edits the body
 * in place: without a copy, `{}` set as the body and then as a field of it becomes a cycle, and a
 * replay while shrinking starts from an already edited value.
 */
function fresh<T>(value: T): T {
  return structuredClone(value);
}

function withJson(request: RequestModel, edit: (json: Json) => void): void {
  if (request.body.kind !== 'json') return;
  edit(request.body.value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listPaths(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...listPaths(item, [...prefix, index])]);
  if (isPlainObject(value)) return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...listPaths(item, [...prefix, key])]);
  return [];
}

function getAt(value: Json, path: Path): Json {
  return path.reduce<Json>((current, key) => (current as Record<string | number, Json> | undefined)?.[key], value);
}

/** Sets an own property, even `__proto__`, as JSON.parse on the server would create it. */
function setOwn(target: Json, key: string | number, value: Json): void {
  if (typeof target !== 'object' || target === null) return;
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function setAt(root: Json, path: Path, value: Json): void {
  setOwn(getAt(root, path.slice(0, -1)), path[path.length - 1]!, value);
}

function deleteAt(root: Json, path: Path): void {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (isPlainObject(parent)) delete parent[key as string];
}

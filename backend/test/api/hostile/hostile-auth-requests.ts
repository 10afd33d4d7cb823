import fc from 'fast-check';
import { expect } from 'vitest';
import { extraKey, hostileJsonValue, hostileString } from './hostile-values';

/**
 * Requests to the local Supabase-compatible /auth/v1 (GoTrue's contract, not the OpenAPI one):
 * each endpoint with hostile bodies, query parameters, API keys and bearer tokens.
 */
export type AuthRequest = {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'text'; text: string; contentType: string };
};

export type AuthWorld = { anonKey: string; email: string; accessToken: string };

const PASSWORD = 'correct horse battery';

/** Header values fetch can send: printable ASCII, nothing past the head limit. */
const headerValue = fc.oneof(
  fc.constantFrom('', ' ', "' OR 1=1 --", 'Bearer', 'Bearer ', 'Bearer a.b.c', 'Basic dXNlcjpwYXNz', '${jndi:x}'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 2000 }),
);

const email = (world: AuthWorld) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(world.email, world.email.toUpperCase(), ` ${world.email} `, 'nobody@example.com'), weight: 2 },
    { arbitrary: fc.uuid().map((id) => `hostile-${id}@example.com`), weight: 1 },
    { arbitrary: fc.constant(`${'a'.repeat(250)}@example.com`), weight: 1 },
    { arbitrary: hostileJsonValue(300), weight: 3 },
  );

const password = fc.oneof({ arbitrary: fc.constant(PASSWORD), weight: 2 }, { arbitrary: hostileJsonValue(2000), weight: 3 });

/** Sign-up metadata: hostile values, and objects with hostile keys, deep nesting and many keys. */
const metadata = fc.oneof(
  hostileJsonValue(6000),
  fc.dictionary(fc.oneof(extraKey, hostileString(40)), hostileJsonValue(300), { maxKeys: 60 }),
  fc.integer({ min: 1, max: 40 }).map((depth) => JSON.parse(`${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`) as unknown),
  fc.constant({ name: 'Ada', prefs: { theme: 'dark' } }),
);

const credentialsBody = (world: AuthWorld, withData: boolean): fc.Arbitrary<unknown> =>
  withData
    ? fc.record({ email: email(world), password, data: metadata }, { requiredKeys: ['email', 'password'] })
    : fc.record({ email: email(world), password });

const brokenBody: fc.Arbitrary<AuthRequest['body']> = fc.oneof(
  hostileJsonValue(20_000).map((value) => ({ kind: 'json' as const, value })),
  fc.constantFrom('{"email": ', '{', '[1,', 'nul', '{"a":1}{"b":2}', '\u0000').map((text) => ({ kind: 'text' as const, text, contentType: 'application/json' })),
  fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=iso-8859-1').map((contentType) => ({
    kind: 'text' as const,
    text: `email=a%40b.c&password=${PASSWORD}`,
    contentType,
  })),
);

/** The API key Supabase's gateway asks for: mostly right (so requests reach the endpoint), sometimes not. */
const apikey = (world: AuthWorld) =>
  fc.oneof({ arbitrary: fc.constant<string | undefined>(world.anonKey), weight: 8 }, { arbitrary: fc.constant<string | undefined>(undefined), weight: 1 }, { arbitrary: headerValue, weight: 1 });

const bearer = (world: AuthWorld) =>
  fc.oneof(
    fc.constant<string | undefined>(undefined),
    fc.constant(`Bearer ${world.accessToken}`),
    fc.constant(`Bearer ${world.anonKey}`),
    headerValue.map((value) => `Bearer ${value}`),
    headerValue,
  );

const json = (arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<AuthRequest['body']> => arbitrary.map((value) => ({ kind: 'json' as const, value }));

function request(
  world: AuthWorld,
  method: AuthRequest['method'],
  path: fc.Arbitrary<string>,
  body: fc.Arbitrary<AuthRequest['body']>,
  authorization: fc.Arbitrary<string | undefined> = fc.constant(undefined),
): fc.Arbitrary<AuthRequest> {
  return fc.record({ path, body, key: apikey(world), authorization }).map(({ path: p, body: b, key, authorization: a }) => ({
    method,
    path: p,
    body: b,
    headers: { ...(key === undefined ? {} : { apikey: key }), ...(a === undefined ? {} : { authorization: a }) },
  }));
}

/** Every UTF-8 byte percent-encoded (encodeURIComponent throws on a lone surrogate). */
const percentEncode = (value: string) => [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

const query = (name: string) => hostileString(200).map((value) => `?${name}=${percentEncode(value)}`);

/** Each endpoint of /auth/v1, and what hostile requests to it look like. */
export function authEndpoints(world: AuthWorld): Array<[string, fc.Arbitrary<AuthRequest>]> {
  return [
    ['POST /signup', request(world, 'POST', fc.constant('/signup'), fc.oneof(json(credentialsBody(world, true)), brokenBody))],
    ['POST /token?grant_type=password', request(world, 'POST', fc.constant('/token?grant_type=password'), fc.oneof(json(credentialsBody(world, false)), brokenBody))],
    [
      'POST /token?grant_type=refresh_token',
      request(world, 'POST', fc.constant('/token?grant_type=refresh_token'), fc.oneof(json(fc.record({ refresh_token: hostileJsonValue(2000) })), brokenBody)),
    ],
    ['POST /token with another grant_type', request(world, 'POST', fc.oneof(query('grant_type'), fc.constant('?grant_type=password&grant_type=refresh_token')).map((q) => `/token${q}`), brokenBody)],
    ['GET /user', request(world, 'GET', fc.constant('/user'), fc.constant({ kind: 'none' as const }), bearer(world))],
    ['POST /logout', request(world, 'POST', fc.oneof(fc.constant('/logout'), query('scope').map((q) => `/logout${q}`)), fc.constant({ kind: 'none' as const }), bearer(world))],
    // Prefixed: a bare '..' (or '%2e%2e') would be resolved by the URL parser and leave /auth/v1.
    ['an unknown path', request(world, 'POST', hostileString(100).map((segment) => `/x-${percentEncode(segment)}`), brokenBody)],
  ];
}

export async function sendAuthRequest(baseUrl: string, request: AuthRequest) {
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body.value) ?? 'null';
  } else if (request.body.kind === 'text') {
    headers['content-type'] = request.body.contentType;
    body = request.body.text;
  }
  const res = await fetch(`${baseUrl}/auth/v1${request.path}`, { method: request.method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, text, json: parsed };
}

/** An error as GoTrue sends it: `{ code, error_code, msg }`, code matching the status. */
export function expectGoTrueError(status: number, json: unknown, context: string): void {
  expect(json, `${context}: not GoTrue's error shape`).toMatchObject({ code: status, error_code: expect.any(String), msg: expect.any(String) });
}

export function describeAuthRequest(request: AuthRequest): string {
  const body = request.body.kind === 'none' ? '' : request.body.kind === 'json' ? JSON.stringify(request.body.value) : request.body.text;
  return `${request.method} ${request.path.slice(0, 80)} ${JSON.stringify(request.headers).slice(0, 120)} ${(body ?? '').slice(0, 200)}`;
}

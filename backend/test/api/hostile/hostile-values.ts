import fc from 'fast-check';

/** Strings that have broken SQL, shells, templates, paths, parsers and loggers somewhere. */
export const INJECTION_STRINGS = [
  "' OR 1=1 --",
  "'; drop table public.crm_contacts; --",
  '" OR ""="',
  '%',
  '_',
  '\\',
  '%_\\%',
  '$1',
  '{{7*7}}',
  '${jndi:ldap://127.0.0.1/x}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '0x10',
  ' ',
  '\r\nSet-Cookie: a=b',
  '*',
  '(select pg_sleep(5))',
];

/** Text Postgres, JSON and UTF-8 treat specially: NUL, BOM, bidi overrides, lone surrogates, astral characters. */
export const UNICODE_STRINGS = ['\u0000', 'a\u0000b', '\uFEFF', '\u202Eevil', 'Zoë Ångström', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '👩‍👩‍👧‍👦', '\uD800', 'x\uDFFFy', '\u0085\u2028\u2029'];

/** Ids of the wrong shape, and uuids of nothing. */
export const BAD_IDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123',
  '-1',
  '1.5',
  'a7c1c2b8-0000-4000-8000-00000000000g',
  "' OR 1=1 --",
  '..',
  '%00',
];

const textUnit = fc.constantFrom('a', 'é', '😀', '\u0000', '%', "'", '字');

/** Long strings: past every declared maximum, not past a body limit. */
export const hugeString = (maxLength: number) =>
  fc.tuple(textUnit, fc.integer({ min: Math.min(201, maxLength), max: maxLength })).map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

export const hostileString = (maxLength = 20_000) =>
  fc.oneof(
    fc.constantFrom(...INJECTION_STRINGS),
    fc.constantFrom(...UNICODE_STRINGS),
    fc.constantFrom(...BAD_IDS),
    fc.string({ unit: 'binary', maxLength: 40 }),
    hugeString(maxLength),
  );

/** Values of a type no field of ours has, or of the wrong one. */
export const wrongTypeValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 3 }),
);

export const hostileJsonValue = (maxLength = 20_000) => fc.oneof(hostileString(maxLength), wrongTypeValue);

/** Keys a strict schema must refuse, some of which are special to JavaScript objects. */
export const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra', 'limit[0]', 'a.b', ''), fc.string({ maxLength: 12 }));

const toBase64Url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');

const BAD_INSTANTS = [
  '0000-01-01T00:00:00.000000Z',
  '2024-02-30T00:00:00.000000Z',
  '2023-13-01T00:00:00.000000Z',
  '9999-12-31T23:59:59.999999Z',
  '1970-01-01T24:00:00.000000Z',
];
const nastyText = fc.constantFrom(...UNICODE_STRINGS, ...INJECTION_STRINGS);
const anyId = fc.oneof(fc.uuid(), fc.constantFrom(...BAD_IDS));
const instant = fc.constantFrom(...BAD_INSTANTS);

/**
 * Cursors this API never issued: random bytes, and each of our formats (contacts, agents,
 * agent contacts, sync runs, campaigns, campaign contacts) with hostile contents: NUL in a sort
 * key, year 0, the 30th of February, a wrong version, a bad id.
 */
export const badCursor = fc.oneof(
  fc.constantFrom('AAAA', '****', 'eyJ2IjoxfQ', '%', '===', 'null', "' OR 1=1 --"),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).map(toBase64Url),
  fc.record({ v: fc.constantFrom(1, 2), s: fc.constant('name'), k: fc.tuple(nastyText, nastyText), id: anyId, w: fc.constantFrom('unified', 'hubspot', 'x') }).map(toBase64Url),
  fc.record({ v: fc.constant(1), s: fc.constant('updated'), k: fc.tuple(instant), id: anyId, w: fc.constantFrom('unified', 'zoho') }).map(toBase64Url),
  fc.record({ v: fc.constant(1), a: fc.tuple(instant, anyId) }).map(toBase64Url),
  fc.record({ v: fc.constant(1), n: fc.tuple(nastyText, nastyText, anyId) }).map(toBase64Url),
  fc.record({ q: instant, i: anyId }).map(toBase64Url),
  fc.record({ v: fc.constant(1), c: fc.tuple(instant, anyId) }).map(toBase64Url),
  fc.record({ v: fc.constant(1), k: fc.tuple(nastyText, anyId) }).map(toBase64Url),
);

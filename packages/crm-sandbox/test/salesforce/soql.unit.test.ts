import { describe, expect, it } from 'vitest';
import { makeId, normalizeId, parseId, podOf, toId18 } from '../../src/salesforce/ids';
import { parseSoql } from '../../src/salesforce/soql/parser';
import { tokenize } from '../../src/salesforce/soql/tokenizer';
import { compileSoql, compareKeys, likeToRegExp, SoqlError, sortKey } from '../../src/salesforce/soql/compile';
import type { SRecord } from '../../src/salesforce/schema';

const NOW = Date.UTC(2026, 0, 20, 12, 0, 0);

function matches(soql: string, record: SRecord): boolean {
  const query = compileSoql(soql, NOW);
  return query.where === null || query.where((field) => record[field] ?? null);
}

function errorOf(soql: string): { code: string; message: string } {
  try {
    compileSoql(soql, NOW);
  } catch (error) {
    if (error instanceof SoqlError) return { code: error.errorCode, message: error.message };
    throw error;
  }
  throw new Error('expected the query to be refused');
}

const contact: SRecord = {
  Id: makeId('Contact', podOf(0), 42),
  FirstName: "O'Brien",
  LastName: 'Müller',
  Email: 'Anna.Muller@Example.com',
  MailingCountry: null,
  DoNotCall: false,
  SystemModstamp: Date.UTC(2026, 0, 20, 8, 0, 0),
  CreatedDate: Date.UTC(2025, 11, 1),
  'Account.Name': 'Acme GmbH',
};

describe('SOQL tokenizer', () => {
  it('reads strings with escapes, datetimes, dates, numbers and two-character operators', () => {
    const tokens = tokenize("WHERE a = 'it\\'s' AND b >= 2026-01-01T00:00:00.000+0000 AND c != 2026-01-01 AND d <= -3.5");
    expect(tokens.filter((t) => t.kind !== 'ident').map((t) => [t.kind, t.text])).toEqual([
      ['op', '='],
      ['string', "it's"],
      ['op', '>='],
      ['datetime', '2026-01-01T00:00:00.000+0000'],
      ['op', '!='],
      ['date', '2026-01-01'],
      ['op', '<='],
      ['number', '-3.5'],
      ['end', ''],
    ]);
  });

  it('refuses an unterminated string', () => {
    expect(() => tokenize("SELECT Id FROM Contact WHERE Email = 'open")).toThrow(/unterminated/);
  });
});

describe('SOQL parser', () => {
  it('parses fields, relationship paths, WHERE precedence, ORDER BY with NULLS, LIMIT and OFFSET', () => {
    const query = parseSoql('select Id, account.name from contact where a = 1 or b = 2 and not c = 3 order by SystemModstamp desc nulls last, Id limit 10 offset 5');
    expect(query.fields).toEqual(['Id', 'account.name']);
    expect(query.from).toBe('contact');
    // AND binds tighter than OR.
    expect(query.where).toMatchObject({ kind: 'or', left: { kind: 'compare', field: 'a' }, right: { kind: 'and', right: { kind: 'not' } } });
    expect(query.orderBy).toEqual([
      { field: 'SystemModstamp', descending: true, nullsLast: true },
      { field: 'Id', descending: false, nullsLast: false },
    ]);
    expect([query.limit, query.offset]).toEqual([10, 5]);
  });

  it('parses SELECT COUNT() and IN / NOT IN lists and date literals with n', () => {
    const query = parseSoql("SELECT COUNT() FROM Lead WHERE Status NOT IN ('A', 'B') AND CreatedDate = LAST_N_DAYS:30");
    expect(query.fields).toBeNull();
    expect(query.where).toMatchObject({ kind: 'and', left: { kind: 'in', negated: true }, right: { value: { kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 30 } } });
  });

  it.each([
    ['SELECT FROM Contact', /expected a field name/],
    ['SELECT Id Contact', /expected FROM/],
    ['SELECT Id FROM Contact WHERE', /expected a field name/],
    ['SELECT Id FROM Contact WHERE Email', /unexpected token/],
    ['SELECT Id FROM Contact LIMIT x', /LIMIT needs/],
    ['SELECT Id FROM Contact extra', /unexpected token: 'extra'/],
  ])('refuses %j as malformed', (soql, message) => {
    const error = errorOf(soql);
    expect(error.code).toBe('MALFORMED_QUERY');
    expect(error.message).toMatch(message);
  });
});

describe('SOQL compile and evaluate', () => {
  it('refuses unknown objects and fields with INVALID_TYPE / INVALID_FIELD, case-insensitively accepting known ones', () => {
    expect(errorOf('SELECT Id FROM Opportunity').code).toBe('INVALID_TYPE');
    expect(errorOf('SELECT Id, Nope FROM Contact').message).toMatch(/No such column 'Nope' on entity 'Contact'/);
    expect(errorOf('SELECT Owner.Name FROM Contact').message).toMatch(/Didn't understand relationship 'Owner'/);
    expect(errorOf("SELECT Id FROM Contact WHERE CreatedDate > '2026-01-01'").code).toBe('INVALID_FIELD');
    expect(compileSoql('select EMAIL, account.NAME from CONTACT', NOW).fields?.map((f) => f.name)).toEqual(['Email', 'Account.Name']);
    expect(errorOf('SELECT Id FROM Contact LIMIT 10 OFFSET 2001').code).toBe('NUMBER_OUTSIDE_VALID_RANGE');
  });

  it('compares text case-insensitively, treats a null field as unequal, and reads escaped quotes', () => {
    expect(matches("SELECT Id FROM Contact WHERE Email = 'anna.muller@example.COM'", contact)).toBe(true);
    expect(matches("SELECT Id FROM Contact WHERE FirstName = 'O\\'Brien'", contact)).toBe(true);
    expect(matches("SELECT Id FROM Contact WHERE MailingCountry != 'Germany'", contact)).toBe(true);
    expect(matches('SELECT Id FROM Contact WHERE MailingCountry = null', contact)).toBe(true);
    expect(matches('SELECT Id FROM Contact WHERE Email != null AND DoNotCall = false', contact)).toBe(true);
    expect(matches("SELECT Id FROM Contact WHERE Account.Name = 'acme gmbh'", contact)).toBe(true);
  });

  it('evaluates AND / OR / NOT with parentheses, IN, NOT IN and LIKE', () => {
    expect(matches("SELECT Id FROM Contact WHERE (LastName = 'x' OR LastName = 'müller') AND NOT DoNotCall = true", contact)).toBe(true);
    expect(matches("SELECT Id FROM Contact WHERE NOT (LastName = 'x' OR LastName = 'müller')", contact)).toBe(false);
    expect(matches("SELECT Id FROM Contact WHERE LastName IN ('Schmidt', 'MÜLLER')", contact)).toBe(true);
    expect(matches("SELECT Id FROM Contact WHERE LastName NOT IN ('Müller')", contact)).toBe(false);
    expect(matches("SELECT Id FROM Contact WHERE Email LIKE '%@example.com'", contact)).toBe(true);
    expect(matches("SELECT Id FROM Contact WHERE Email LIKE 'anna_muller%'", contact)).toBe(true);
    expect(likeToRegExp('100\\%').test('100%')).toBe(true);
    expect(likeToRegExp('100\\%').test('1000')).toBe(false);
  });

  it('compares datetimes in every written form and date literals against the clock', () => {
    expect(matches('SELECT Id FROM Contact WHERE SystemModstamp > 2026-01-20T07:59:59Z', contact)).toBe(true);
    expect(matches('SELECT Id FROM Contact WHERE SystemModstamp = 2026-01-20T08:00:00.000+0000', contact)).toBe(true);
    expect(matches('SELECT Id FROM Contact WHERE SystemModstamp < 2026-01-20T09:00:00+01:00', contact)).toBe(false);
    expect(matches('SELECT Id FROM Contact WHERE SystemModstamp = TODAY', contact)).toBe(true);
    expect(matches('SELECT Id FROM Contact WHERE SystemModstamp = YESTERDAY', contact)).toBe(false);
    expect(matches('SELECT Id FROM Contact WHERE CreatedDate = LAST_N_DAYS:30', contact)).toBe(false);
    expect(matches('SELECT Id FROM Contact WHERE CreatedDate = LAST_N_DAYS:60', contact)).toBe(true);
    expect(matches('SELECT Id FROM Contact WHERE CreatedDate < LAST_N_DAYS:30', contact)).toBe(true);
  });

  it('compares ids in their 18-character form, so 15-character literals match', () => {
    const id15 = (contact.Id as string).slice(0, 15);
    expect(matches(`SELECT Id FROM Contact WHERE Id = '${id15}'`, contact)).toBe(true);
    expect(matches(`SELECT Id FROM Contact WHERE Id > '${makeId('Contact', podOf(0), 41)}'`, contact)).toBe(true);
    expect(matches(`SELECT Id FROM Contact WHERE Id > '${contact.Id as string}'`, contact)).toBe(false);
  });

  it('orders with nulls first by default, NULLS LAST on request, descending, and text case-insensitively', () => {
    const query = compileSoql('SELECT Id FROM Contact ORDER BY MailingCountry NULLS LAST, LastName DESC', NOW);
    const rows: SRecord[] = [
      { MailingCountry: null, LastName: 'a' },
      { MailingCountry: 'germany', LastName: 'a' },
      { MailingCountry: 'Germany', LastName: 'B' },
      { MailingCountry: 'France', LastName: 'z' },
    ];
    const keyed = rows.map((row) => ({ row, keys: query.orderBy.map((o) => sortKey(o.field, row[o.field.name] ?? null)) }));
    keyed.sort((a, b) => compareKeys(query.orderBy, a.keys, b.keys));
    expect(keyed.map(({ row }) => `${String(row.MailingCountry)}/${String(row.LastName)}`)).toEqual(['France/z', 'Germany/B', 'germany/a', 'null/a']);
  });
});

describe('Salesforce ids', () => {
  it('adds the case-safe suffix, normalizes 15-character ids and reads the number back', () => {
    expect(toId18('001000000000001')).toBe('001000000000001AAA');
    const id = makeId('Lead', podOf(3), 123_456);
    expect(id).toHaveLength(18);
    expect(id.startsWith('00Q')).toBe(true);
    expect(normalizeId(id.slice(0, 15))).toBe(id);
    expect(parseId(id, 'Lead', podOf(3))).toBe(123_456);
    expect(parseId(id, 'Contact', podOf(3))).toBeNull();
    expect(parseId(id, 'Lead', podOf(4))).toBeNull();
    expect(makeId('Contact', podOf(0), 9) < makeId('Contact', podOf(0), 10)).toBe(true);
  });
});

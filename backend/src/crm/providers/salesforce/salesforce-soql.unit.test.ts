import { describe, expect, it } from 'vitest';
import { buildSelect, formatSoqlDateTime, inList, isSalesforceId, keysetAfter, quoteSoql } from './salesforce-soql';

describe('quoteSoql', () => {
  it('quotes plain text', () => {
    expect(quoteSoql('ada@example.com')).toBe("'ada@example.com'");
  });

  it("escapes quotes and backslashes so a value cannot end the literal", () => {
    expect(quoteSoql("o'brien")).toBe("'o\\'brien'");
    expect(quoteSoql("x' OR Name != '")).toBe("'x\\' OR Name != \\''");
    expect(quoteSoql('back\\slash')).toBe("'back\\\\slash'");
    expect(quoteSoql("\\'")).toBe("'\\\\\\''");
  });

  it('escapes control characters', () => {
    expect(quoteSoql('a\nb\tc"d')).toBe("'a\\nb\\tc\\\"d'");
  });
});

describe('formatSoqlDateTime', () => {
  it('writes UTC with milliseconds', () => {
    expect(formatSoqlDateTime(new Date('2026-01-02T03:04:05.678+0100'))).toBe('2026-01-02T02:04:05.678+0000');
  });

  it('refuses an invalid date', () => {
    expect(() => formatSoqlDateTime(new Date('nope'))).toThrow(RangeError);
  });
});

describe('isSalesforceId', () => {
  it('takes 15- and 18-character ids only', () => {
    expect(isSalesforceId('003000000000001')).toBe(true);
    expect(isSalesforceId('003000000000001AAA')).toBe(true);
    expect(isSalesforceId("003' OR Id != '")).toBe(false);
    expect(isSalesforceId('0030000000000')).toBe(false);
  });
});

describe('keysetAfter', () => {
  it('continues after (SystemModstamp, Id) with ties broken by Id', () => {
    expect(keysetAfter({ stamp: '2026-01-01T00:00:00.000+0000', id: '003A' })).toBe(
      "(SystemModstamp > 2026-01-01T00:00:00.000+0000 OR (SystemModstamp = 2026-01-01T00:00:00.000+0000 AND Id > '003A'))",
    );
  });

  it('escapes the id taken from a saved cursor', () => {
    expect(keysetAfter({ stamp: '2026-01-01T00:00:00.000Z', id: "x' OR '1' = '1" })).toContain("Id > 'x\\' OR \\'1\\' = \\'1'");
  });
});

describe('buildSelect', () => {
  it('joins conditions with AND, each in parentheses, and skips absent ones', () => {
    expect(buildSelect({ fields: ['Id', 'Email'], object: 'Lead', where: ['IsConverted = false', null, 'Id > \'00Q1\''], orderBy: 'Id', limit: 2000 })).toBe(
      "SELECT Id, Email FROM Lead WHERE (IsConverted = false) AND (Id > '00Q1') ORDER BY Id LIMIT 2000",
    );
    expect(buildSelect({ fields: ['COUNT()'], object: 'Contact' })).toBe('SELECT COUNT() FROM Contact');
  });

  it('builds an IN list of quoted values', () => {
    expect(inList('WhoId', ['003A', "b'c"])).toBe("WhoId IN ('003A', 'b\\'c')");
    expect(() => inList('WhoId', [])).toThrow(RangeError);
  });
});

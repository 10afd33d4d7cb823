import { describe, expect, it } from 'vitest';
import { toCountryCode } from './country-codes';

describe('toCountryCode', () => {
  it('reads names, common abbreviations and ISO codes in any case and spacing', () => {
    expect(toCountryCode('Germany')).toBe('DE');
    expect(toCountryCode('  united   states ')).toBe('US');
    expect(toCountryCode('USA')).toBe('US');
    expect(toCountryCode('UK')).toBe('GB');
    expect(toCountryCode('br')).toBe('BR');
    expect(toCountryCode('España')).toBe('ES');
  });

  it('answers null rather than guessing', () => {
    expect(toCountryCode('Atlantis')).toBeNull();
    expect(toCountryCode('Georgia')).toBeNull();
    expect(toCountryCode('')).toBeNull();
    expect(toCountryCode(null)).toBeNull();
    expect(toCountryCode({ name: 'Germany' })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone-normalizer';

describe('normalizePhone', () => {
  it.each([
    ['(212) 234-5678', ['US'], '+12122345678'],
    ['1-415-234-5678', ['US'], '+14152345678'],
    ['030 2345678', ['DE'], '+49302345678'],
    ['06 12 34 56 78', ['FR'], '+33612345678'],
    ['+49 30 2345678', ['US'], '+49302345678'],
    ['0049-30-2345678', ['DE'], '+49302345678'],
  ])('reads %s in %j as %s', (raw, regions, expected) => {
    expect(normalizePhone(raw, regions)).toBe(expected);
  });

  it('tries the contact’s country first, then the defaults', () => {
    // A French contact with a US-written number: no French number, so the default region decides.
    expect(normalizePhone('(212) 234-5678', ['FR', 'US'])).toBe('+12122345678');
    // German numbers are of variable length: the same digits are a valid Solingen number, and the contact's country wins.
    expect(normalizePhone('(212) 234-5678', ['DE', 'US'])).toBe('+492122345678');
  });

  it('reads "00" + country code as international when no region makes sense of it', () => {
    // Brazil dials abroad with 00 + a carrier code, so libphonenumber alone reads this as national.
    expect(normalizePhone('0055-21-51186564', ['BR', 'US'])).toBe('+552151186564');
  });

  it('does not turn a national number into another country’s through a dialling prefix', () => {
    // São Paulo's trunk 0 + area 11; read with the US prefix 011 it would be an Iranian number.
    expect(normalizePhone('011 984 116 51', ['BR', 'US'])).toBeNull();
  });

  it.each([['n/a'], ['ext. 12'], [''], ['+1 212 123 4567'], ['+33 6 91 44 18 25']])('refuses %j (no number, or an unassigned range)', (raw) => {
    expect(normalizePhone(raw, ['US', 'FR'])).toBeNull();
  });

  it('is null for null, and ignores unknown or empty regions', () => {
    expect(normalizePhone(null, ['US'])).toBeNull();
    expect(normalizePhone('(212) 234-5678', [null, 'XX', '', 'us'])).toBe('+12122345678');
    expect(normalizePhone('+49 30 2345678', [])).toBe('+49302345678');
    expect(normalizePhone('030 2345678', [])).toBeNull();
  });
});

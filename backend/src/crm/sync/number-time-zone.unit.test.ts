import { describe, expect, it } from 'vitest';
import { deriveNumberTimeZone } from './number-time-zone';

describe('deriveNumberTimeZone', () => {
  it('gives the zone of the country, and of the area code where a country has several', () => {
    expect(deriveNumberTimeZone('+12125550134')).toEqual({ number_time_zone: 'America/New_York', number_time_zone_state: 'derived' });
    expect(deriveNumberTimeZone('+14155550134').number_time_zone).toBe('America/Los_Angeles');
    expect(deriveNumberTimeZone('+61291234567').number_time_zone).toBe('Australia/Sydney');
    expect(deriveNumberTimeZone('+4930123456').number_time_zone).toBe('Europe/Berlin');
  });

  it('reads a number written otherwise than in E.164 as libphonenumber does', () => {
    expect(deriveNumberTimeZone('+1 (212) 555-0134').number_time_zone).toBe('America/New_York');
    expect(deriveNumberTimeZone('+61 2 9123 4567').number_time_zone).toBe('Australia/Sydney');
    expect(deriveNumberTimeZone('not a number').number_time_zone_state).toBe('unknown');
  });

  it('marks unknown a missing number and one whose prefix spans several zones', () => {
    expect(deriveNumberTimeZone(null)).toEqual({ number_time_zone: null, number_time_zone_state: 'unknown' });
    expect(deriveNumberTimeZone('+18005550100').number_time_zone_state).toBe('unknown');
  });
});

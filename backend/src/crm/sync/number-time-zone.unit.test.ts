import { describe, expect, it } from 'vitest';
import { deriveNumberTimeZone } from './number-time-zone';

describe('deriveNumberTimeZone', () => {
  it('gives the zone of the country, and of the area code where a country has several', async () => {
    expect(await deriveNumberTimeZone('+12125550134')).toEqual({ number_time_zone: 'America/New_York', number_time_zone_state: 'derived' });
    expect((await deriveNumberTimeZone('+14155550134')).number_time_zone).toBe('America/Los_Angeles');
    expect((await deriveNumberTimeZone('+61291234567')).number_time_zone).toBe('Australia/Sydney');
    expect((await deriveNumberTimeZone('+4930123456')).number_time_zone).toBe('Europe/Berlin');
  });

  it('marks unknown a missing number and one whose prefix spans several zones', async () => {
    expect(await deriveNumberTimeZone(null)).toEqual({ number_time_zone: null, number_time_zone_state: 'unknown' });
    expect((await deriveNumberTimeZone('+18005550100')).number_time_zone_state).toBe('unknown');
  });
});

import { getCountries } from 'libphonenumber-js/max';
import { PHONE_REGIONS } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';

describe('PHONE_REGIONS (packages/shared)', () => {
  it('is exactly the regions libphonenumber-js can read numbers in, so the API accepts no region the normaliser cannot use', () => {
    expect([...PHONE_REGIONS]).toEqual([...getCountries()].sort());
  });
});

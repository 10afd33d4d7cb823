import type { TCrmField } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { checkFieldValue, checkWritable } from './bulk-field-values';

const field = (overrides: Partial<TCrmField>): TCrmField => ({
  objectType: 'contact',
  name: 'f',
  label: 'F',
  type: 'string',
  options: [],
  custom: true,
  readOnly: false,
  calculated: false,
  ...overrides,
});
const tiers = [
  { value: 'gold', label: 'Gold' },
  { value: 'silver', label: 'Silver' },
];

describe('checkWritable', () => {
  it('refuses read-only and calculated fields and lets the others through', () => {
    expect(checkWritable(field({ readOnly: true }))).toMatch(/read-only/);
    expect(checkWritable(field({ calculated: true }))).toMatch(/calculated/);
    expect(checkWritable(field({}))).toBeNull();
  });
});

describe('checkFieldValue', () => {
  it('takes null as clearing any field', () => {
    expect(checkFieldValue(field({ type: 'number' }), null)).toEqual({ ok: true, value: null });
  });

  it('wants the type the field has', () => {
    expect(checkFieldValue(field({ type: 'number' }), '12').ok).toBe(false);
    expect(checkFieldValue(field({ type: 'number' }), 12)).toEqual({ ok: true, value: 12 });
    expect(checkFieldValue(field({ type: 'boolean' }), 'true').ok).toBe(false);
    expect(checkFieldValue(field({ type: 'string' }), 3).ok).toBe(false);
    expect(checkFieldValue(field({ type: 'email' }), 'not an email').ok).toBe(false);
  });

  it('accepts only calendar dates, and writes date-times in one form with the offset', () => {
    expect(checkFieldValue(field({ type: 'date' }), '2026-02-30').ok).toBe(false);
    expect(checkFieldValue(field({ type: 'date' }), '2026-02-28')).toEqual({ ok: true, value: '2026-02-28' });
    expect(checkFieldValue(field({ type: 'datetime' }), '2026-03-02T11:00:00.000+01:00')).toEqual({ ok: true, value: '2026-03-02T10:00:00+00:00' });
    expect(checkFieldValue(field({ type: 'datetime' }), 'yesterday').ok).toBe(false);
  });

  it('holds enumerations and multi-selects to their options', () => {
    expect(checkFieldValue(field({ type: 'enumeration', options: tiers }), 'bronze')).toMatchObject({ ok: false, message: expect.stringMatching(/"bronze".*"gold"/) });
    expect(checkFieldValue(field({ type: 'enumeration', options: tiers }), 'gold')).toEqual({ ok: true, value: 'gold' });
    expect(checkFieldValue(field({ type: 'multi_select', options: tiers }), ['gold', 'tin']).ok).toBe(false);
    expect(checkFieldValue(field({ type: 'multi_select', options: tiers }), ['gold', 'gold', 'silver'])).toEqual({ ok: true, value: ['gold', 'silver'] });
    expect(checkFieldValue(field({ type: 'multi_select', options: tiers }), 'gold').ok).toBe(false);
  });
});

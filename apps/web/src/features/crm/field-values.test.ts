import { CUSTOM_FIELD_TRUNCATED_MARKER } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { formatFieldValue, isTruncatedValue, shortenForCell } from './field-values';

const gb = { locale: 'en-GB', timeZone: 'Europe/London' };
const plan = { type: 'enumeration' as const, options: [{ value: 'pro_annual', label: 'Pro (annual)' }, { value: 'starter', label: 'Starter' }] };

describe('formatting a field value by its type', () => {
  it('shows a date as that calendar day in the person\'s locale, whatever their time zone', () => {
    expect(formatFieldValue('2026-03-01', { type: 'date', options: [] }, { locale: 'en-GB', timeZone: 'America/Los_Angeles' })).toBe('1 Mar 2026');
    expect(formatFieldValue('2026-03-01', { type: 'date', options: [] }, { locale: 'en-US' })).toBe('Mar 1, 2026');
  });

  it('shows a date-time in the person\'s zone', () => {
    expect(formatFieldValue('2026-03-01T18:30:00Z', { type: 'datetime', options: [] }, { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe('1 Mar 2026, 19:30');
  });

  it('says Yes or No for booleans', () => {
    expect(formatFieldValue(true, { type: 'boolean', options: [] }, gb)).toBe('Yes');
    expect(formatFieldValue(false, { type: 'boolean', options: [] }, gb)).toBe('No');
  });

  it('shows an enumeration by its option label, and an unknown value as stored', () => {
    expect(formatFieldValue('pro_annual', plan, gb)).toBe('Pro (annual)');
    expect(formatFieldValue('legacy', plan, gb)).toBe('legacy');
  });

  it('joins the labels of a multi-select', () => {
    expect(formatFieldValue(['starter', 'pro_annual'], { ...plan, type: 'multi_select' }, gb)).toBe('Starter, Pro (annual)');
  });

  it('groups numbers as the locale does', () => {
    expect(formatFieldValue(1234567.5, { type: 'number', options: [] }, { locale: 'de-DE' })).toBe('1.234.567,5');
  });

  it('keeps a value that does not fit its type as the CRM sent it', () => {
    expect(formatFieldValue('next spring', { type: 'date', options: [] }, gb)).toBe('next spring');
    expect(formatFieldValue('soon', { type: 'datetime', options: [] }, gb)).toBe('soon');
    expect(formatFieldValue('2026-02-31x', undefined, gb)).toBe('2026-02-31x');
  });
});

describe('long text', () => {
  it('recognises a value the server truncated', () => {
    expect(isTruncatedValue(`${'a'.repeat(20)}${CUSTOM_FIELD_TRUNCATED_MARKER}`)).toBe(true);
    expect(isTruncatedValue('short')).toBe(false);
    expect(isTruncatedValue(3)).toBe(false);
  });

  it('cuts a cell to one line with an ellipsis', () => {
    expect(shortenForCell('line one\nline two', 60)).toBe('line one line two');
    expect(shortenForCell('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

import { describe, expect, it } from 'vitest';
import { CUSTOM_FIELD_TEXT_MAX, CUSTOM_FIELD_TRUNCATED_MARKER } from '@voiceagent/shared';
import { typeFieldValue } from './field-values';

describe('typing a CRM value for its field', () => {
  it('reads numbers, booleans and dates whether the CRM sent them as strings (HubSpot) or as JSON (Zoho, Salesforce)', () => {
    expect(typeFieldValue('12.5', 'number')).toEqual({ value: 12.5, issue: null });
    expect(typeFieldValue(7, 'number')).toEqual({ value: 7, issue: null });
    expect(typeFieldValue('true', 'boolean')).toEqual({ value: true, issue: null });
    expect(typeFieldValue(false, 'boolean')).toEqual({ value: false, issue: null });
    expect(typeFieldValue('2026-03-01', 'date')).toEqual({ value: '2026-03-01', issue: null });
    expect(typeFieldValue('1772323200000', 'date')).toEqual({ value: '2026-03-01', issue: null });
  });

  it('writes datetimes as ISO 8601 in UTC, from Zoho offsets and Salesforce offsets without a colon', () => {
    expect(typeFieldValue('2026-03-01T10:00:00+05:30', 'datetime')).toEqual({ value: '2026-03-01T04:30:00.000Z', issue: null });
    expect(typeFieldValue('2026-03-01T10:00:00.000+0000', 'datetime')).toEqual({ value: '2026-03-01T10:00:00.000Z', issue: null });
  });

  it('reads multi-selects joined with ";" (HubSpot, Salesforce) and as arrays (Zoho) alike', () => {
    expect(typeFieldValue('golf;tennis; golf', 'multi_select')).toEqual({ value: ['golf', 'tennis'], issue: null });
    expect(typeFieldValue(['golf', 'tennis'], 'multi_select')).toEqual({ value: ['golf', 'tennis'], issue: null });
    expect(typeFieldValue([], 'multi_select')).toEqual({ value: null, issue: null });
  });

  it('takes the name of a Zoho lookup', () => {
    expect(typeFieldValue({ name: 'Maya Patel', id: '4150868000000225013' }, 'string')).toEqual({ value: 'Maya Patel', issue: null });
  });

  it('treats empty and missing values as no value', () => {
    for (const raw of [null, undefined, '', '   ']) expect(typeFieldValue(raw, 'string').value).toBeNull();
    expect(typeFieldValue('', 'number')).toEqual({ value: null, issue: null });
  });

  it('keeps a value that does not fit its type as the CRM sent it, and says what is wrong', () => {
    expect(typeFieldValue('about 12', 'number')).toEqual({ value: 'about 12', issue: 'Not a number: "about 12"' });
    expect(typeFieldValue('maybe', 'boolean')).toEqual({ value: 'maybe', issue: 'Not true or false: "maybe"' });
    expect(typeFieldValue('2026-02-30', 'date')).toEqual({ value: '2026-02-30', issue: 'Not a date: "2026-02-30"' });
    expect(typeFieldValue('soon', 'datetime').issue).toBe('Not a date and time: "soon"');
  });

  it('stores enumerations by value, and flags a value the options do not list', () => {
    const options = [{ value: 'pro', label: 'Pro' }];
    expect(typeFieldValue('pro', 'enumeration', options)).toEqual({ value: 'pro', issue: null });
    expect(typeFieldValue('legacy', 'enumeration', options)).toEqual({ value: 'legacy', issue: 'Not one of the field\'s options: "legacy"' });
  });

  it('cuts very long text and marks the cut', () => {
    const typed = typeFieldValue('x'.repeat(CUSTOM_FIELD_TEXT_MAX * 3), 'string');
    expect(typed.issue).toBeNull();
    expect(typed.value).toHaveLength(CUSTOM_FIELD_TEXT_MAX);
    expect(String(typed.value).endsWith(CUSTOM_FIELD_TRUNCATED_MARKER)).toBe(true);
    expect(typeFieldValue('short', 'string').value).toBe('short');
  });
});

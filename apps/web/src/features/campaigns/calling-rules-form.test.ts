import { DEFAULT_CALLING_RULES } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { toDelayValue, toFormValues, toIsoDuration, validateCallingRules } from './calling-rules-form';

describe('the calling rules form', () => {
  it('starts from the contract defaults and sends them back unchanged', () => {
    const result = validateCallingRules(toFormValues());

    expect(result.errors).toBeNull();
    expect(result.rules).toEqual({ ...DEFAULT_CALLING_RULES });
  });

  it('shows retry delays in the largest whole unit and writes them as ISO durations', () => {
    expect(toDelayValue('PT4H')).toEqual({ amount: '4', unit: 'hours' });
    expect(toDelayValue('P1D')).toEqual({ amount: '1', unit: 'days' });
    expect(toDelayValue('PT90M')).toEqual({ amount: '90', unit: 'minutes' });
    expect(toIsoDuration({ amount: '30', unit: 'minutes' })).toBe('PT30M');
    expect(toIsoDuration({ amount: '2', unit: 'days' })).toBe('P2D');
  });

  it('names each wrong field with the schema’s message', () => {
    const values = toFormValues();
    const result = validateCallingRules({
      ...values,
      days: [],
      start: '9am',
      maxAttempts: '0',
      retryAfter: { ...values.retryAfter, busy: { amount: '', unit: 'minutes' } },
      excludedDates: '2026-02-30',
      unknownMode: 'fallback',
      fallbackTimeZone: 'Mars/Olympus',
      startsOn: '2026-05-02',
      endsOn: '2026-05-01',
    });

    expect(result.errors).toMatchObject({
      days: 'At least one day',
      start: expect.stringContaining('HH:MM'),
      maxAttempts: expect.any(String),
      'retryAfter.busy': expect.stringContaining('ISO-8601'),
      excludedDates: expect.any(String),
      fallbackTimeZone: expect.stringContaining('IANA'),
      endsOn: 'The end date must not be before the start date',
    });
  });

  it('refuses a window that ends before it starts, on its end', () => {
    const result = validateCallingRules({ ...toFormValues(), start: '18:00', end: '09:00' });
    expect(result.errors).toEqual({ end: 'Start must be before end' });
  });
});

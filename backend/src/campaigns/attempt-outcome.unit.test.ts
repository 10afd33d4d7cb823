import { DEFAULT_CALLING_RULES, durationToSeconds } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { judgeAttempt } from './attempt-outcome';

const now = new Date('2026-03-09T14:00:00Z');

describe('judgeAttempt', () => {
  it('ends the contact when answered, failed permanently or asked not to be called, whatever the spelling', () => {
    expect(judgeAttempt({ status: 'completed', outcome: 'interested' }, DEFAULT_CALLING_RULES, now)).toMatchObject({ isFinal: true, isAskedNotToCall: false, retryAt: null });
    expect(judgeAttempt({ status: 'failed', outcome: 'Failed-permanently' }, DEFAULT_CALLING_RULES, now)).toMatchObject({ isFinal: true, outcome: 'failed_permanently' });
    expect(judgeAttempt({ status: 'completed', outcome: 'Asked not to call' }, DEFAULT_CALLING_RULES, now)).toMatchObject({ isFinal: true, isAskedNotToCall: true });
  });

  it('schedules the retry after the campaign’s delay for the call’s status', () => {
    expect(judgeAttempt({ status: 'no_answer', outcome: null }, DEFAULT_CALLING_RULES, now).retryAt).toEqual(new Date('2026-03-09T18:00:00Z'));
    expect(judgeAttempt({ status: 'voicemail', outcome: null }, DEFAULT_CALLING_RULES, now).retryAt).toEqual(new Date('2026-03-10T14:00:00Z'));
    expect(judgeAttempt({ status: 'busy', outcome: null }, DEFAULT_CALLING_RULES, now).retryAt).toEqual(new Date('2026-03-09T14:30:00Z'));
  });
});

describe('durationToSeconds', () => {
  it('reads weeks, days, hours, minutes and seconds, and nothing else', () => {
    expect(durationToSeconds('PT30M')).toBe(1800);
    expect(durationToSeconds('P1DT2H')).toBe(93_600);
    expect(durationToSeconds('P1W')).toBe(604_800);
    for (const bad of ['P', 'PT', '4h', 'PT4.5H', 'P1Y', '']) expect(durationToSeconds(bad), bad).toBeNull();
  });
});

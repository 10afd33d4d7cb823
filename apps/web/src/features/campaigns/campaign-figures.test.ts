import { describe, expect, it } from 'vitest';
import { answerRateOf, formatRate } from './campaign-figures';

describe('answerRateOf', () => {
  it('is the contacts answered over those called', () => {
    expect(answerRateOf({ called: 8, answered: 6 })).toBe(0.75);
    expect(answerRateOf({ called: 3, answered: 0 })).toBe(0);
  });

  it('is none before any call', () => {
    expect(answerRateOf({ called: 0, answered: 0 })).toBeNull();
  });
});

describe('formatRate', () => {
  it('writes whole percentages without decimals, others to one decimal, and a dash for none', () => {
    expect(formatRate(0.75)).toBe('75%');
    expect(formatRate(1 / 3)).toBe('33.3%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(null)).toBe('—');
  });
});

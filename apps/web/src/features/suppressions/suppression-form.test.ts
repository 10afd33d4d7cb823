import { describe, expect, it } from 'vitest';
import { toSuppressionBody, ZSuppressionForm } from './suppression-form';

const messageOf = (phone: string, reason = '') => {
  const result = ZSuppressionForm.safeParse({ phone, reason });
  return result.success ? null : result.error.issues[0]!.message;
};

describe('the suppression form', () => {
  it('takes numbers as people write them', () => {
    expect(messageOf('+1 (212) 555-0134')).toBeNull();
    expect(messageOf('020 7946 0000')).toBeNull();
  });

  it('says what is wrong with an empty, lettered or too short number, and a long reason', () => {
    expect(messageOf('  ')).toBe('Enter a phone number');
    expect(messageOf('call me')).toBe('Only digits, spaces and + ( ) - . /');
    expect(messageOf('+1')).toBe('A phone number has more digits');
    expect(messageOf('+12125550134', 'x'.repeat(501))).toBe('At most 500 characters');
  });

  it('leaves an empty reason out of the body', () => {
    expect(toSuppressionBody({ phone: '+12125550134', reason: '' })).toEqual({ phone: '+12125550134' });
    expect(toSuppressionBody({ phone: '+12125550134', reason: 'Asked by email' })).toEqual({ phone: '+12125550134', reason: 'Asked by email' });
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../../http/app-error';
import { createRefreshBudget } from './zoho-refresh-budget';

describe('createRefreshBudget', () => {
  it('allows max refreshes per token in the window, then refuses with the wait', () => {
    let now = 0;
    const budget = createRefreshBudget({ max: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i += 1) budget.spend('token-a');
    now = 10_000;
    const error = (() => {
      try {
        budget.spend('token-a');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'provider_rate_limited', details: { retryAfterSeconds: 50 } });
    expect(() => budget.spend('token-b')).not.toThrow();
    now = 60_001;
    expect(() => budget.spend('token-a')).not.toThrow();
  });
});

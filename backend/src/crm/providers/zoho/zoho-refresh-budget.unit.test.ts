import { describe, expect, it } from 'vitest';
import { AppError } from '../../../http/app-error';
import { createMemoryBudgetStore } from '../../provider-http/memory-budget-store';
import { createRefreshBudget } from './zoho-refresh-budget';

describe('createRefreshBudget', () => {
  it('allows max refreshes per token in the window, then refuses with the wait', async () => {
    let now = 0;
    const budget = createRefreshBudget(createMemoryBudgetStore(() => now), { max: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i += 1) await budget.spend('token-a');
    now = 10_000;
    const error = await budget.spend('token-a').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'provider_rate_limited', details: { retryAfterSeconds: 50 } });
    await expect(budget.spend('token-b')).resolves.toBeUndefined();
    now = 60_001;
    await expect(budget.spend('token-a')).resolves.toBeUndefined();
  });
});

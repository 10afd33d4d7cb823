import { createHash } from 'node:crypto';
import { AppError } from '../../../http/app-error';
import type { BudgetStore } from '../../provider-http/budget-store';

/**
 * Zoho lets one refresh token mint at most 10 access tokens in 10 minutes and blocks it for a
 * while after that. Counting our own refreshes per token keeps a bug or a storm from getting the
 * connection blocked: past the budget we refuse locally with provider_rate_limited. The count is
 * in the budget store (Postgres), so refreshes by every process of ours spend the same ten.
 */
export type RefreshBudget = { spend(refreshToken: string): Promise<void> };

export function createRefreshBudget(store: BudgetStore, options: { max?: number; windowMs?: number } = {}): RefreshBudget {
  const max = options.max ?? 10;
  const windowMs = options.windowMs ?? 10 * 60_000;
  return {
    async spend(refreshToken) {
      // Keyed by a hash: the store must never hold refresh tokens in the clear.
      const key = createHash('sha256').update(refreshToken).digest('base64url');
      const waitMs = await store.spendRefresh('zoho', key, max, windowMs);
      if (waitMs <= 0) return;
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new AppError('provider_rate_limited', `Zoho allows ${max} token refreshes per ${windowMs / 60_000} minutes for a connection; try again in ${retryAfterSeconds} s`, {
        platform: 'zoho',
        retryAfterSeconds,
      });
    },
  };
}

import { createHash } from 'node:crypto';
import { AppError } from '../../../http/app-error';

/**
 * Zoho lets one refresh token mint at most 10 access tokens in 10 minutes and blocks it for a
 * while after that. Counting our own refreshes per token keeps a bug or a storm from getting the
 * connection blocked: past the budget we refuse locally with provider_rate_limited.
 */
export type RefreshBudget = { spend(refreshToken: string): void };

export function createRefreshBudget(options: { max?: number; windowMs?: number; now?: () => number } = {}): RefreshBudget {
  const max = options.max ?? 10;
  const windowMs = options.windowMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const spentAt = new Map<string, number[]>();
  return {
    spend(refreshToken) {
      const at = now();
      // Keyed by a hash: the budget must not keep refresh tokens in memory in the clear.
      const key = createHash('sha256').update(refreshToken).digest('base64url');
      const recent = (spentAt.get(key) ?? []).filter((time) => time > at - windowMs);
      if (recent.length >= max) {
        const retryAfterSeconds = Math.ceil((recent[0]! + windowMs - at) / 1000);
        spentAt.set(key, recent);
        throw new AppError('provider_rate_limited', `Zoho allows ${max} token refreshes per ${windowMs / 60_000} minutes for a connection; try again in ${retryAfterSeconds} s`, {
          platform: 'zoho',
          retryAfterSeconds,
        });
      }
      recent.push(at);
      spentAt.set(key, recent);
      for (const [otherKey, times] of spentAt) if (times.every((time) => time <= at - windowMs)) spentAt.delete(otherKey);
    },
  };
}

import Bottleneck from 'bottleneck';
import type { BudgetStore } from './budget-store';
import { createSharedRate, type SharedRate } from './shared-rate';

/**
 * How one of an account's limiters paces requests: at most `maxConcurrent` in flight in this
 * process (Zoho's and Salesforce's concurrency limits) and at most `rate.requests` starts per
 * `rate.intervalMs` across every process of ours (HubSpot's requests per window).
 */
export type LimiterSettings = { maxConcurrent?: number; rate?: { requests: number; intervalMs: number } };

/** What the provider HTTP client waits on before each attempt goes on the wire. */
export type ProviderLimiter = {
  schedule<T>(task: () => Promise<T>): Promise<T>;
  /** The provider's own count of requests left, for limiters with a shared rate. */
  follow?(remaining: number): Promise<void>;
};

/**
 * The limiters of every provider account this process talks to, so that all clients of one
 * account — a sync, a campaign write-back, a contact created from the UI — share one budget.
 * The concurrency cap is Bottleneck's, in process memory: a slot is held exactly while a request
 * is on the wire, which only this process knows. The rate is a token bucket in the budget store
 * (Postgres), so that N processes spend one budget, not N.
 */
export type RateLimiterPool = {
  /** The limiter `name` of `platform`/`accountId`, created from `settings` on first use. */
  limiterFor(platform: string, accountId: string, name: string, settings: LimiterSettings): ProviderLimiter;
  size(): number;
};

export function createRateLimiterPool(store: BudgetStore): RateLimiterPool {
  const limiters = new Map<string, ProviderLimiter>();
  return {
    limiterFor(platform, accountId, name, settings) {
      const key = `${platform}:${accountId}:${name}`;
      let limiter = limiters.get(key);
      if (!limiter) {
        limiter = createLimiter(store, { platform, accountId, name }, settings);
        limiters.set(key, limiter);
      }
      return limiter;
    },
    size: () => limiters.size,
  };
}

function createLimiter(store: BudgetStore, key: { platform: string; accountId: string; name: string }, settings: LimiterSettings): ProviderLimiter {
  // No reservoir: its refresh timer would keep idle limiters (one per account) ticking.
  const concurrency = new Bottleneck({ maxConcurrent: settings.maxConcurrent ?? null });
  if (!settings.rate) return { schedule: (task) => concurrency.schedule(task) };
  // Capacity 1: starts spaced evenly at the rate, as HubSpot's rolling window needs (a burst
  // after an idle spell would land in the same window as the steady flow that follows it).
  const rate: SharedRate = createSharedRate(store, key, { capacity: 1, perSecond: (settings.rate.requests * 1000) / settings.rate.intervalMs });
  return {
    schedule: (task) =>
      concurrency.schedule(async () => {
        await rate.acquire();
        return task();
      }),
    follow: (remaining) => rate.follow(remaining),
  };
}

import Bottleneck from 'bottleneck';

/**
 * How one of an account's limiters paces requests: at most `maxConcurrent` in flight (Zoho's
 * concurrency limit) and starts at least `minTimeMs` apart (HubSpot's requests per window).
 */
export type LimiterSettings = { maxConcurrent?: number; minTimeMs?: number };

/**
 * The rate limiters of every provider account this process talks to, so that all clients of one
 * account — a sync, a campaign write-back, a contact created from the UI — share one budget.
 */
export type RateLimiterPool = {
  /** The limiter `name` of `platform`/`accountId`, created from `settings` on first use. */
  limiterFor(platform: string, accountId: string, name: string, settings: LimiterSettings): Bottleneck;
  size(): number;
};

export function createRateLimiterPool(): RateLimiterPool {
  const limiters = new Map<string, Bottleneck>();
  return {
    limiterFor(platform, accountId, name, settings) {
      const key = `${platform}:${accountId}:${name}`;
      let limiter = limiters.get(key);
      if (!limiter) {
        // No reservoir: its refresh timer would keep idle limiters (one per account) ticking.
        limiter = new Bottleneck({ maxConcurrent: settings.maxConcurrent ?? null, minTime: settings.minTimeMs ?? 0 });
        limiters.set(key, limiter);
      }
      return limiter;
    },
    size: () => limiters.size,
  };
}

/** The start spacing that keeps `requests` per `intervalMs` in any rolling window of that length. */
export function spacingFor(requests: number, intervalMs: number): number {
  return Math.ceil(intervalMs / Math.max(1, requests));
}

import type { RateLimitPolicy } from './errors';
import type { HubSpotRateLimitOptions } from './options';

const ONE_SECOND = 1000;

export type RateDecision = { allowed: true; headers: Record<string, string> } | { allowed: false; policy: RateLimitPolicy; headers: Record<string, string> };

/** Request times inside a rolling window, oldest first. */
class RollingWindow {
  private readonly times: number[] = [];

  count(now: number, windowMs: number): number {
    let stale = 0;
    while (stale < this.times.length && this.times[stale]! <= now - windowMs) stale += 1;
    if (stale > 0) this.times.splice(0, stale);
    return this.times.length;
  }

  /** Requests after `since` among those still held. */
  countSince(since: number): number {
    let count = 0;
    for (let position = this.times.length - 1; position >= 0 && this.times[position]! > since; position -= 1) count += 1;
    return count;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

/**
 * HubSpot's limits for OAuth apps, per portal: a rolling 10-second allowance for the API as a
 * whole, a separate per-second allowance for search, and optionally a daily allowance. Refused
 * requests do not count, so a client that backs off recovers once the window rolls on.
 */
export class RateLimiter {
  private readonly general = new Map<number, RollingWindow>();
  private readonly search = new Map<number, RollingWindow>();
  private readonly daily = new Map<number, { day: number; count: number }>();
  rejected: Record<RateLimitPolicy, number> = { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 };

  constructor(private readonly limits: Required<HubSpotRateLimitOptions>) {}

  /**
   * Counts a non-search API call. The headers are those HubSpot documents for OAuth calls:
   * Interval-Milliseconds, Max and Remaining for the 10-second window, plus the deprecated
   * (unenforced) Secondly pair, plus Daily and Daily-Remaining only when a daily limit is set.
   */
  admitApiCall(portalId: number, now: number): RateDecision {
    const window = windowOf(this.general, portalId);
    const max = this.limits.tenSecondlyRolling;
    const intervalMs = this.limits.rollingIntervalMs;
    const used = window.count(now, intervalMs);
    const day = this.dayUsage(portalId, now);
    const dailyLimit = this.limits.daily;
    const refusal: RateLimitPolicy | null = dailyLimit !== null && day.count >= dailyLimit ? 'DAILY' : used >= max ? 'TEN_SECONDLY_ROLLING' : null;
    if (refusal === null) {
      window.add(now);
      day.count += 1;
    } else {
      this.rejected[refusal] += 1;
    }
    const secondly = Math.ceil(max / (intervalMs / ONE_SECOND));
    const headers: Record<string, string> = {
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(intervalMs),
      'X-HubSpot-RateLimit-Max': String(max),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, max - window.count(now, intervalMs))),
      'X-HubSpot-RateLimit-Secondly': String(secondly),
      'X-HubSpot-RateLimit-Secondly-Remaining': String(Math.max(0, secondly - window.countSince(now - ONE_SECOND))),
    };
    if (dailyLimit !== null) {
      headers['X-HubSpot-RateLimit-Daily'] = String(dailyLimit);
      headers['X-HubSpot-RateLimit-Daily-Remaining'] = String(Math.max(0, dailyLimit - day.count));
    }
    return refusal === null ? { allowed: true, headers } : { allowed: false, policy: refusal, headers };
  }

  /** Counts a search call; HubSpot's search responses carry no rate limit headers. */
  admitSearch(portalId: number, now: number): RateDecision {
    const window = windowOf(this.search, portalId);
    if (window.count(now, ONE_SECOND) >= this.limits.searchPerSecond) {
      this.rejected.SECONDLY += 1;
      return { allowed: false, policy: 'SECONDLY', headers: {} };
    }
    window.add(now);
    return { allowed: true, headers: {} };
  }

  private dayUsage(portalId: number, now: number): { day: number; count: number } {
    const day = Math.floor(now / 86_400_000);
    let usage = this.daily.get(portalId);
    if (!usage || usage.day !== day) {
      usage = { day, count: 0 };
      this.daily.set(portalId, usage);
    }
    return usage;
  }
}

function windowOf(windows: Map<number, RollingWindow>, portalId: number): RollingWindow {
  let window = windows.get(portalId);
  if (!window) {
    window = new RollingWindow();
    windows.set(portalId, window);
  }
  return window;
}

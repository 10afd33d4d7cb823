import { AppError } from '../../../http/app-error';

/** An org's daily API requests as Salesforce last reported them. */
export type ApiUsage = { used: number; max: number; at: number };

/**
 * `Sforce-Limit-Info: api-usage=18/15000` (Salesforce adds other parts, e.g. `per-app-api-usage=…`,
 * separated by commas). Null when absent or unreadable.
 */
export function parseLimitInfo(header: unknown): { used: number; max: number } | null {
  if (typeof header !== 'string') return null;
  const match = /(?:^|[,;\s])api-usage=(\d+)\/(\d+)/.exec(header);
  if (!match) return null;
  const used = Number(match[1]);
  const max = Number(match[2]);
  return Number.isSafeInteger(used) && Number.isSafeInteger(max) && max > 0 ? { used, max } : null;
}

/**
 * The latest API usage of each org this process has talked to, from the header every response
 * carries (latest wins). In memory: another process learns it from its own first response, or
 * from one read of /limits.
 */
export type ApiAllowance = {
  record(orgId: string, usage: { used: number; max: number }): void;
  /** The org's usage if known and not older than `maxAgeMs`. */
  known(orgId: string, maxAgeMs: number): ApiUsage | null;
};

export function createApiAllowance(now: () => number = Date.now): ApiAllowance {
  const usage = new Map<string, ApiUsage>();
  return {
    record(orgId, reported) {
      usage.set(orgId, { ...reported, at: now() });
    },
    known(orgId, maxAgeMs) {
      const latest = usage.get(orgId);
      return latest && now() - latest.at <= maxAgeMs ? latest : null;
    },
  };
}

/**
 * The allowance is shared with every other integration of the customer's org, and a spent one
 * stops them all for up to a day: a sync stops while `reservePercent` of it is left, and waits
 * `retryAfterSeconds` (the rolling 24-hour window frees requests gradually). Writes a user asked
 * for are not held back by this.
 */
export function refuseSyncPastReserve(usage: { used: number; max: number }, reservePercent: number, retryAfterSeconds: number): void {
  if (!isWithinReserve(usage, reservePercent)) return;
  throw new AppError(
    'provider_quota_exhausted',
    `Salesforce's daily API allowance of this org is down to the ${reservePercent}% reserve kept for its other integrations (${usage.used} of ${usage.max} used); the sync resumes later`,
    { platform: 'salesforce', retryAfterSeconds, used: usage.used, max: usage.max },
  );
}

/** Whether what is left of the org's allowance is no more than the reserve kept for its other integrations. */
export function isWithinReserve(usage: { used: number; max: number }, reservePercent: number): boolean {
  return usage.used >= usage.max * (1 - reservePercent / 100);
}

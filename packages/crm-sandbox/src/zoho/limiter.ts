import type { ZohoOrg } from './org';
import type { ZohoLimits } from './types';

export type Admission = { ok: true; release: () => void } | { ok: false; reason: 'concurrency' | 'sub-concurrency' | 'credits' };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Zoho's limits per org: concurrent calls by edition (Free 5 … Ultimate 25), a separate
 * sub-concurrency for writes of many records, and optionally API credits over a rolling 24 h.
 * Exceeding any gives 429 TOO_MANY_REQUESTS.
 */
export class Limiter {
  private readonly inFlight = new Map<string, number>();
  private readonly heavyInFlight = new Map<string, number>();
  private readonly credits = new Map<string, Map<number, number>>();

  constructor(
    private readonly limits: ZohoLimits,
    private readonly now: () => number,
  ) {}

  concurrencyLimitOf(org: ZohoOrg): number {
    return org.concurrencyLimit ?? this.limits.concurrencyByEdition[org.edition];
  }

  admit(org: ZohoOrg, writeSize: number): Admission {
    if (!this.spendCredit(org.id)) return { ok: false, reason: 'credits' };
    const running = this.inFlight.get(org.id) ?? 0;
    if (running >= this.concurrencyLimitOf(org)) return { ok: false, reason: 'concurrency' };
    const heavy = writeSize > this.limits.subConcurrencyRecordThreshold;
    const heavyRunning = this.heavyInFlight.get(org.id) ?? 0;
    if (heavy && heavyRunning >= this.limits.subConcurrencyLimit) return { ok: false, reason: 'sub-concurrency' };

    this.inFlight.set(org.id, running + 1);
    if (heavy) this.heavyInFlight.set(org.id, heavyRunning + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(org.id, (this.inFlight.get(org.id) ?? 1) - 1);
        if (heavy) this.heavyInFlight.set(org.id, (this.heavyInFlight.get(org.id) ?? 1) - 1);
      },
    };
  }

  /** Credits are counted per minute; a call is refused once the last 24 hours used them all. */
  private spendCredit(orgId: string): boolean {
    const limit = this.limits.creditsPerDay;
    if (limit === null) return true;
    const nowMs = this.now();
    const minute = Math.floor(nowMs / MINUTE);
    const buckets = this.credits.get(orgId) ?? new Map<number, number>();
    this.credits.set(orgId, buckets);
    let used = 0;
    for (const [at, n] of buckets) {
      if (at * MINUTE <= nowMs - DAY) buckets.delete(at);
      else used += n;
    }
    if (used >= limit) return false;
    buckets.set(minute, (buckets.get(minute) ?? 0) + 1);
    return true;
  }

  clear(): void {
    this.inFlight.clear();
    this.heavyInFlight.clear();
    this.credits.clear();
  }
}

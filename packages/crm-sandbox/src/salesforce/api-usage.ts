const MINUTE_MS = 60_000;
const WINDOW_MS = 24 * 60 * MINUTE_MS;

/**
 * An org's rolling 24-hour API allowance, counted in one-minute buckets of the sandbox clock,
 * so advancing the clock a day frees it and memory stays bounded whatever the traffic.
 */
export class ApiUsage {
  private buckets = new Map<number, number>();

  constructor(
    public max: number,
    private readonly now: () => number,
  ) {}

  used(): number {
    const from = Math.floor((this.now() - WINDOW_MS) / MINUTE_MS);
    let total = 0;
    for (const [minute, count] of this.buckets) {
      if (minute <= from) this.buckets.delete(minute);
      else total += count;
    }
    return total;
  }

  /** Counts one request unless the allowance is spent; false means answer REQUEST_LIMIT_EXCEEDED. */
  take(): boolean {
    if (this.used() >= this.max) return false;
    const minute = Math.floor(this.now() / MINUTE_MS);
    this.buckets.set(minute, (this.buckets.get(minute) ?? 0) + 1);
    return true;
  }

  /** Admin: pretend `used` requests were made just now (they roll off 24 hours later). */
  setUsed(used: number): void {
    this.buckets.clear();
    if (used > 0) this.buckets.set(Math.floor(this.now() / MINUTE_MS), used);
  }
}

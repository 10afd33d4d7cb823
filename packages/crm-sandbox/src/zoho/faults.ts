/**
 * Faults a test or benchmark asks for: a fraction of responses replaced by an error status,
 * added latency, reset connections or requests that never answer, optionally limited to a path
 * prefix (the Zoho path, e.g. /crm/v8/Contacts or /oauth/v2/token), a data centre and a count.
 */
export type FaultRule =
  | ({ kind: 'status'; status: 429 | 500 | 502 | 503 } & FaultScope)
  | ({ kind: 'latency'; latencyMs: number } & FaultScope)
  | ({ kind: 'reset' } & FaultScope)
  | ({ kind: 'hang' } & FaultScope)
  /** The request is served, then the connection drops where the answer would start. */
  | ({ kind: 'lose-response' } & FaultScope)
  /**
   * In a batch write, one record fails with a passing INTERNAL_ERROR while the others are written;
   * `count` counts records, `recordContains` picks records whose JSON holds that text.
   */
  | ({ kind: 'record-error'; recordContains?: string } & FaultScope)
  /** Notifications (POSTs to a channel's notify_url): sent twice, held back behind the next one, or late. */
  | ({ kind: 'notification-duplicate' } & FaultScope)
  | ({ kind: 'notification-reorder' } & FaultScope)
  | ({ kind: 'notification-delay'; delayMs: number } & FaultScope);

export type NotificationFaults = { duplicate: boolean; reorder: boolean; delayMs: number };

const NOTIFICATION_KINDS = new Set<FaultRule['kind']>(['notification-duplicate', 'notification-reorder', 'notification-delay']);

export type FaultScope = {
  /** Share of matching requests hit, 0..1 (default 1). */
  fraction?: number;
  pathPrefix?: string;
  dataCentre?: string;
  /** The rule retires after hitting this many requests. */
  count?: number;
};

export type ActiveFault = FaultRule & { id: string; hits: number };
export type FaultDecision = {
  latencyMs: number;
  action: { kind: 'status'; status: number } | { kind: 'reset' } | { kind: 'hang' } | { kind: 'lose-response' } | null;
};

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  private state: number;

  constructor(private readonly seed: number) {
    this.state = seed >>> 0;
  }

  add(rule: FaultRule): ActiveFault {
    const active: ActiveFault = { ...rule, id: `fault-${this.nextId++}`, hits: 0 };
    this.rules.push(active);
    return active;
  }

  list(): ActiveFault[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
    this.state = this.seed >>> 0;
  }

  /** Rolls every matching rule once: latencies add up, the first error-like rule that fires wins. */
  decide(dataCentre: string, zohoPath: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, action: null };
    for (const rule of this.rules) {
      // Record faults act inside a batch write (see failsRecord), notification faults on outgoing POSTs, not on the request.
      if (rule.kind === 'record-error' || NOTIFICATION_KINDS.has(rule.kind)) continue;
      if (rule.dataCentre !== undefined && rule.dataCentre !== dataCentre) continue;
      if (rule.pathPrefix !== undefined && !zohoPath.startsWith(rule.pathPrefix)) continue;
      if (rule.kind !== 'latency' && decision.action) continue;
      if (this.random() >= (rule.fraction ?? 1)) continue;
      rule.hits++;
      if (rule.kind === 'latency') decision.latencyMs += rule.latencyMs;
      else if (rule.kind === 'notification-duplicate' || rule.kind === 'notification-reorder' || rule.kind === 'notification-delay') continue;
      else decision.action = rule.kind === 'status' ? { kind: 'status', status: rule.status } : { kind: rule.kind };
    }
    this.retireSpent();
    return decision;
  }

  /** Whether a record-error rule fails this record (its JSON is `record`) of a write to `zohoPath`. */
  failsRecord(dataCentre: string, zohoPath: string, record: unknown): boolean {
    const text = JSON.stringify(record);
    const rule = this.rules.find(
      (candidate) =>
        candidate.kind === 'record-error' &&
        (candidate.dataCentre === undefined || candidate.dataCentre === dataCentre) &&
        (candidate.pathPrefix === undefined || zohoPath.startsWith(candidate.pathPrefix)) &&
        (candidate.recordContains === undefined || text.includes(candidate.recordContains)),
    );
    if (!rule || this.random() >= (rule.fraction ?? 1)) return false;
    rule.hits++;
    this.retireSpent();
    return true;
  }

  /** Rolls the notification rules for one outgoing notification of an org in `dataCentre`. */
  decideNotification(dataCentre: string): NotificationFaults {
    const faults: NotificationFaults = { duplicate: false, reorder: false, delayMs: 0 };
    for (const rule of this.rules) {
      if (!NOTIFICATION_KINDS.has(rule.kind)) continue;
      if (rule.dataCentre !== undefined && rule.dataCentre !== dataCentre) continue;
      if (this.random() >= (rule.fraction ?? 1)) continue;
      rule.hits++;
      if (rule.kind === 'notification-duplicate') faults.duplicate = true;
      else if (rule.kind === 'notification-reorder') faults.reorder = true;
      else if (rule.kind === 'notification-delay') faults.delayMs += rule.delayMs;
    }
    this.retireSpent();
    return faults;
  }

  private retireSpent(): void {
    this.rules = this.rules.filter((rule) => rule.count === undefined || rule.hits < rule.count);
  }

  /** mulberry32: the same seed gives the same sequence of hits, run to run. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

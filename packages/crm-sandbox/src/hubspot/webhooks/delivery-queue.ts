import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryFaultPlan } from '../faults';
import { retryDelayMs, type ResolvedWebhookOptions } from './delivery-options';
import { signV1, signV3 } from './signature';
import type { WebhookEvent } from './webhook-events';

/** Where and how one app's batches go, read when a batch is sent (settings may have changed). */
export type DeliveryTarget = { targetUrl: string; clientSecret: string; maxConcurrentRequests: number };

export type DeliveryDeps = {
  /** The sandbox clock: the signed request timestamp. */
  now(): number;
  /** null when the app has no target any more: its batches are abandoned. */
  targetOf(appId: number): DeliveryTarget | null;
  planFaults(): DeliveryFaultPlan;
};

export type DeliveryAttempt = {
  at: string;
  appId: number;
  batchId: number;
  targetUrl: string;
  events: number;
  attemptNumber: number;
  /** null: no HTTP answer (connection error or timeout, see `error`). */
  status: number | null;
  error: string | null;
  durationMs: number;
  /** An injected fault that shaped this attempt, or `duplicate` for the second copy of a batch. */
  fault: string | null;
};

export type DeliveryStats = {
  /** Events not yet settled: batching, ready, sending, held back or waiting to retry. */
  pendingEvents: number;
  batching: number;
  readyBatches: number;
  inFlightRequests: number;
  retryingBatches: number;
  heldBatches: number;
  eventsQueued: number;
  eventsDelivered: number;
  /** Refused because maxQueuedEvents were pending. */
  eventsDropped: number;
  /** Given up after the last retry. */
  eventsExhausted: number;
  /** Their app lost its target before they were sent. */
  eventsAbandoned: number;
  requestsSent: number;
  requestsFailed: number;
  duplicatesSent: number;
  maxQueuedEvents: number;
  lastAttempt: DeliveryAttempt | null;
  recentAttempts: DeliveryAttempt[];
};

type Batch = { id: number; appId: number; events: WebhookEvent[]; attempt: number; isReleased: boolean };

type Lane = {
  waiting: WebhookEvent[];
  windowTimer: NodeJS.Timeout | null;
  ready: Batch[];
  inFlight: number;
  held: Batch | null;
  holdTimer: NodeJS.Timeout | null;
  isPumpScheduled: boolean;
};

type Outcome = { status: number | null; error: string | null; durationMs: number };

const NO_FAULTS: DeliveryFaultPlan = { duplicate: false, reorder: false, delayMs: 0, fail: false };
const USER_AGENT = 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon (sandbox)';

/**
 * Delivers webhook events as HubSpot does: batched per app (up to maxBatchSize, after a short
 * window), signed, at most maxConcurrentRequests at once per app, retried with exponential
 * backoff and jitter on a non-2xx answer, a timeout or a connection error. Enqueueing is
 * synchronous and O(events), so the API request that made the change never waits for a target.
 * Everything runs on unref'd timers: a sandbox never keeps a process alive for its webhooks.
 */
export class WebhookDeliveries {
  private readonly lanes = new Map<number, Lane>();
  private readonly retrying = new Map<Batch, NodeJS.Timeout>();
  private readonly abort = new AbortController();
  private readonly attempts: DeliveryAttempt[] = [];
  private idleWaiters: Array<() => void> = [];
  /** Flushes waiting now, and those of them that retry without backoff. */
  private flushes = 0;
  private retryingNow = 0;
  private nextBatchId = 1;
  private pending = 0;
  private hasWarnedFull = false;
  private counts = { eventsQueued: 0, eventsDelivered: 0, eventsDropped: 0, eventsExhausted: 0, eventsAbandoned: 0, requestsSent: 0, requestsFailed: 0, duplicatesSent: 0 };

  constructor(
    private readonly options: ResolvedWebhookOptions,
    private readonly deps: DeliveryDeps,
  ) {}

  /** Takes what fits under maxQueuedEvents and drops (counts) the rest. */
  enqueue(events: WebhookEvent[]): void {
    if (this.abort.signal.aborted || events.length === 0) return;
    const room = Math.max(0, this.options.maxQueuedEvents - this.pending);
    const taken = events.length <= room ? events : events.slice(0, room);
    if (taken.length < events.length) this.dropForRoom(events.length - taken.length);
    this.pending += taken.length;
    this.counts.eventsQueued += taken.length;
    for (const event of taken) {
      const lane = this.laneOf(event.appId);
      lane.waiting.push(event);
      if (lane.waiting.length >= this.options.maxBatchSize) this.cutBatches(lane, event.appId, false);
      else lane.windowTimer ??= unref(setTimeout(() => this.cutBatches(lane, event.appId, true), this.options.batchWindowMs));
    }
  }

  stats(): DeliveryStats {
    let batching = 0;
    let readyBatches = 0;
    let inFlightRequests = 0;
    let heldBatches = 0;
    for (const lane of this.lanes.values()) {
      batching += lane.waiting.length;
      readyBatches += lane.ready.length;
      inFlightRequests += lane.inFlight;
      if (lane.held) heldBatches += 1;
    }
    return {
      pendingEvents: this.pending,
      batching,
      readyBatches,
      inFlightRequests,
      retryingBatches: this.retrying.size,
      heldBatches,
      ...this.counts,
      maxQueuedEvents: this.options.maxQueuedEvents,
      lastAttempt: this.attempts.at(-1) ?? null,
      recentAttempts: [...this.attempts],
    };
  }

  /**
   * Sends what is batching now, releases held batches and, with `retryNow`, retries at once
   * instead of after the backoff; resolves when nothing is pending or after `timeoutMs`.
   */
  async flush({ timeoutMs, retryNow }: { timeoutMs: number; retryNow: boolean }): Promise<{ isIdle: boolean; stats: DeliveryStats }> {
    this.flushes += 1;
    if (retryNow) this.retryingNow += 1;
    try {
      for (const [appId, lane] of this.lanes) {
        this.cutBatches(lane, appId, true);
        // A held batch still waits for a later one that is about to go; otherwise it goes now.
        if (lane.ready.length === 0 && lane.inFlight === 0) this.releaseHeld(lane, appId);
      }
      if (retryNow) for (const batch of [...this.retrying.keys()]) this.retryNow(batch);
      const isIdle = await this.waitForIdle(timeoutMs);
      return { isIdle, stats: this.stats() };
    } finally {
      this.flushes -= 1;
      if (retryNow) this.retryingNow -= 1;
    }
  }

  /** Cancels every timer and request; later events are ignored. */
  stop(): void {
    this.abort.abort();
    for (const lane of this.lanes.values()) {
      if (lane.windowTimer) clearTimeout(lane.windowTimer);
      if (lane.holdTimer) clearTimeout(lane.holdTimer);
    }
    for (const timer of this.retrying.values()) clearTimeout(timer);
    this.retrying.clear();
    this.lanes.clear();
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters = [];
  }

  private laneOf(appId: number): Lane {
    let lane = this.lanes.get(appId);
    if (!lane) {
      lane = { waiting: [], windowTimer: null, ready: [], inFlight: 0, held: null, holdTimer: null, isPumpScheduled: false };
      this.lanes.set(appId, lane);
    }
    return lane;
  }

  /** Full batches always; the remainder too when the window closed (`isWindowOver`). */
  private cutBatches(lane: Lane, appId: number, isWindowOver: boolean): void {
    const size = this.options.maxBatchSize;
    while (lane.waiting.length >= size || (isWindowOver && lane.waiting.length > 0)) {
      lane.ready.push({ id: this.nextBatchId++, appId, events: lane.waiting.splice(0, size), attempt: 0, isReleased: false });
    }
    if (lane.waiting.length === 0 && lane.windowTimer) {
      clearTimeout(lane.windowTimer);
      lane.windowTimer = null;
    }
    this.schedulePump(lane, appId);
  }

  /**
   * Sending starts once the code that made the changes has returned: a request started inside a
   * long synchronous loop (an admin edit of 10,000 contacts) would have its timeout run out
   * before it could even connect.
   */
  private schedulePump(lane: Lane, appId: number): void {
    if (lane.isPumpScheduled) return;
    lane.isPumpScheduled = true;
    setImmediate(() => {
      lane.isPumpScheduled = false;
      this.pump(lane, appId);
    }).unref();
  }

  private pump(lane: Lane, appId: number): void {
    while (lane.ready.length > 0 && !this.abort.signal.aborted) {
      const target = this.deps.targetOf(appId);
      if (!target) {
        for (const batch of lane.ready.splice(0)) this.settle(batch, 'eventsAbandoned');
        return;
      }
      if (lane.inFlight >= target.maxConcurrentRequests) return;
      const batch = lane.ready.shift()!;
      lane.inFlight += 1;
      void this.run(lane, batch, target);
    }
  }

  private async run(lane: Lane, batch: Batch, target: DeliveryTarget): Promise<void> {
    const plan = batch.isReleased ? NO_FAULTS : this.deps.planFaults();
    batch.isReleased = false;
    if (plan.reorder && lane.held === null) {
      lane.inFlight -= 1;
      this.hold(lane, batch);
      this.pump(lane, batch.appId);
      return;
    }
    try {
      if (plan.delayMs > 0) await sleep(plan.delayMs, undefined, { signal: this.abort.signal, ref: false });
      const outcome = plan.fail ? { status: 503, error: 'injected webhook-fail: not sent', durationMs: 0 } : await this.post(batch, target);
      if (this.abort.signal.aborted) return;
      const fault = plan.fail ? 'webhook-fail' : plan.delayMs > 0 ? 'webhook-delay' : null;
      this.record(batch, target, outcome, fault);
      if (isSuccess(outcome.status)) {
        if (plan.duplicate) {
          this.counts.duplicatesSent += 1;
          this.record(batch, target, await this.post(batch, target), 'duplicate');
        }
        this.settle(batch, 'eventsDelivered');
      } else {
        this.counts.requestsFailed += 1;
        this.scheduleRetry(batch);
      }
    } catch {
      // Only a stop aborts a sleep; the sandbox is going away.
    } finally {
      lane.inFlight -= 1;
      // A batch held back goes out once a later one has been sent (the out-of-order pair), or when a flush finds nothing else to send.
      const isLaneDrained = lane.ready.length === 0 && lane.inFlight === 0;
      if (lane.held && (batch.id > lane.held.id || (this.flushes > 0 && isLaneDrained))) this.releaseHeld(lane, batch.appId);
      this.pump(lane, batch.appId);
      this.notifyIfIdle();
    }
  }

  private async post(batch: Batch, target: DeliveryTarget): Promise<Outcome> {
    const body = JSON.stringify(batch.events.map((event) => ({ ...event, attemptNumber: batch.attempt })));
    const timestamp = this.deps.now();
    const started = performance.now();
    this.counts.requestsSent += 1;
    try {
      const response = await fetch(target.targetUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'x-hubspot-signature': signV1(target.clientSecret, body),
          'x-hubspot-signature-version': 'v1',
          'x-hubspot-signature-v3': signV3(target.clientSecret, 'POST', target.targetUrl, body, timestamp),
          'x-hubspot-request-timestamp': String(timestamp),
        },
        body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      await response.arrayBuffer();
      return { status: response.status, error: null, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const message = name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : describeError(error);
      return { status: null, error: message, durationMs: Math.round(performance.now() - started) };
    }
  }

  private scheduleRetry(batch: Batch): void {
    if (batch.attempt >= this.options.retryLimit) {
      this.settle(batch, 'eventsExhausted');
      return;
    }
    batch.attempt += 1;
    const delay = this.retryingNow > 0 ? 0 : retryDelayMs(batch.attempt, this.options.retryDelayScale);
    this.retrying.set(batch, unref(setTimeout(() => this.retryNow(batch), delay)));
  }

  private retryNow(batch: Batch): void {
    const timer = this.retrying.get(batch);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.retrying.delete(batch);
    const lane = this.laneOf(batch.appId);
    lane.ready.push(batch);
    this.pump(lane, batch.appId);
  }

  private hold(lane: Lane, batch: Batch): void {
    lane.held = batch;
    lane.holdTimer = unref(setTimeout(() => this.releaseHeld(lane, batch.appId), this.options.reorderHoldMs));
  }

  private releaseHeld(lane: Lane, appId: number): void {
    const held = lane.held;
    if (!held) return;
    if (lane.holdTimer) clearTimeout(lane.holdTimer);
    lane.held = null;
    lane.holdTimer = null;
    held.isReleased = true;
    lane.ready.unshift(held);
    this.pump(lane, appId);
  }

  private settle(batch: Batch, outcome: 'eventsDelivered' | 'eventsExhausted' | 'eventsAbandoned'): void {
    this.counts[outcome] += batch.events.length;
    this.pending -= batch.events.length;
    this.notifyIfIdle();
  }

  private record(batch: Batch, target: DeliveryTarget, outcome: Outcome, fault: string | null): void {
    this.attempts.push({
      at: new Date(this.deps.now()).toISOString(),
      appId: batch.appId,
      batchId: batch.id,
      targetUrl: target.targetUrl,
      events: batch.events.length,
      attemptNumber: batch.attempt,
      status: outcome.status,
      error: outcome.error,
      durationMs: outcome.durationMs,
      fault,
    });
    if (this.attempts.length > this.options.attemptLogSize) this.attempts.shift();
  }

  private dropForRoom(count: number): void {
    this.counts.eventsDropped += count;
    if (this.hasWarnedFull) return;
    this.hasWarnedFull = true;
    console.warn(`hubspot sandbox: ${this.options.maxQueuedEvents} webhook events pending; dropping new ones until deliveries catch up`);
  }

  private isIdle(): boolean {
    return this.pending === 0;
  }

  private waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = unref(setTimeout(() => finish(false), timeoutMs));
      const finish = (isIdle: boolean) => {
        clearTimeout(timer);
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== onIdle);
        resolve(isIdle);
      };
      const onIdle = () => finish(true);
      this.idleWaiters.push(onIdle);
    });
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of [...this.idleWaiters]) resolve();
  }
}

function isSuccess(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}

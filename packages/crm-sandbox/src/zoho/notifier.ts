import type { ContactChange } from './contact-store';
import { apiDomainUrl } from './data-centres';
import type { FaultInjector } from './faults';
import type { ZohoOrg } from './org';
import type { ContactOperation, WatchChannel } from './watch-channels';

/** One POST the sandbox made (or tried) to a channel's notify_url. */
export type NotificationDelivery = {
  at: string;
  orgId: string;
  channelId: string;
  operation: ContactOperation;
  ids: string[];
  /** The receiver's HTTP status, or 0 when it could not be reached. */
  status: number;
  /** Which fault shaped this POST, if any. */
  fault: 'duplicate' | 'reorder' | 'delay' | null;
};

export type NotifierSettings = {
  /** Off: channels are kept and listed, but nothing is posted (for tests of other parts that want no pushes racing them). */
  enabled: boolean;
  /** Changes of one operation within this window go out as one notification, as Zoho batches them. */
  batchWindowMs: number;
  /** Most ids one notification carries; more go in several. */
  maxIdsPerNotification: number;
  /** A notification held back by a reorder fault goes out after this even if nothing follows it. */
  reorderHoldMs: number;
  deliveryTimeoutMs: number;
  logSize: number;
};

export const DEFAULT_NOTIFIER_SETTINGS: NotifierSettings = { enabled: true, batchWindowMs: 50, maxIdsPerNotification: 100, reorderHoldMs: 1000, deliveryTimeoutMs: 10_000, logSize: 1000 };

type Pending = { org: ZohoOrg; operation: ContactOperation; ids: string[]; fields: Map<string, Set<string>>; timer: NodeJS.Timeout };
type Held = { send: () => Promise<void>; timer: NodeJS.Timeout };

/**
 * Zoho's instant notifications: every contact change of an org (API, admin edit, bulk) is
 * batched per operation for a short window, then POSTed as JSON to each live channel that
 * watches it, with the channel's token. Zoho does not retry a notification the receiver
 * refused, and neither does the sandbox; a channel past its expiry hears nothing.
 */
export class Notifier {
  private readonly pending = new Map<string, Pending>();
  private readonly held = new Map<string, Held>();
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private log: NotificationDelivery[] = [];

  constructor(
    private readonly now: () => number,
    private readonly faults: FaultInjector,
    private readonly publicUrl: () => string | undefined,
    private readonly settings: NotifierSettings,
  ) {}

  /** ContactStore's change listener for `org`. */
  record(org: ZohoOrg, change: ContactChange): void {
    if (!this.settings.enabled || org.watch.listening(change.operation).length === 0) return;
    const key = `${org.id}:${change.operation}`;
    let batch = this.pending.get(key);
    if (!batch) {
      const created: Pending = { org, operation: change.operation, ids: [], fields: new Map(), timer: setTimeout(() => this.flush(key), this.settings.batchWindowMs) };
      this.pending.set(key, created);
      batch = created;
    }
    if (!batch.fields.has(change.id)) batch.ids.push(change.id);
    const fields = batch.fields.get(change.id) ?? new Set<string>();
    for (const field of change.fields) fields.add(field);
    batch.fields.set(change.id, fields);
  }

  deliveries(limit = this.settings.logSize): NotificationDelivery[] {
    return this.log.slice(-limit);
  }

  isIdle(): boolean {
    return this.pending.size === 0 && this.held.size === 0 && this.inFlight === 0;
  }

  /** Resolves once nothing is batched, held or in flight; false when `timeoutMs` passed first. */
  waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.isIdle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  clear(): void {
    for (const batch of this.pending.values()) clearTimeout(batch.timer);
    for (const held of this.held.values()) clearTimeout(held.timer);
    this.pending.clear();
    this.held.clear();
    this.log = [];
    this.settleIfIdle();
  }

  private flush(key: string): void {
    const batch = this.pending.get(key);
    this.pending.delete(key);
    if (batch) {
      const { org, operation } = batch;
      for (let start = 0; start < batch.ids.length; start += this.settings.maxIdsPerNotification) {
        const ids = batch.ids.slice(start, start + this.settings.maxIdsPerNotification);
        // Channels are looked up now: one that expired or was disabled meanwhile hears nothing.
        for (const channel of org.watch.listening(operation)) this.notify(org, channel, operation, ids, batch.fields);
      }
    }
    this.settleIfIdle();
  }

  private notify(org: ZohoOrg, channel: WatchChannel, operation: ContactOperation, ids: string[], fields: Map<string, Set<string>>): void {
    const base = this.publicUrl() ?? 'http://localhost';
    const body = {
      server_time: this.now(),
      query_params: Object.fromEntries(new URL(channel.notifyUrl).searchParams),
      module: 'Contacts',
      resource_uri: `${apiDomainUrl(base, org.dataCentre)}/crm/v8/Contacts`,
      ids,
      affected_fields: operation === 'update' ? ids.map((id) => ({ [id]: [...(fields.get(id) ?? [])] })) : [],
      operation,
      channel_id: channel.channelId,
      token: channel.token,
    };
    const faults = this.faults.decideNotification(org.dataCentre);
    const fault: NotificationDelivery['fault'] = faults.reorder ? 'reorder' : faults.delayMs > 0 ? 'delay' : faults.duplicate ? 'duplicate' : null;
    const send = async () => {
      await this.post(org, channel, operation, ids, body, fault);
      if (faults.duplicate) await this.post(org, channel, operation, ids, body, 'duplicate');
    };
    const heldKey = `${org.id}:${channel.channelId}`;
    // A notification held back by an earlier reorder fault goes out right after this one.
    const before = this.held.get(heldKey);
    if (faults.reorder && !before) {
      const timer = setTimeout(() => this.release(heldKey), this.settings.reorderHoldMs);
      this.held.set(heldKey, { send, timer });
      return;
    }
    this.track(async () => {
      if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
      await send();
      if (before) this.release(heldKey);
    });
  }

  private release(heldKey: string): void {
    const held = this.held.get(heldKey);
    if (!held) return;
    clearTimeout(held.timer);
    this.held.delete(heldKey);
    this.track(held.send);
  }

  private track(work: () => Promise<void>): void {
    this.inFlight++;
    void work().finally(() => {
      this.inFlight--;
      this.settleIfIdle();
    });
  }

  private async post(org: ZohoOrg, channel: WatchChannel, operation: ContactOperation, ids: string[], body: unknown, fault: NotificationDelivery['fault']): Promise<void> {
    let status = 0;
    try {
      const res = await fetch(channel.notifyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.deliveryTimeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0;
    }
    this.log.push({ at: new Date(this.now()).toISOString(), orgId: org.id, channelId: channel.channelId, operation, ids, status, fault });
    if (this.log.length > this.settings.logSize) this.log.splice(0, this.log.length - this.settings.logSize);
  }

  private settleIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

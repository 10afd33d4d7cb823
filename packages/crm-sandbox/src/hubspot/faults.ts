import { z } from 'zod';
import { createRandom } from './random';

export const WEBHOOK_FAULT_KINDS = ['webhook-duplicate', 'webhook-reorder', 'webhook-delay', 'webhook-fail'] as const;
type WebhookFaultKind = (typeof WEBHOOK_FAULT_KINDS)[number];
const isWebhookKind = (kind: string): kind is WebhookFaultKind => (WEBHOOK_FAULT_KINDS as readonly string[]).includes(kind);

export const ZFaultRuleInput = z
  .object({
    /**
     * status: answer with an error status; latency: delay, then serve; reset: drop the connection;
     * hang: never answer; lose-response: serve the request, then drop the connection instead of
     * answering (the change is made, the client never hears of it); record-error: in a batch
     * write, fail one record (a passing error) while the rest of the batch is written.
     * Webhook deliveries (one hit per delivery attempt, never a request to the sandbox):
     * webhook-duplicate: send the batch twice; webhook-reorder: hold the batch back until the
     * app's next batch has been sent; webhook-delay: wait latencyMs before sending;
     * webhook-fail: the attempt fails as if the target answered 503, without calling it.
     */
    kind: z.enum(['status', 'latency', 'reset', 'hang', 'lose-response', 'record-error', ...WEBHOOK_FAULT_KINDS]),
    status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]).optional(),
    /** Share of matching requests hit, 0..1. */
    fraction: z.number().min(0).max(1).default(1),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** Only requests whose path starts with this are affected; all non-admin paths when absent. */
    pathPrefix: z.string().startsWith('/').optional(),
    /** The rule retires after hitting this many requests (record-error: this many records). */
    count: z.number().int().positive().optional(),
    /** record-error only: hit only records whose JSON contains this text (a call's marker, say). */
    recordContains: z.string().min(1).optional(),
  })
  .strict()
  .refine((rule) => rule.kind !== 'status' || rule.status !== undefined, { message: 'a status fault needs "status"', path: ['status'] })
  .refine((rule) => (rule.kind !== 'latency' && rule.kind !== 'webhook-delay') || rule.latencyMs !== undefined, { message: 'a latency or webhook-delay fault needs "latencyMs"', path: ['latencyMs'] })
  .refine((rule) => !isWebhookKind(rule.kind) || rule.pathPrefix === undefined, { message: 'webhook faults take no "pathPrefix"', path: ['pathPrefix'] })
  .refine((rule) => rule.kind === 'record-error' || rule.recordContains === undefined, { message: 'only a record-error fault takes "recordContains"', path: ['recordContains'] });

export type FaultRuleInput = z.input<typeof ZFaultRuleInput>;
export type FaultRule = z.output<typeof ZFaultRuleInput> & { id: string; hits: number };
export type FaultAction = { kind: 'status'; status: 429 | 500 | 502 | 503 } | { kind: 'reset' } | { kind: 'hang' } | { kind: 'lose-response' };
export type FaultPlan = { latencyMs: number; action: FaultAction | null; ruleIds: string[] };
/** What happens to one webhook delivery attempt; several rules can hit the same attempt. */
export type DeliveryFaultPlan = { duplicate: boolean; reorder: boolean; delayMs: number; fail: boolean };

/**
 * Decides, per request, which injected faults apply. Draws come from a seeded generator so a
 * run with the same seed and the same requests fails the same way.
 */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = createRandom(seed);
  }

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...ZFaultRuleInput.parse(input), id: `fault-${this.nextId++}`, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  /** Latency adds up across latency rules; the first hit among the other rules decides the outcome. */
  plan(path: string): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, action: null, ruleIds: [] };
    for (const rule of this.rules) {
      // Record faults act inside a batch write (see failsRecord), webhook faults on deliveries, not on the request.
      if (rule.kind === 'record-error' || isWebhookKind(rule.kind)) continue;
      if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) continue;
      if (rule.kind !== 'latency' && plan.action !== null) continue;
      if (this.random() >= rule.fraction) continue;
      rule.hits += 1;
      plan.ruleIds.push(rule.id);
      if (rule.kind === 'latency') plan.latencyMs += rule.latencyMs ?? 0;
      else plan.action = rule.kind === 'status' ? { kind: 'status', status: rule.status! } : { kind: rule.kind };
    }
    this.retireSpent();
    return plan;
  }

  /** Whether a record-error rule fails this record of a batch write at `path` (its JSON is `record`). */
  failsRecord(path: string, record: unknown): boolean {
    const text = JSON.stringify(record);
    const rule = this.rules.find(
      (candidate) =>
        candidate.kind === 'record-error' &&
        (candidate.pathPrefix === undefined || path.startsWith(candidate.pathPrefix)) &&
        (candidate.recordContains === undefined || text.includes(candidate.recordContains)),
    );
    if (!rule || this.random() >= rule.fraction) return false;
    rule.hits += 1;
    this.retireSpent();
    return true;
  }

  /** The webhook rules that hit this delivery attempt. */
  planDelivery(): DeliveryFaultPlan {
    const plan: DeliveryFaultPlan = { duplicate: false, reorder: false, delayMs: 0, fail: false };
    for (const rule of this.rules) {
      if (!isWebhookKind(rule.kind) || this.random() >= rule.fraction) continue;
      rule.hits += 1;
      if (rule.kind === 'webhook-duplicate') plan.duplicate = true;
      else if (rule.kind === 'webhook-reorder') plan.reorder = true;
      else if (rule.kind === 'webhook-fail') plan.fail = true;
      else plan.delayMs += rule.latencyMs ?? 0;
    }
    this.retireSpent();
    return plan;
  }

  private retireSpent(): void {
    this.rules = this.rules.filter((rule) => rule.count === undefined || rule.hits < rule.count);
  }
}

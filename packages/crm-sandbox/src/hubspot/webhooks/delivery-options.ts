/** How the sandbox delivers webhooks; the defaults are HubSpot's where HubSpot documents one. */
export type HubSpotWebhookOptions = {
  /** Events wait this long to be batched with others, unless a full batch is waiting. */
  batchWindowMs?: number;
  /** Events per request (HubSpot: up to 100). */
  maxBatchSize?: number;
  /** A target slower than this fails the attempt (HubSpot: 5 s). */
  timeoutMs?: number;
  /** Retries after the first attempt (HubSpot: 10, spread over about a day). */
  retryLimit?: number;
  /**
   * Multiplies the retry delays (90 s doubling per retry, ±25% jitter: 10 retries span about 25
   * hours); tests pass e.g. 0.0005 for 45 ms, 90 ms, 180 ms…
   */
  retryDelayScale?: number;
  /**
   * Events held at once (batching, sending, waiting to retry) across the sandbox. Beyond it new
   * events are dropped and counted, never queued: memory stays bounded and the API that made the
   * change is never slowed. A sync finds what was dropped, as it would after HubSpot gave up.
   */
  maxQueuedEvents?: number;
  /** A batch held back by a webhook-reorder fault goes out after the next one, or after this long. */
  reorderHoldMs?: number;
  /** Delivery attempts kept for the admin API. */
  attemptLogSize?: number;
};

export type ResolvedWebhookOptions = Required<HubSpotWebhookOptions>;

export const RETRY_BASE_DELAY_MS = 90_000;

export function resolveWebhookOptions(options: HubSpotWebhookOptions = {}): ResolvedWebhookOptions {
  return {
    batchWindowMs: options.batchWindowMs ?? 100,
    maxBatchSize: options.maxBatchSize ?? 100,
    timeoutMs: options.timeoutMs ?? 5000,
    retryLimit: options.retryLimit ?? 10,
    retryDelayScale: options.retryDelayScale ?? 1,
    maxQueuedEvents: options.maxQueuedEvents ?? 100_000,
    reorderHoldMs: options.reorderHoldMs ?? 1000,
    attemptLogSize: options.attemptLogSize ?? 200,
  };
}

/** The delay before retry `retry` (1-based): exponential with jitter, scaled. */
export function retryDelayMs(retry: number, scale: number, random: () => number = Math.random): number {
  return RETRY_BASE_DELAY_MS * 2 ** (retry - 1) * (0.75 + random() / 2) * scale;
}

/**
 * When a failed provider call is worth sending again, and after how long: exponential backoff
 * with full jitter (a random delay up to base·2^(attempt−1), capped), or exactly what the
 * provider's Retry-After asks for. Pure functions, so the rules are tested without a network.
 */
export type RetrySettings = {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  /** Cap of one backoff delay; a Retry-After longer than this is not waited for. */
  maxDelayMs: number;
};

export type FailedAttempt = {
  /** HTTP status, or undefined when no response arrived. */
  status?: number;
  kind: 'response' | 'timeout' | 'network' | 'refused' | 'cancelled' | 'invalid';
  method: string;
  /** The caller marked a non-idempotent method as safe to repeat. */
  idempotent: boolean;
  /** Milliseconds the provider asked us to wait (Retry-After), null when it did not say. */
  retryAfterMs: number | null;
};

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['get', 'head', 'options', 'put', 'delete']);

export function isRetryable(attempt: FailedAttempt, settings: RetrySettings): boolean {
  if (attempt.retryAfterMs !== null && attempt.retryAfterMs > settings.maxDelayMs) return false;
  // Nothing reached the provider, or it refused before doing anything: any method may go again.
  if (attempt.kind === 'refused' || attempt.status === 429) return true;
  const isRepeatable = attempt.idempotent || IDEMPOTENT_METHODS.has(attempt.method.toLowerCase());
  if (!isRepeatable) return false;
  if (attempt.kind === 'timeout' || attempt.kind === 'network') return true;
  return attempt.kind === 'response' && attempt.status !== undefined && RETRYABLE_STATUSES.has(attempt.status);
}

/** `retryNumber` counts from 1 (the first retry). */
export function computeRetryDelay(attempt: FailedAttempt, retryNumber: number, settings: RetrySettings, random: () => number = Math.random): number {
  if (attempt.retryAfterMs !== null) return Math.min(attempt.retryAfterMs, settings.maxDelayMs);
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP dates start with the day's name; Date.parse would also take "-3" as a year.
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

import { AxiosError, isCancel } from 'axios';
import { AppError, type ErrorCode } from '../../http/app-error';
import { parseRetryAfter, type FailedAttempt } from './retry-policy';

/** What a provider said about a failure, read from its error body. */
export type ProviderErrorInfo = {
  code?: string;
  message?: string;
  correlationId?: string;
  /** The record the provider says already exists (Salesforce's DUPLICATES_DETECTED names it). */
  existingId?: string;
};

/** Reads one provider's error bodies (HubSpot's `{ category, message }`, Zoho's `{ code, message }` …). */
export type ProviderErrorReader = (body: unknown) => ProviderErrorInfo;

export type ProviderErrorContext = {
  platform: string;
  label: string;
  readError: ProviderErrorReader;
  /** A 401 whose body says the token is fine but not enough (a scope) is a rejection, not a revoked grant. */
  isStaleTokenResponse?: (body: unknown) => boolean;
  /**
   * A refusal that says the provider did nothing and asks to be tried again (Salesforce's
   * UNABLE_TO_LOCK_ROW): retried like a 503 whatever the method, since nothing landed.
   */
  isTransientRefusal?: (status: number, body: unknown) => boolean;
};

/** What goes into AppError.details: the provider's own words, never URLs, headers or bodies we sent. */
export type ProviderErrorDetails = {
  platform: string;
  operation?: string;
  status?: number;
  providerCode?: string;
  providerMessage?: string;
  correlationId?: string;
  retryAfterSeconds?: number;
  attempts?: number;
  existingId?: string;
};

const MAX_MESSAGE_LENGTH = 500;

/** Sorts an axios failure into what the retry policy needs to know. */
export function describeAttempt(error: AxiosError, context?: Pick<ProviderErrorContext, 'isTransientRefusal'>): FailedAttempt {
  const config = error.config;
  const base = { method: config?.method ?? 'get', idempotent: config?.idempotent === true, retryAfterMs: null };
  if (error.response) {
    const retryAfterMs = parseRetryAfter(error.response.headers['retry-after']);
    if (context?.isTransientRefusal?.(error.response.status, error.response.data)) return { ...base, kind: 'response', status: 503, idempotent: true, retryAfterMs };
    return { ...base, kind: 'response', status: error.response.status, retryAfterMs };
  }
  if (isCancel(error) || error.code === AxiosError.ERR_CANCELED) return { ...base, kind: 'cancelled' };
  if (error.code === AxiosError.ETIMEDOUT || error.code === AxiosError.ECONNABORTED) return { ...base, kind: 'timeout' };
  if (error.code === AxiosError.ECONNREFUSED) return { ...base, kind: 'refused' };
  if (error.request) return { ...base, kind: 'network' };
  return { ...base, kind: 'invalid' };
}

/**
 * Turns whatever a provider call threw into an AppError with a code callers can act on:
 * 401 → crm_auth_revoked, 429 → provider_rate_limited, 5xx and unreachable → provider_unavailable,
 * no answer in time → provider_timeout, other refusals (and a 401 that is not about the token,
 * such as Zoho's OAUTH_SCOPE_MISMATCH) → provider_rejected.
 */
export function toProviderError(error: AxiosError, context: ProviderErrorContext): AppError {
  const attempt = describeAttempt(error, context);
  const details: ProviderErrorDetails = { platform: context.platform, operation: error.config?.operation, attempts: attemptsOf(error) };
  if (attempt.kind !== 'response' || !error.response) {
    if (attempt.kind === 'timeout') {
      return new AppError('provider_timeout', `${context.label} did not answer within ${error.config?.timeout ?? 0} ms`, details);
    }
    // Node's messages ("socket hang up", "connect ECONNREFUSED 127.0.0.1:4100") name no secrets.
    return new AppError('provider_unavailable', `Could not reach ${context.label}: ${error.message}`, { ...details, providerCode: error.code });
  }
  const status = attempt.status ?? error.response.status;
  const info = context.readError(error.response.data);
  const providerMessage = info.message ? info.message.slice(0, MAX_MESSAGE_LENGTH) : undefined;
  Object.assign(details, { status: error.response.status, providerCode: info.code, providerMessage, correlationId: info.correlationId, existingId: info.existingId });
  if (attempt.retryAfterMs !== null) details.retryAfterSeconds = Math.ceil(attempt.retryAfterMs / 1000);
  const said = providerMessage ? `: ${providerMessage}` : ` (HTTP ${status})`;
  const isStaleToken = status === 401 && (context.isStaleTokenResponse?.(error.response.data) ?? true);
  const [code, message] = classify(status === 401 && !isStaleToken ? 403 : status, context.label, said);
  return new AppError(code, message, stripUndefined(details));
}

function classify(status: number, label: string, said: string): [ErrorCode, string] {
  if (status === 401) return ['crm_auth_revoked', `${label} no longer accepts this connection's credentials${said}`];
  if (status === 429) return ['provider_rate_limited', `${label} is limiting our requests${said}`];
  if (status === 408 || status === 504) return ['provider_timeout', `${label} timed out${said}`];
  if (status >= 500 || status < 400) return ['provider_unavailable', `${label} is unavailable${said}`];
  return ['provider_rejected', `${label} rejected the request${said}`];
}

function attemptsOf(error: AxiosError): number {
  return (error.config?.['axios-retry']?.retryCount ?? 0) + 1;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

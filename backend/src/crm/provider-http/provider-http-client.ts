import './request-options';
import axios, { AxiosError, getAdapter, type AxiosAdapter, type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import type { ProviderSession } from '../crm-records';
import { describeAttempt, toProviderError, type ProviderErrorInfo, type ProviderErrorReader } from './provider-error';
import type { ProviderLimiter } from './rate-limiter-pool';
import { computeRetryDelay, isRetryable, type RetrySettings } from './retry-policy';

/** An axios instance whose failures are AppErrors; one per connection (or per OAuth call). */
export type ProviderHttpClient = AxiosInstance;

export type ProviderHttpSettings = RetrySettings & {
  /** Per attempt; a hung provider fails the attempt after this long. */
  timeoutMs: number;
  /** Told about each retry, e.g. to log it; it gets no URL, header or body. */
  onRetry?: (event: RetryEvent) => void;
  /** Jitter source; tests pass their own. */
  random?: () => number;
};

export type RetryEvent = { platform: string; operation?: string; retryNumber: number; delayMs: number; status?: number; reason: string };

export const DEFAULT_PROVIDER_HTTP_SETTINGS: ProviderHttpSettings = { timeoutMs: 30_000, retries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** What differs between providers on the wire. */
export type ProviderProfile = {
  platform: string;
  /** Shown in error messages: "HubSpot", "Zoho CRM". */
  label: string;
  /** The Authorization header value for an access token. */
  authorization(accessToken: string): string;
  readError: ProviderErrorReader;
  /** Whether a 401 means the access token went stale (refreshing helps), rather than e.g. a missing scope. */
  isStaleTokenResponse(body: unknown): boolean;
  /** Errors a provider sends inside a 2xx body (Zoho), with the HTTP status they amount to; null when the body is a success. */
  findErrorInSuccess?(body: unknown): (ProviderErrorInfo & { status: number }) | null;
  /** Sees every response, each attempt's, success or not (Salesforce reads its API usage header from each). */
  observeResponse?(response: AxiosResponse): void;
  /** A refusal retried like a 503 whatever the method: the provider did nothing (see provider-error). */
  isTransientRefusal?(status: number, body: unknown): boolean;
  /** The limiter for a request and whether it is safe to repeat, for requests that don't say. */
  classifyRequest?(config: InternalAxiosRequestConfig): { rateLimit?: string; idempotent?: boolean };
  /** The provider's count of requests left for the account, from a response's headers; null when it gives none. */
  readRemaining?(response: AxiosResponse): number | null;
};

export type CreateProviderHttpClientInput = {
  profile: ProviderProfile;
  baseURL: string;
  /** Supplies and refreshes the access token; without one, callers set their own headers (OAuth calls). */
  session?: ProviderSession;
  /** The account's shared limiters by name; `default` paces requests that name none. */
  limiters?: { default: ProviderLimiter } & Record<string, ProviderLimiter>;
  settings?: Partial<ProviderHttpSettings>;
};

/**
 * The one way provider calls are made: an axios instance that waits for the account's rate
 * limiter, retries 429 / 5xx / resets / timeouts with backoff and jitter (honouring Retry-After)
 * through axios-retry, refreshes the access token once on a 401 and retries once, and rejects
 * with AppErrors carrying the provider's own message and never a token.
 */
export function createProviderHttpClient(input: CreateProviderHttpClientInput): ProviderHttpClient {
  const { profile, session, limiters } = input;
  const settings: ProviderHttpSettings = { ...DEFAULT_PROVIDER_HTTP_SETTINGS, ...stripUndefined(input.settings ?? {}) };
  const transport = getAdapter(axios.defaults.adapter);
  const instance = axios.create({
    baseURL: input.baseURL,
    timeout: settings.timeoutMs,
    // A redirect would carry our Authorization header to wherever the provider points; APIs don't redirect.
    maxRedirects: 0,
    maxContentLength: 50 * 1024 * 1024,
    headers: { Accept: 'application/json' },
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true },
    // The limiter wraps the transport, so a Zoho concurrency slot is held exactly while a request is on the wire.
    adapter: ((config: InternalAxiosRequestConfig) => {
      const limiter = limiters ? (limiters[config.rateLimit ?? 'default'] ?? limiters.default) : undefined;
      const scheduled = limiter ? limiter.schedule(() => transport(config)) : transport(config);
      const sent = limiter?.follow && profile.readRemaining ? followRemaining(scheduled, limiter.follow.bind(limiter), profile.readRemaining) : scheduled;
      return profile.observeResponse ? observeEach(sent, profile.observeResponse) : sent;
    }) satisfies AxiosAdapter,
  });

  instance.interceptors.request.use(async (config) => {
    const classified = profile.classifyRequest?.(config) ?? {};
    config.rateLimit ??= classified.rateLimit;
    config.idempotent ??= classified.idempotent;
    if (!session) return config;
    // After the one refresh, keep the refreshed token for this request's remaining retries.
    const token = config.providerAuth?.refreshed ? config.providerAuth.token : await session.getAccessToken();
    config.headers.set('Authorization', profile.authorization(token));
    config.providerAuth = { token, refreshed: config.providerAuth?.refreshed ?? false };
    return config;
  });

  // Registered before axios-retry so that a Zoho "200 with an error" is retried and mapped like the status it stands for.
  instance.interceptors.response.use((response) => {
    const failure = profile.findErrorInSuccess?.(response.data) ?? null;
    if (!failure) return response;
    const equivalent: AxiosResponse = { ...response, status: failure.status };
    throw new AxiosError(failure.message ?? 'error in a successful response', AxiosError.ERR_BAD_RESPONSE, response.config, response.request, equivalent);
  });

  // axios-retry computes the delay and then announces the retry; this carries the one to the other.
  const plannedDelays = new WeakMap<object, number>();
  axiosRetry(instance, {
    retries: settings.retries,
    shouldResetTimeout: true,
    retryCondition: (error) => isRetryable(describeAttempt(error, profile), settings),
    retryDelay: (retryNumber, error) => {
      const delayMs = computeRetryDelay(describeAttempt(error, profile), retryNumber, settings, settings.random);
      if (error.config) plannedDelays.set(error.config, delayMs);
      return delayMs;
    },
    onRetry: (retryNumber, error, config) => {
      const attempt = describeAttempt(error, profile);
      settings.onRetry?.({
        platform: profile.platform,
        operation: config.operation,
        retryNumber,
        delayMs: plannedDelays.get(config) ?? 0,
        status: attempt.status,
        reason: attempt.kind === 'response' ? `HTTP ${attempt.status}` : attempt.kind,
      });
    },
  });

  instance.interceptors.response.use(undefined, async (error: unknown) => {
    if (!session || !(error instanceof AxiosError) || error.response?.status !== 401 || !error.config) throw error;
    const auth = error.config.providerAuth;
    // One refresh per request: a refreshed token that is refused too means the grant is gone.
    if (!auth || auth.refreshed || !profile.isStaleTokenResponse(error.response.data)) throw error;
    const fresh = await session.refreshAccessToken(auth.token);
    error.config.providerAuth = { token: fresh, refreshed: true };
    return instance.request(error.config);
  });

  // Only transport and HTTP failures are translated; a failed refresh or a database error keeps its own identity.
  instance.interceptors.response.use(undefined, (error: unknown) => {
    throw error instanceof AxiosError ? toProviderError(error, profile) : error;
  });

  return instance;
}

function observeEach(sent: Promise<AxiosResponse>, observe: (response: AxiosResponse) => void): Promise<AxiosResponse> {
  return sent.then(
    (response) => {
      observe(response);
      return response;
    },
    (error: unknown) => {
      if (error instanceof AxiosError && error.response) observe(error.response);
      throw error;
    },
  );
}

/** Lets the limiter follow the provider's remaining count, from refusals too (a 429 says 0). */
function followRemaining(
  sent: Promise<AxiosResponse>,
  follow: (remaining: number) => Promise<void>,
  read: (response: AxiosResponse) => number | null,
): Promise<AxiosResponse> {
  const observe = async (response: AxiosResponse) => {
    const remaining = read(response);
    // A budget store that cannot be written to fails the next request's take instead; this
    // response is the provider's answer and is delivered as it is.
    if (remaining !== null) await follow(remaining).catch(() => undefined);
  };
  return sent.then(
    async (response) => {
      await observe(response);
      return response;
    },
    async (error: unknown) => {
      if (error instanceof AxiosError && error.response) await observe(error.response);
      throw error;
    },
  );
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Typed errors. Code below the routes throws `AppError` with a code; only the error handler
 * turns a code into an HTTP status, through `STATUS_BY_CODE`.
 */
export const STATUS_BY_CODE = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
  // CRM connections and providers
  crm_not_connected: 404,
  crm_not_configured: 400,
  crm_auth_revoked: 409,
  crm_duplicate: 409,
  oauth_state_invalid: 400,
  // The OAuth callback reached a browser other than the one that started the flow
  oauth_browser_mismatch: 400,
  oauth_denied: 400,
  oauth_exchange_failed: 502,
  provider_rejected: 422,
  provider_rate_limited: 503,
  provider_unavailable: 502,
  provider_timeout: 504,
  // Idempotency-Key: the key was used for another request; the first request with it is still running
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  // X-VoiceAgent-User-Id: a service token must name the user it acts for; only a service token may;
  // the user it names must exist
  acting_user_required: 400,
  service_token_required: 403,
  acting_user_not_found: 404,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

import { z } from 'zod';

/**
 * Every error code the API answers with, and its HTTP status. The server's error handler maps
 * codes to statuses through this table alone; the web app switches over the same enum.
 */
export const ERROR_STATUS = {
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
  // The CRM's daily API allowance is spent, or down to the reserve kept for the customer's other integrations
  provider_quota_exhausted: 503,
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
} as const satisfies Record<string, number>;

export type TErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [TErrorCode, ...TErrorCode[]];
export const ZErrorCode = z.enum(ERROR_CODES);

export function statusOfErrorCode(code: TErrorCode): number {
  return ERROR_STATUS[code];
}

/** Every error the API returns has this body: a stable code, a readable message, optional details. */
export const ZApiError = z.object({
  error: z.object({
    code: ZErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type TApiError = z.infer<typeof ZApiError>;

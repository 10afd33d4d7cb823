import { randomUUID } from 'node:crypto';

/**
 * A refusal the sandbox answers exactly as HubSpot would: status, JSON body and any extra
 * headers. Services throw it; the app's error handler writes it.
 */
export class HubSpotError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HubSpot error ${status}`);
    this.name = 'HubSpotError';
  }
}

/** HubSpot's v3 error vocabulary: `{ status: 'error', message, correlationId, category, ... }`. */
export function createCrmError(status: number, category: string, message: string, extra: Record<string, unknown> = {}): HubSpotError {
  return new HubSpotError(status, { status: 'error', message, correlationId: randomUUID(), category, ...extra });
}

export function createValidationError(message: string, extra: Record<string, unknown> = {}): HubSpotError {
  return createCrmError(400, 'VALIDATION_ERROR', message, extra);
}

export function createNotFoundError(): HubSpotError {
  return createCrmError(404, 'OBJECT_NOT_FOUND', 'resource not found');
}

/** The body HubSpot sends when a create (or an email change) collides with an existing contact. */
export function createContactConflictError(existingId: string): HubSpotError {
  return createCrmError(409, 'CONFLICT', `Contact already exists. Existing ID: ${existingId}`);
}

export function createMissingScopesError(requiredScopes: string[]): HubSpotError {
  return createCrmError(
    403,
    'MISSING_SCOPES',
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    {
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredScopes } }],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    },
  );
}

export function createInvalidAuthenticationError(): HubSpotError {
  const error = createCrmError(
    401,
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  );
  return withAuthFailureHeader(error);
}

/** HubSpot words the age of an expired token in the largest whole unit ("0 second(s)", "5 hour(s)"). */
export function createExpiredAuthenticationError(expiredAt: number, now: number): HubSpotError {
  const error = createCrmError(
    401,
    'EXPIRED_AUTHENTICATION',
    `The OAuth token used to make this call expired ${describeAge(now - expiredAt)} ago.`,
    { context: { 'expire time': [new Date(expiredAt).toISOString()] } },
  );
  return withAuthFailureHeader(error);
}

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

const RATE_LIMIT_MESSAGES: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  // @hubspot/api-client matches this exact sentence to retry searches after a second.
  SECONDLY: 'You have reached your secondly limit.',
  DAILY: 'You have reached your daily limit.',
};

export function createRateLimitError(policy: RateLimitPolicy, headers: Record<string, string> = {}): HubSpotError {
  return new HubSpotError(
    429,
    {
      status: 'error',
      message: RATE_LIMIT_MESSAGES[policy],
      errorType: 'RATE_LIMIT',
      correlationId: randomUUID(),
      policyName: policy,
      requestId: randomUUID(),
    },
    headers,
  );
}

/** The v1 OAuth endpoints answer with their own shape: `{ status: 'BAD_AUTH_CODE', message }`. */
export function createOAuthError(status: string, message: string, httpStatus = 400): HubSpotError {
  return new HubSpotError(httpStatus, { status, message, correlationId: randomUUID() });
}

function withAuthFailureHeader(error: HubSpotError): HubSpotError {
  return new HubSpotError(error.status, error.body, { 'X-HubSpot-Auth-Failure': '401 Unauthorized' });
}

function describeAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} second(s)`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} minute(s)`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} hour(s)`;
  return `${Math.floor(hours / 24)} day(s)`;
}

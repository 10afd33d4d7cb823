import { ZErrorCode, ZPlatform, type TPlatform } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../config/platform-labels';
import { ApiError, type ApiErrorCode } from './api-client';

/** What the screen knows that the error may not: the CRM it was acting on. */
export type ErrorContext = { platform?: TPlatform };

/** The server's message, and the CRM to name (from the error's details or the screen). */
type MessageInput = { message: string; crm: string };
type ErrorMessage = string | ((input: MessageInput) => string);

const asSentence = (text: string) => {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const capitalised = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
};

/** The server's own words first, where they carry what the person needs (which field, which contact), then what to do. */
const serverSaid =
  (fallback: string, next: string) =>
  ({ message }: MessageInput): string =>
    `${asSentence(message) || fallback} ${next}`;

/**
 * What the person is told for each error code, saying what happened and what to do. Exhaustive
 * over the contract's codes and the client's own: a code added to either fails the typecheck
 * until it has a message here.
 */
export const ERROR_MESSAGES = {
  // The request
  validation_failed: serverSaid('Some of what was sent was not accepted.', 'Correct it and try again.'),
  invalid_json: 'The server could not read what this page sent. Reload the page and try again.',
  payload_too_large: 'What was sent is larger than the server accepts. Send less at a time.',
  unsupported_media_type: 'The server could not read what this page sent. Reload the page and try again.',
  // Who is asking
  unauthorized: 'Your session has ended. Sign in again to continue.',
  forbidden: 'Your account may not do this. Sign in with an account that may.',
  acting_user_required: 'A service called without saying which user it acts for, so nothing was done. Check how the service is set up.',
  service_token_required: 'Only a VoiceAgent service may act for another user. Sign in as that user instead.',
  acting_user_not_found: 'The user a service acted for does not exist. Check the user id the service sends.',
  // What was asked for
  not_found: 'It no longer exists, or the link to it is wrong. Go back and choose it again.',
  // The server names what clashed, and whether asking again helps.
  conflict: serverSaid('This clashed with a change made at the same time.', 'Reload the page to see the latest.'),
  rate_limited: 'Too many requests in a short time. Wait a minute, then try again.',
  idempotency_key_reused: 'This request reused the key of a different one, so it was not sent. Start it again.',
  idempotency_in_progress: 'The same request is still being processed. Wait a moment, then reload the page to see its result.',
  // The server
  internal_error: 'Something went wrong on the server. Try again; if it keeps happening, tell your administrator.',
  service_unavailable: serverSaid('The server is not able to answer right now.', 'Try again in a minute.'),
  // The CRMs
  crm_not_connected: ({ crm }) => `${crm} is not connected. Connect it on the CRM page first.`,
  crm_not_configured: ({ crm }) => `${crm} is not set up on this server, so it cannot be connected here. Ask your administrator to set it up.`,
  crm_auth_revoked: ({ crm }) => `${crm} no longer accepts VoiceAgent CRM's access. Reconnect it on the CRM page.`,
  crm_duplicate: serverSaid('The CRM already has this contact.', 'Use the existing contact instead.'),
  oauth_state_invalid: 'The connection request had expired or was already used. Start again with Connect.',
  oauth_browser_mismatch: 'This connection was started in another browser, so nothing was connected. Choose Connect here to connect your own account.',
  oauth_denied: ({ crm }) => `${crm} was not connected: access was declined on its page. Choose Connect again when you are ready.`,
  oauth_exchange_failed: ({ crm }) => `${crm} did not confirm the access it granted. Try connecting again.`,
  provider_rejected: ({ message, crm }) => [`${crm} did not accept the request.`, asSentence(message), 'Check the details and try again.'].filter(Boolean).join(' '),
  provider_rate_limited: ({ crm }) => `${crm} is limiting how often it may be called. Try again in a few minutes.`,
  provider_quota_exhausted: ({ crm }) =>
    `${crm}'s daily API allowance is used up, or down to the share kept for your other integrations. Syncing resumes by itself when it frees up.`,
  provider_unavailable: ({ crm }) => `${crm} could not be reached. Try again in a few minutes.`,
  provider_timeout: ({ crm }) => `${crm} took too long to answer. Try again in a few minutes.`,
  // This side of the wire
  network_error: 'Could not reach the server. Check your connection and try again.',
  invalid_response: 'The server sent an answer this version of the app does not understand. Reload the page to get the latest version.',
  // A status without an error body, or a code newer than this app: its message is all there is to go on.
  unexpected_response: serverSaid('The server answered in a way this app did not expect.', 'Try again in a moment.'),
} as const satisfies Record<ApiErrorCode, ErrorMessage>;

function nameTheCrm(details: unknown, context: ErrorContext): string {
  const fromDetails = typeof details === 'object' && details !== null && 'platform' in details ? ZPlatform.safeParse(details.platform) : null;
  const platform = fromDetails?.success ? fromDetails.data : context.platform;
  return platform ? PLATFORM_LABELS[platform] : 'The CRM';
}

function explain(code: ApiErrorCode, message: string, details: unknown, context: ErrorContext): string {
  const explanation: ErrorMessage = ERROR_MESSAGES[code];
  return typeof explanation === 'string' ? explanation : explanation({ message, crm: nameTheCrm(details, context) });
}

/**
 * The sentence to show a person for a failed call. An API error is explained by its code; any
 * other error (the auth client's, a bug) by its own message.
 */
export function describeError(error: unknown, context: ErrorContext = {}): string {
  if (error instanceof ApiError) return explain(error.code, error.message, error.details, context);
  if (error instanceof Error && error.message) return asSentence(error.message);
  return 'Something went wrong. Try again.';
}

/** An error a successful answer reports inside its body (one platform's sync that could not start). */
export function describeErrorBody(body: { code: string; message: string }, context: ErrorContext = {}): string {
  const code = ZErrorCode.safeParse(body.code);
  return explain(code.success ? code.data : 'unexpected_response', body.message, undefined, context);
}

import { ZOAuthCallbackError, type TOAuthCallbackError } from '@voiceagent/shared';
import type { ErrorCode } from '../../http/app-error';

/**
 * The code the OAuth callback sends the browser back with, for an error raised while
 * completing the authorization: one the web app explains (OAUTH_CALLBACK_ERRORS, taken as they
 * are). A provider that is slow or limiting us is "try again later"; anything else failed the exchange.
 */
export function toOAuthCallbackError(code: ErrorCode): TOAuthCallbackError {
  const explained = ZOAuthCallbackError.safeParse(code);
  if (explained.success) return explained.data;
  return code === 'provider_timeout' || code === 'provider_rate_limited' ? 'provider_unavailable' : 'oauth_exchange_failed';
}

import type { TOAuthCallbackError } from '@voiceagent/shared';
import type { ErrorCode } from '../../http/app-error';

/**
 * The code the OAuth callback sends the browser back with, for an error raised while
 * completing the authorization: one the web app explains (OAUTH_CALLBACK_ERRORS). A provider
 * that is down, slow or limiting us is "try again later"; anything else failed the exchange.
 */
export function toOAuthCallbackError(code: ErrorCode): TOAuthCallbackError {
  switch (code) {
    case 'oauth_denied':
    case 'oauth_state_invalid':
    case 'oauth_browser_mismatch':
    case 'oauth_exchange_failed':
    case 'crm_not_configured':
    case 'provider_unavailable':
      return code;
    case 'provider_timeout':
    case 'provider_rate_limited':
      return 'provider_unavailable';
    default:
      return 'oauth_exchange_failed';
  }
}

import { ERROR_CODES, OAUTH_CALLBACK_ERRORS } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { toOAuthCallbackError } from './oauth-callback-error';

describe('toOAuthCallbackError', () => {
  it('sends the browser back with a code the web app explains, whatever the error', () => {
    for (const code of ERROR_CODES) expect(OAUTH_CALLBACK_ERRORS, code).toContain(toOAuthCallbackError(code));
  });

  it('keeps the callback codes, calls a slow or limiting provider unavailable, and anything else a failed exchange', () => {
    for (const code of OAUTH_CALLBACK_ERRORS) expect(toOAuthCallbackError(code)).toBe(code);
    expect(toOAuthCallbackError('provider_timeout')).toBe('provider_unavailable');
    expect(toOAuthCallbackError('provider_rate_limited')).toBe('provider_unavailable');
    expect(toOAuthCallbackError('provider_rejected')).toBe('oauth_exchange_failed');
    expect(toOAuthCallbackError('internal_error')).toBe('oauth_exchange_failed');
  });
});

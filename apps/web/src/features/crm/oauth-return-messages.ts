import { ZOAuthCallbackError, ZPlatform, type TOAuthCallbackError } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../../config/platform-labels';

export type OAuthReturnNotice = { isSuccess: boolean; title: string; message: string };

/** One sentence per code the callback sends, saying what happened and what to do next. */
function describeOAuthError(code: TOAuthCallbackError, name: string): { title: string; message: string } {
  const notConnected = `${name} was not connected`;
  switch (code) {
    case 'oauth_denied':
      return { title: notConnected, message: `Access was declined on ${name}'s page, so nothing was connected. Choose Connect again when you are ready.` };
    case 'oauth_state_invalid':
      return { title: notConnected, message: 'The connection request had expired or was already used. Start again with Connect.' };
    case 'oauth_browser_mismatch':
      return {
        title: notConnected,
        message: `This connection was started in another browser, so nothing was connected. If you did not start it yourself, someone may have sent you the link. To connect your own ${name}, choose Connect here.`,
      };
    case 'oauth_exchange_failed':
      return {
        title: notConnected,
        message: `${name} did not confirm the access it granted. Try connecting again; if it keeps failing, check the app's settings at ${name}.`,
      };
    case 'crm_not_configured':
      return { title: `${name} is not set up on this server`, message: `This server has no ${name} app configured, so it cannot be connected here.` };
    case 'provider_unavailable':
      return { title: notConnected, message: `${name} could not be reached. Try connecting again in a few minutes.` };
  }
}

/**
 * What to tell the person who just came back from a provider's consent page, read from the
 * `?connected=` / `?error=&platform=` the callback put on /crm; null when they did not.
 */
export function readOAuthReturn(params: URLSearchParams): OAuthReturnNotice | null {
  const connected = ZPlatform.safeParse(params.get('connected'));
  if (connected.success) {
    const name = PLATFORM_LABELS[connected.data];
    return { isSuccess: true, title: `${name} connected`, message: `Your ${name} account is connected to VoiceAgent CRM.` };
  }
  const code = params.get('error');
  if (!code) return null;
  const platform = ZPlatform.safeParse(params.get('platform'));
  const name = platform.success ? PLATFORM_LABELS[platform.data] : 'The CRM';
  const known = ZOAuthCallbackError.safeParse(code);
  if (known.success) return { isSuccess: false, ...describeOAuthError(known.data, name) };
  return { isSuccess: false, title: `${name} was not connected`, message: `Connecting failed (${code}). Try again with Connect.` };
}

/**
 * The address without what the callback added (`connected`, or `error` with its `platform`), to
 * replace it once the message has been shown; null when the callback added nothing. `platform`
 * alone is the contacts list's filter (a segment's link sets it), never the callback's: it stays.
 */
export function withoutOAuthReturn(params: URLSearchParams): URLSearchParams | null {
  if (!params.has('connected') && !params.has('error')) return null;
  const cleaned = new URLSearchParams(params);
  for (const name of ['connected', 'error', 'platform']) cleaned.delete(name);
  return cleaned;
}


import { OAUTH_CALLBACK_ERRORS, ZPlatform } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../../config/platform-labels';

type OAuthCallbackError = (typeof OAUTH_CALLBACK_ERRORS)[number];

export type OAuthReturnNotice = { isSuccess: boolean; title: string; message: string };

// One sentence per code the callback sends, saying what happened and what to do next.
const ERROR_MESSAGES = {
  oauth_denied: (name) => ({
    title: `${name} was not connected`,
    message: `Access was declined on ${name}'s page, so nothing was connected. Choose Connect again when you are ready.`,
  }),
  oauth_state_invalid: (name) => ({
    title: `${name} was not connected`,
    message: 'The connection request had expired or was already used. Start again with Connect.',
  }),
  oauth_browser_mismatch: (name) => ({
    title: `${name} was not connected`,
    message: `This connection was started in another browser, so nothing was connected. If you did not start it yourself, someone may have sent you the link. To connect your own ${name}, choose Connect here.`,
  }),
  oauth_exchange_failed: (name) => ({
    title: `${name} was not connected`,
    message: `${name} did not confirm the access it granted. Try connecting again; if it keeps failing, check the app's settings at ${name}.`,
  }),
  crm_not_configured: (name) => ({
    title: `${name} is not set up on this server`,
    message: `This server has no ${name} app configured, so it cannot be connected here.`,
  }),
  provider_unavailable: (name) => ({
    title: `${name} was not connected`,
    message: `${name} could not be reached. Try connecting again in a few minutes.`,
  }),
} satisfies Record<OAuthCallbackError, (name: string) => { title: string; message: string }>;

const isKnownError = (code: string): code is OAuthCallbackError => (OAUTH_CALLBACK_ERRORS as readonly string[]).includes(code);

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
  if (isKnownError(code)) return { isSuccess: false, ...ERROR_MESSAGES[code](name) };
  return { isSuccess: false, title: `${name} was not connected`, message: `Connecting failed (${code}). Try again with Connect.` };
}

/** The search parameters the callback adds, removed once their message has been shown. */
export const OAUTH_RETURN_PARAMS = ['connected', 'error', 'platform'] as const;


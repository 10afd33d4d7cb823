import { OAUTH_BROWSER_COOKIE } from '@voiceagent/shared';
import type { ResponseCookie } from '../../http/endpoint-handler';
import type { BrowserBinding } from './oauth-service';

/**
 * The cookie that ties an OAuth flow to the browser that started it (see BrowserBinding).
 *
 * - HttpOnly: page scripts never see it.
 * - SameSite=Lax: the provider sends the browser back with a top-level GET, which Lax allows,
 *   while cross-site subrequests carry nothing.
 * - Path: the platform's callback path, so no other request carries it.
 * - Secure when the callback URL is https.
 * - Max-Age: the state's 10 minutes. The callback leaves it alone: once its state is spent it
 *   proves nothing, and a refused callback (someone else's link) must not wipe the binding of
 *   this browser's own flow in progress. The next start replaces it.
 *
 * The web app starts the flow with a same-origin fetch, so the browser stores the cookie for the
 * host it is served from; that host must be BACKEND_URL's (cookies ignore the port, so `pnpm dev`
 * on :5173 proxying to :4000 works). A caller without a cookie jar, such as another service
 * holding a service token, gets the URL but cannot finish the flow: connecting a CRM is for browsers.
 */
export function toOAuthBrowserCookie(binding: BrowserBinding): ResponseCookie {
  const callbackUrl = new URL(binding.callbackUrl);
  return {
    name: OAUTH_BROWSER_COOKIE,
    value: binding.value,
    httpOnly: true,
    secure: callbackUrl.protocol === 'https:',
    sameSite: 'lax',
    path: callbackUrl.pathname,
    maxAgeSeconds: binding.maxAgeSeconds,
  };
}

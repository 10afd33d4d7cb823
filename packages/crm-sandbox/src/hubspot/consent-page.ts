import type { HubSpotApp } from './app-registry';
import type { Portal } from './portal-registry';
import type { PendingConsent } from './sandbox-state';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#33475b}
h1{font-size:1.4rem}ul{padding-left:1.2rem}code{background:#f5f8fa;padding:0 .2rem}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}button{font-size:1rem;padding:.6rem 1.2rem;border-radius:3px;border:1px solid #ff7a59;cursor:pointer}
button[value=grant]{background:#ff7a59;color:#fff}button[value=deny]{background:#fff;color:#ff7a59}.error{color:#b3261e}`;

/**
 * The page a user sees at /oauth/authorize: the app by name, the account to install it into and
 * the scopes it asks for, answered with "Grant access" or "Deny" through one form POST.
 */
export function renderConsentPage(app: HubSpotApp, portals: Portal[], consent: PendingConsent): string {
  const scopeItems = [
    ...consent.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`),
    ...consent.optionalScopes.map((scope) => `<li><code>${escapeHtml(scope)}</code> (optional)</li>`),
  ].join('');
  const accountOptions = portals
    .map((portal) => `<option value="${portal.id}">${escapeHtml(portal.name)} (${portal.id}, ${escapeHtml(portal.domain)})</option>`)
    .join('');
  return page(
    `Connect ${app.name}`,
    `<h1>${escapeHtml(app.name)} wants to access your HubSpot account</h1>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="consent_id" value="${escapeHtml(consent.id)}">
<p><label>Account <select name="portal_id">${accountOptions}</select></label></p>
<p>${escapeHtml(app.name)} will be able to:</p>
<ul>${scopeItems}</ul>
<div class="actions"><button type="submit" name="decision" value="grant">Grant access</button><button type="submit" name="decision" value="deny">Deny</button></div>
</form>`,
  );
}

/** HubSpot shows authorization problems as a page rather than redirecting to an unverified URL. */
export function renderAuthorizeError(message: string): string {
  return page("Couldn't complete the connection", `<h1>Couldn't complete the connection</h1><p class="error">${escapeHtml(message)}</p>`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

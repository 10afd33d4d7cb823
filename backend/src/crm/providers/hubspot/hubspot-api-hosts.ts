import type { ProviderAppConfig } from '../../../config';
import { AppError } from '../../../http/app-error';

/**
 * HubSpot's API hosts: api.hubapi.com serves every portal, and portals in HubSpot's EU data
 * centre may also be reached at api-eu1.hubapi.com (developers.hubspot.com, "API endpoints").
 */
export const HUBSPOT_API_HOSTS: readonly string[] = ['api.hubapi.com', 'api-eu1.hubapi.com'];

/**
 * Where we may send a portal's access tokens. Against the real HubSpot only its own hosts over
 * https; when the configured API URL is not HubSpot's (the sandbox on loopback, a test double),
 * only that URL's origin.
 */
export type HubSpotTrust = { sandboxOrigin: string | null };

export function hubSpotTrustFor(app: Pick<ProviderAppConfig, 'apiBaseUrl'>): HubSpotTrust {
  const configured = new URL(app.apiBaseUrl);
  return { sandboxOrigin: HUBSPOT_API_HOSTS.includes(configured.hostname.toLowerCase()) ? null : configured.origin };
}

/**
 * A connection's stored API base, if it is one we may send its bearer token to. The value comes
 * from the database, so it is checked on every use: a row changed behind the API's back must not
 * turn the sync into a request to an internal address carrying the user's token.
 */
export function resolveHubSpotApiBase(raw: string | undefined, trust: HubSpotTrust): string {
  const url = parseUrl(raw);
  if (trust.sandboxOrigin === null) {
    if (!url || !isPlainHttpsHost(url) || !HUBSPOT_API_HOSTS.includes(url.hostname)) throw refuse(raw);
    return `https://${url.hostname}`;
  }
  if (!url || url.origin !== trust.sandboxOrigin || url.username || url.password || url.search || url.hash) throw refuse(raw);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** https, the default port, no credentials, nothing after the host. */
function isPlainHttpsHost(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && !url.username && !url.password && (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
}

function parseUrl(raw: string | undefined): URL | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    url.hostname = url.hostname.toLowerCase();
    return url;
  } catch {
    return null;
  }
}

function refuse(raw: string | undefined): AppError {
  // Only the host is echoed: enough to investigate, and a crafted URL's path could carry anything.
  const host = parseUrl(raw)?.host ?? null;
  return new AppError(
    'crm_auth_revoked',
    `The stored HubSpot connection points at ${host ?? 'a malformed address'}, which is not HubSpot's API; reconnect it`,
    { platform: 'hubspot', reason: 'untrusted_host', host },
  );
}

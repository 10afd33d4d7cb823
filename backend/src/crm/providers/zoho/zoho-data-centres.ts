import type { ProviderAppConfig } from '../../../config';
import { AppError } from '../../../http/app-error';

/**
 * Zoho's data centres: the accounts server the OAuth callback names and the API domain the token
 * response names. From Zoho Accounts' multi-DC list (zoho.com/accounts/protocol/oauth/multi-dc.html)
 * and Zoho CRM's (zoho.com/crm/developer/docs/api/v8/multi-dc.html); Canada's accounts live on
 * zohocloud.ca while its API is www.zohoapis.ca.
 */
export type ZohoDataCentre = { location: string; accountsHost: string; apiHost: string };

export const ZOHO_DATA_CENTRES: readonly ZohoDataCentre[] = [
  { location: 'us', accountsHost: 'accounts.zoho.com', apiHost: 'www.zohoapis.com' },
  { location: 'eu', accountsHost: 'accounts.zoho.eu', apiHost: 'www.zohoapis.eu' },
  { location: 'in', accountsHost: 'accounts.zoho.in', apiHost: 'www.zohoapis.in' },
  { location: 'au', accountsHost: 'accounts.zoho.com.au', apiHost: 'www.zohoapis.com.au' },
  { location: 'jp', accountsHost: 'accounts.zoho.jp', apiHost: 'www.zohoapis.jp' },
  { location: 'ca', accountsHost: 'accounts.zohocloud.ca', apiHost: 'www.zohoapis.ca' },
  { location: 'sa', accountsHost: 'accounts.zoho.sa', apiHost: 'www.zohoapis.sa' },
  { location: 'cn', accountsHost: 'accounts.zoho.com.cn', apiHost: 'www.zohoapis.com.cn' },
  { location: 'uk', accountsHost: 'accounts.zoho.uk', apiHost: 'www.zohoapis.uk' },
];

/**
 * Which hosts may receive our client secret (accounts servers) and our access tokens (API
 * domains). Against the real Zoho only Zoho's own hosts over https; when the configured
 * accounts URL is not Zoho's (the sandbox, a test double), only that URL's origin.
 */
export type ZohoTrust = { sandboxOrigin: string | null };

export function trustFor(app: Pick<ProviderAppConfig, 'apiBaseUrl'>): ZohoTrust {
  const configured = new URL(app.apiBaseUrl);
  return { sandboxOrigin: isZohoHost(configured.hostname) ? null : configured.origin };
}

/**
 * The callback's `accounts-server`, if it is one we may send the client secret to. An attacker
 * can craft a callback naming their own host; anything else is refused before any request.
 */
export function resolveAccountsServer(
  raw: string | undefined,
  location: string | undefined,
  trust: ZohoTrust,
  defaultAccountsServer: string,
): { accountsServer: string; dataCentre: string } {
  const url = parseUrl(raw ?? defaultAccountsServer);
  if (trust.sandboxOrigin === null) {
    const dc = url && isPlainHttpsHost(url) ? ZOHO_DATA_CENTRES.find((candidate) => candidate.accountsHost === url.hostname) : undefined;
    if (!dc) throw refuse('accounts server', raw);
    return { accountsServer: `https://${dc.accountsHost}`, dataCentre: dc.location };
  }
  if (!url || !isSandboxUrl(url, trust.sandboxOrigin)) throw refuse('accounts server', raw);
  return { accountsServer: stripSlash(`${url.origin}${url.pathname}`), dataCentre: isLocation(location) ? location : 'us' };
}

/** The token response's `api_domain`, if it is one we may send access tokens to. */
export function resolveApiDomain(raw: string | undefined, trust: ZohoTrust): string {
  const url = parseUrl(raw);
  if (trust.sandboxOrigin === null) {
    const dc = url && isPlainHttpsHost(url) ? ZOHO_DATA_CENTRES.find((candidate) => candidate.apiHost === url.hostname) : undefined;
    if (!dc) throw refuse('API domain', raw);
    return `https://${dc.apiHost}`;
  }
  if (!url || !isSandboxUrl(url, trust.sandboxOrigin)) throw refuse('API domain', raw);
  return stripSlash(`${url.origin}${url.pathname}`);
}

function isZohoHost(hostname: string): boolean {
  return ZOHO_DATA_CENTRES.some((dc) => dc.accountsHost === hostname.toLowerCase());
}

/** https, the default port, no credentials, nothing after the host: exactly how Zoho names its servers. */
function isPlainHttpsHost(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && !url.username && !url.password && (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
}

function isSandboxUrl(url: URL, origin: string): boolean {
  return url.origin === origin && !url.username && !url.password && !url.search && !url.hash;
}

function isLocation(value: string | undefined): value is string {
  return value !== undefined && /^[a-z]{2,3}$/.test(value);
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

function refuse(what: string, raw: string | undefined): AppError {
  // Only the host is echoed: enough to investigate, and a crafted URL's path could carry anything.
  const host = parseUrl(raw)?.host ?? null;
  return new AppError('oauth_exchange_failed', `Refused the Zoho ${what} ${host ?? '(missing or malformed)'}: it is not one of Zoho's`, { platform: 'zoho', reason: 'untrusted_host', host });
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

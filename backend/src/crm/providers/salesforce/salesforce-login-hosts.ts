import type { TSalesforceLoginHost } from '@voiceagent/shared';
import type { ProviderAppConfig } from '../../../config';
import { AppError } from '../../../http/app-error';

/**
 * Where a user may sign in (receives our client secret at the token endpoint) and where our access
 * tokens may go (instance_url, identity URL). The first set are Salesforce's My Domain login
 * domains (Salesforce Help "My Domain URL formats": *.my.salesforce.com, whose sandboxes are
 * *.sandbox.my.salesforce.com, plus Government Cloud's *.my.salesforce.mil and the Alibaba
 * Cloud edition's *.my.sfcrmproducts.cn) and the two generic login hosts.
 */
const LOGIN_HOST_SUFFIXES = ['.my.salesforce.com', '.my.salesforce.mil', '.my.sfcrmproducts.cn'] as const;
const GENERIC_LOGIN_HOSTS = ['login.salesforce.com', 'test.salesforce.com'] as const;
/** Instance and identity hosts: every domain Salesforce serves orgs' APIs from. */
const API_HOST_SUFFIXES = ['.salesforce.com', '.force.com', '.salesforce.mil', '.cloudforce.com', '.sfcrmproducts.cn'] as const;

/**
 * Against the real Salesforce (`sandboxHost` null): only Salesforce's https hosts. When the
 * configured login URL is not Salesforce's (the local sandbox, http://127.0.0.1:port), only that
 * URL's host name, on any port, with its scheme: the sandbox serves every org on its own port.
 */
export type SalesforceTrust = { sandboxHost: string | null; sandboxProtocol: string };

export function salesforceTrustFor(app: Pick<ProviderAppConfig, 'authorizeUrl'>): SalesforceTrust {
  const configured = new URL(app.authorizeUrl);
  const hostname = configured.hostname.toLowerCase();
  return { sandboxHost: isApiHost(hostname) ? null : hostname, sandboxProtocol: configured.protocol };
}

/** The login host origin of a flow: production, the sandbox login host, or a My Domain host Salesforce's own. */
export function resolveLoginOrigin(loginHost: TSalesforceLoginHost | undefined, app: Pick<ProviderAppConfig, 'authorizeUrl' | 'sandboxLoginUrl'>, trust: SalesforceTrust): string {
  if (loginHost === undefined || loginHost === 'production') return checkLoginOrigin(app.authorizeUrl, trust);
  if (loginHost === 'sandbox') return checkLoginOrigin(app.sandboxLoginUrl ?? 'https://test.salesforce.com', trust);
  const scheme = trust.sandboxHost === null ? 'https:' : trust.sandboxProtocol;
  return checkLoginOrigin(`${scheme}//${loginHost}`, trust);
}

/** A login origin (the flow's, or one stored with a connection) we may send the client secret and refresh token to. */
export function checkLoginOrigin(raw: string | null | undefined, trust: SalesforceTrust): string {
  const url = parseUrl(raw);
  const isTrusted = url !== null && isPlain(url) && (trust.sandboxHost === null ? isHttpsDefaultPort(url) && isLoginHost(url.hostname) : isSandboxUrl(url, trust));
  if (!isTrusted) throw refuse('login host', raw);
  return url.origin;
}

/** instance_url or the identity URL's origin, if we may send access tokens there. */
export function checkApiOrigin(raw: string | null | undefined, trust: SalesforceTrust, what: 'instance URL' | 'identity URL'): string {
  const url = parseUrl(raw);
  const isTrusted = url !== null && !url.username && !url.password && (trust.sandboxHost === null ? isHttpsDefaultPort(url) && isApiHost(url.hostname) : isSandboxUrl(url, trust));
  if (!isTrusted) throw refuse(what, raw);
  return url.origin;
}

function isLoginHost(hostname: string): boolean {
  return (GENERIC_LOGIN_HOSTS as readonly string[]).includes(hostname) || LOGIN_HOST_SUFFIXES.some((suffix) => hasSubdomainOf(hostname, suffix));
}

function isApiHost(hostname: string): boolean {
  return API_HOST_SUFFIXES.some((suffix) => hasSubdomainOf(hostname, suffix));
}

/** "acme.my.salesforce.com" ends with ".my.salesforce.com" and has a label before it; ".my.salesforce.com" alone does not. */
function hasSubdomainOf(hostname: string, suffix: string): boolean {
  return hostname.length > suffix.length && hostname.endsWith(suffix);
}

function isHttpsDefaultPort(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '';
}

function isSandboxUrl(url: URL, trust: SalesforceTrust): boolean {
  return url.hostname === trust.sandboxHost && url.protocol === trust.sandboxProtocol;
}

/** Nothing but scheme, host and port: a login host is an origin. */
function isPlain(url: URL): boolean {
  return !url.username && !url.password && (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
}

function parseUrl(raw: string | null | undefined): URL | null {
  if (!raw) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function refuse(what: string, raw: string | null | undefined): AppError {
  // Only the host is echoed: enough to investigate, and a crafted URL's path could carry anything.
  const host = parseUrl(raw)?.host ?? null;
  return new AppError('oauth_exchange_failed', `Refused the Salesforce ${what} ${host ?? '(missing or malformed)'}: it is not one of Salesforce's`, {
    platform: 'salesforce',
    reason: 'untrusted_host',
    host,
  });
}

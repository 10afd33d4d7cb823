/**
 * What a browser does for the product's OAuth flow that plain `fetch` does not: it keeps the
 * cookies responses set (the start endpoint's browser-binding cookie) and sends them back to the
 * same host (any port, as browsers do) on paths under the cookie's Path, until they expire. One
 * TestBrowser is one person's browser; the provider's consent page needs no cookies of ours, so
 * `approveConsent` keeps using plain fetch.
 */
export type TestBrowser = {
  fetch(url: string | URL, init?: RequestInit): Promise<Response>;
  /** The `name=value` pairs this browser would send to `url`. */
  cookiesFor(url: string | URL): string[];
};

type StoredCookie = { name: string; value: string; host: string; path: string; secure: boolean; expiresAt: number };

export function createTestBrowser(): TestBrowser {
  let jar: StoredCookie[] = [];
  const live = () => (jar = jar.filter((cookie) => cookie.expiresAt > Date.now()));

  const cookiesFor = (target: string | URL): string[] => {
    const url = new URL(target);
    return live()
      .filter((cookie) => cookie.host === url.hostname && isPathMatch(url.pathname, cookie.path) && (!cookie.secure || url.protocol === 'https:'))
      .map((cookie) => `${cookie.name}=${cookie.value}`);
  };

  return {
    cookiesFor,
    async fetch(target, init = {}) {
      const url = new URL(target);
      const headers = new Headers(init.headers);
      const cookies = cookiesFor(url);
      if (cookies.length > 0) headers.set('cookie', cookies.join('; '));
      const response = await fetch(url, { ...init, headers });
      for (const header of response.headers.getSetCookie()) {
        const cookie = parseSetCookie(header, url);
        jar = jar.filter((kept) => !(kept.name === cookie.name && kept.host === cookie.host && kept.path === cookie.path));
        // Browsers drop a Secure cookie set over plain http.
        if (cookie.expiresAt > Date.now() && (!cookie.secure || url.protocol === 'https:')) jar.push(cookie);
      }
      return response;
    },
  };
}

function parseSetCookie(header: string, url: URL): StoredCookie {
  const [pair = '', ...attributes] = header.split(';');
  const separator = pair.indexOf('=');
  const cookie: StoredCookie = {
    name: pair.slice(0, separator).trim(),
    value: pair.slice(separator + 1).trim(),
    host: url.hostname,
    path: url.pathname.replace(/\/[^/]*$/, '') || '/',
    secure: false,
    expiresAt: Number.POSITIVE_INFINITY,
  };
  for (const attribute of attributes) {
    const [rawName = '', ...rest] = attribute.split('=');
    const name = rawName.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (name === 'path') cookie.path = value || '/';
    else if (name === 'secure') cookie.secure = true;
    // Max-Age wins over Expires (RFC 6265 §5.3).
    else if (name === 'max-age') cookie.expiresAt = Date.now() + Number(value) * 1000;
    else if (name === 'expires' && !/max-age/i.test(header)) cookie.expiresAt = Date.parse(value);
  }
  return cookie;
}

/** RFC 6265 §5.1.4: the cookie's path is the request path or a prefix of it ending at a '/'. */
function isPathMatch(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/');
}

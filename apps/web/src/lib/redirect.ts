import { paths } from '../config/paths';

/**
 * Where to send someone after signing in. `redirectTo` comes from the address bar, so only a
 * path inside this app is honoured: anything that could leave the origin (`//evil.test`,
 * `https://…`, `/\evil.test`) or loop back to the auth screens falls back to the CRM page.
 */
export function getSafeRedirect(redirectTo: string | null | undefined): string {
  const fallback = paths.app.crm.getHref();
  if (!redirectTo || !redirectTo.startsWith('/') || redirectTo.startsWith('//') || redirectTo.includes('\\')) {
    return fallback;
  }
  const url = new URL(redirectTo, 'http://app.invalid');
  if (url.origin !== 'http://app.invalid') return fallback;
  const authPaths: string[] = [paths.auth.signIn.path, paths.auth.signUp.path];
  if (authPaths.includes(url.pathname)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

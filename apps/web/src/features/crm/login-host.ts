import { ZSalesforceLoginHost, type TOAuthStartQuery, type TPlatform, type TSalesforceLoginHost } from '@voiceagent/shared';

/** Where a Salesforce user signs in, as chosen on its card. */
export type LoginHostKind = 'production' | 'sandbox' | 'my_domain';
export type LoginHostChoice = { kind: LoginHostKind; myDomain: string };

export const DEFAULT_LOGIN_HOST_CHOICE: LoginHostChoice = { kind: 'production', myDomain: '' };

/** The platforms whose users choose a login host before connecting: Salesforce alone takes `loginHost`. */
export const takesLoginHost = (platform: TPlatform): boolean => platform === 'salesforce';

export type LoginHostResult = { isValid: true; loginHost: TSalesforceLoginHost } | { isValid: false; error: string };

const MY_DOMAIN_EXAMPLE = 'acme.my.salesforce.com';

/**
 * The `loginHost` the start endpoint takes, checked with the contract's own schema, or what is
 * wrong with the My Domain host as a sentence for the field.
 */
export function toLoginHost(choice: LoginHostChoice): LoginHostResult {
  if (choice.kind !== 'my_domain') return { isValid: true, loginHost: choice.kind };
  const typed = choice.myDomain.trim();
  if (typed === '') return { isValid: false, error: `Enter your org's My Domain host, such as ${MY_DOMAIN_EXAMPLE}.` };
  // Admins paste the address from the browser bar: its host is what counts.
  const host = typed.replace(/^https?:\/\//i, '').replace(/[/?#].*$/, '');
  const parsed = ZSalesforceLoginHost.safeParse(host);
  // "production" typed into the host field is a word, not a host.
  if (!parsed.success || parsed.data === 'production' || parsed.data === 'sandbox') {
    return { isValid: false, error: `“${typed}” is not a host name. Enter one such as ${MY_DOMAIN_EXAMPLE}: letters, digits and hyphens between dots.` };
  }
  return { isValid: true, loginHost: parsed.data };
}

/** The start endpoint's query for a platform: Salesforce's login host, nothing for the others (they refuse it). */
export function toOAuthStartQuery(platform: TPlatform, choice: LoginHostChoice): { isValid: true; query: TOAuthStartQuery } | { isValid: false; error: string } {
  if (!takesLoginHost(platform)) return { isValid: true, query: {} };
  const result = toLoginHost(choice);
  return result.isValid ? { isValid: true, query: { loginHost: result.loginHost } } : result;
}

/** The choice back from a login host, to show on the card what the last Connect used. */
export function toLoginHostChoice(loginHost: TSalesforceLoginHost): LoginHostChoice {
  return loginHost === 'production' || loginHost === 'sandbox' ? { kind: loginHost, myDomain: '' } : { kind: 'my_domain', myDomain: loginHost };
}

const STORAGE_KEY = 'voiceagent.salesforce.loginHost';

/**
 * The login host of this browser's last Salesforce Connect, so that Reconnect goes to the same
 * org's login page without asking again. The server does not report it; a browser that never
 * connected starts at production.
 */
export function readRememberedLoginHost(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): LoginHostChoice {
  try {
    const parsed = ZSalesforceLoginHost.safeParse(storage?.getItem(STORAGE_KEY));
    return parsed.success ? toLoginHostChoice(parsed.data) : DEFAULT_LOGIN_HOST_CHOICE;
  } catch {
    // Storage refused (private mode, blocked cookies): the default serves.
    return DEFAULT_LOGIN_HOST_CHOICE;
  }
}

export function rememberLoginHost(loginHost: TSalesforceLoginHost, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(STORAGE_KEY, loginHost);
  } catch {
    // Remembering is a convenience; Connect works without it.
  }
}

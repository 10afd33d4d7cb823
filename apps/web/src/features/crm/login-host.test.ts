import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_HOST_CHOICE, readRememberedLoginHost, rememberLoginHost, toLoginHost, toOAuthStartQuery } from './login-host';

const myDomain = (typed: string) => ({ kind: 'my_domain' as const, myDomain: typed });

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('Salesforce login host choice → start query', () => {
  it('sends production and sandbox as the words the contract takes', () => {
    expect(toOAuthStartQuery('salesforce', { kind: 'production', myDomain: 'ignored.example.com' })).toEqual({ isValid: true, query: { loginHost: 'production' } });
    expect(toOAuthStartQuery('salesforce', { kind: 'sandbox', myDomain: '' })).toEqual({ isValid: true, query: { loginHost: 'sandbox' } });
  });

  it('sends a My Domain host in lower case, also when pasted as an address with scheme and path', () => {
    expect(toOAuthStartQuery('salesforce', myDomain('  Acme.My.Salesforce.com '))).toEqual({ isValid: true, query: { loginHost: 'acme.my.salesforce.com' } });
    expect(toLoginHost(myDomain('https://acme--uat.sandbox.my.salesforce.com/lightning/page/home'))).toEqual({
      isValid: true,
      loginHost: 'acme--uat.sandbox.my.salesforce.com',
    });
  });

  it('refuses an empty or malformed My Domain host with a sentence naming an example', () => {
    const empty = toLoginHost(myDomain('   '));
    expect(empty).toEqual({ isValid: false, error: expect.stringMatching(/Enter your org's My Domain host, such as acme\.my\.salesforce\.com/) });
    for (const typed of ['acme', 'acme..my.salesforce.com', 'acme my.salesforce.com', '-acme.my.salesforce.com', 'production']) {
      const result = toLoginHost(myDomain(typed));
      expect(result.isValid, typed).toBe(false);
      if (!result.isValid) expect(result.error).toContain(`“${typed}” is not a host name`);
    }
  });

  it('sends no query for a platform that takes no login host, whatever was chosen', () => {
    expect(toOAuthStartQuery('hubspot', myDomain('not a host'))).toEqual({ isValid: true, query: {} });
    expect(toOAuthStartQuery('zoho', { kind: 'sandbox', myDomain: '' })).toEqual({ isValid: true, query: {} });
  });

  it('remembers the last login host for Reconnect, and starts at production without one or with a damaged one', () => {
    const storage = memoryStorage();
    expect(readRememberedLoginHost(storage)).toEqual(DEFAULT_LOGIN_HOST_CHOICE);

    rememberLoginHost('acme.my.salesforce.com', storage);
    expect(readRememberedLoginHost(storage)).toEqual({ kind: 'my_domain', myDomain: 'acme.my.salesforce.com' });
    rememberLoginHost('sandbox', storage);
    expect(readRememberedLoginHost(storage)).toEqual({ kind: 'sandbox', myDomain: '' });

    storage.setItem('voiceagent.salesforce.loginHost', 'https://not a host');
    expect(readRememberedLoginHost(storage)).toEqual(DEFAULT_LOGIN_HOST_CHOICE);
    expect(readRememberedLoginHost(undefined)).toEqual(DEFAULT_LOGIN_HOST_CHOICE);
  });
});

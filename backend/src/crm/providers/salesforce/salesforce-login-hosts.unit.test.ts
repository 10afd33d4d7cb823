import { describe, expect, it } from 'vitest';
import { AppError } from '../../../http/app-error';
import { checkApiOrigin, checkLoginOrigin, resolveLoginOrigin, salesforceTrustFor } from './salesforce-login-hosts';

const realApp = { authorizeUrl: 'https://login.salesforce.com', sandboxLoginUrl: 'https://test.salesforce.com' };
const sandboxApp = { authorizeUrl: 'http://127.0.0.1:4300', sandboxLoginUrl: 'http://127.0.0.1:4301' };
const real = salesforceTrustFor(realApp);
const sandbox = salesforceTrustFor(sandboxApp);

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('resolveLoginOrigin against the real Salesforce', () => {
  it('signs production orgs in at the configured login URL and sandbox orgs at the sandbox one', () => {
    expect(resolveLoginOrigin(undefined, realApp, real)).toBe('https://login.salesforce.com');
    expect(resolveLoginOrigin('production', realApp, real)).toBe('https://login.salesforce.com');
    expect(resolveLoginOrigin('sandbox', realApp, real)).toBe('https://test.salesforce.com');
  });

  it.each(['acme.my.salesforce.com', 'acme--uat.sandbox.my.salesforce.com', 'agency.my.salesforce.mil', 'acme.my.sfcrmproducts.cn'])('takes the My Domain host %s over https', (host) => {
    expect(resolveLoginOrigin(host, realApp, real)).toBe(`https://${host}`);
  });

  it.each(['attacker.example.com', 'my.salesforce.com.attacker.example', 'acme.my.salesforce.com:8443', 'salesforce.com', 'acme.force.com', '127.0.0.1:4300'])(
    'refuses %s with oauth_exchange_failed naming only the host',
    (host) => {
      const error = refusal(() => resolveLoginOrigin(host, realApp, real));
      expect(error.code).toBe('oauth_exchange_failed');
      expect(error.details).toMatchObject({ reason: 'untrusted_host', host });
    },
  );
});

describe('checkApiOrigin against the real Salesforce', () => {
  it.each([
    'https://acme.my.salesforce.com',
    'https://na123.salesforce.com/',
    'https://acme--uat.sandbox.my.salesforce.com',
    'https://acme.lightning.force.com',
    'https://agency.my.salesforce.mil',
    'https://eu5.cloudforce.com',
    'https://acme.my.sfcrmproducts.cn',
  ])('sends tokens to %s', (raw) => {
    expect(checkApiOrigin(raw, real, 'instance URL')).toBe(new URL(raw).origin);
  });

  it.each([
    'http://acme.my.salesforce.com',
    'https://acme.my.salesforce.com:444',
    'https://user:pw@acme.my.salesforce.com',
    'https://salesforce.com.attacker.example',
    'https://attacker-salesforce.com',
    'https://127.0.0.1:4300',
    'not a url',
    undefined,
  ])('refuses %s', (raw) => {
    expect(refusal(() => checkApiOrigin(raw, real, 'instance URL')).code).toBe('oauth_exchange_failed');
  });

  it('keeps the path of a crafted URL out of the message', () => {
    const error = refusal(() => checkApiOrigin('https://evil.example/steal?token=abc', real, 'identity URL'));
    expect(error.message).toContain('evil.example');
    expect(error.message).not.toContain('steal');
    expect(error.message).not.toContain('abc');
  });
});

describe('with the local sandbox as the configured login URL', () => {
  it('trusts only its host name, on any of its ports, for login hosts and APIs alike', () => {
    expect(resolveLoginOrigin('production', sandboxApp, sandbox)).toBe('http://127.0.0.1:4300');
    expect(resolveLoginOrigin('sandbox', sandboxApp, sandbox)).toBe('http://127.0.0.1:4301');
    expect(resolveLoginOrigin('127.0.0.1:4302', sandboxApp, sandbox)).toBe('http://127.0.0.1:4302');
    expect(checkApiOrigin('http://127.0.0.1:4302', sandbox, 'instance URL')).toBe('http://127.0.0.1:4302');
    expect(checkLoginOrigin('http://127.0.0.1:4305/', sandbox)).toBe('http://127.0.0.1:4305');
  });

  it('refuses Salesforce itself and any other host: a test setup never talks to both', () => {
    expect(refusal(() => resolveLoginOrigin('acme.my.salesforce.com', sandboxApp, sandbox)).code).toBe('oauth_exchange_failed');
    expect(refusal(() => checkApiOrigin('https://acme.my.salesforce.com', sandbox, 'instance URL')).code).toBe('oauth_exchange_failed');
    expect(refusal(() => checkApiOrigin('http://localhost:4302', sandbox, 'instance URL')).code).toBe('oauth_exchange_failed');
    expect(refusal(() => checkLoginOrigin('http://127.0.0.1:4300/path', sandbox)).code).toBe('oauth_exchange_failed');
  });
});

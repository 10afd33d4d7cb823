import { describe, expect, it } from 'vitest';
import { AppError } from '../../../http/app-error';
import { resolveAccountsServer, resolveApiDomain, trustFor } from './zoho-data-centres';

const real = trustFor({ apiBaseUrl: 'https://accounts.zoho.com' });
const sandbox = trustFor({ apiBaseUrl: 'http://127.0.0.1:4100/dc/us/accounts' });

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('resolveAccountsServer against the real Zoho', () => {
  it.each([
    ['https://accounts.zoho.com', 'us'],
    ['https://accounts.zoho.eu', 'eu'],
    ['https://accounts.zoho.in', 'in'],
    ['https://accounts.zoho.com.au', 'au'],
    ['https://accounts.zoho.jp', 'jp'],
    ['https://accounts.zohocloud.ca', 'ca'],
    ['https://accounts.zoho.sa', 'sa'],
    ['https://accounts.zoho.com.cn', 'cn'],
    ['https://ACCOUNTS.ZOHO.EU/', 'eu'],
  ])('accepts %s as the %s data centre', (raw, location) => {
    expect(resolveAccountsServer(raw, 'xx', real, 'https://accounts.zoho.com')).toEqual({ accountsServer: raw.toLowerCase().replace(/\/$/, ''), dataCentre: location });
  });

  it.each([
    'https://attacker.example.com',
    'https://accounts.zoho.com.attacker.example',
    'https://accounts-zoho.com',
    'http://accounts.zoho.eu',
    'https://accounts.zoho.eu:8443',
    'https://user:pass@accounts.zoho.eu',
    'https://accounts.zoho.eu/steal',
    'https://accounts.zoho.eu?x=1',
    'http://127.0.0.1:4100/dc/us/accounts',
    'not a url',
  ])('refuses %s before any request', (raw) => {
    const error = refusal(() => resolveAccountsServer(raw, 'us', real, 'https://accounts.zoho.com'));
    expect(error.code).toBe('oauth_exchange_failed');
    expect(error.details).toMatchObject({ reason: 'untrusted_host' });
  });

  it('uses the configured accounts server when the callback names none', () => {
    expect(resolveAccountsServer(undefined, undefined, real, 'https://accounts.zoho.com')).toEqual({ accountsServer: 'https://accounts.zoho.com', dataCentre: 'us' });
  });
});

describe('resolveApiDomain against the real Zoho', () => {
  it('accepts the zohoapis domains', () => {
    expect(resolveApiDomain('https://www.zohoapis.eu', real)).toBe('https://www.zohoapis.eu');
    expect(resolveApiDomain('https://www.zohoapis.ca', real)).toBe('https://www.zohoapis.ca');
    expect(resolveApiDomain('https://www.zohoapis.com.au/', real)).toBe('https://www.zohoapis.com.au');
  });

  it('refuses anything else', () => {
    for (const raw of ['https://www.zohoapis.evil.com', 'http://www.zohoapis.com', 'https://accounts.zoho.com', undefined]) {
      expect(refusal(() => resolveApiDomain(raw, real)).code).toBe('oauth_exchange_failed');
    }
  });
});

describe('against the sandbox', () => {
  it('accepts the configured origin with its data-centre paths, and the callback location', () => {
    expect(resolveAccountsServer('http://127.0.0.1:4100/dc/eu/accounts', 'eu', sandbox, 'http://127.0.0.1:4100/dc/us/accounts')).toEqual({
      accountsServer: 'http://127.0.0.1:4100/dc/eu/accounts',
      dataCentre: 'eu',
    });
    expect(resolveApiDomain('http://127.0.0.1:4100/dc/eu/api', sandbox)).toBe('http://127.0.0.1:4100/dc/eu/api');
  });

  it('refuses other origins, including the real Zoho', () => {
    for (const raw of ['http://127.0.0.1:4101/dc/eu/accounts', 'http://localhost:4100/dc/eu/accounts', 'https://accounts.zoho.eu']) {
      expect(refusal(() => resolveAccountsServer(raw, 'eu', sandbox, 'http://127.0.0.1:4100/dc/us/accounts')).code).toBe('oauth_exchange_failed');
    }
    expect(refusal(() => resolveApiDomain('http://127.0.0.1:9/dc/eu/api', sandbox)).code).toBe('oauth_exchange_failed');
  });
});

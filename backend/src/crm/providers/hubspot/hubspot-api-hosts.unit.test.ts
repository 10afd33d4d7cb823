import { describe, expect, it } from 'vitest';
import { AppError } from '../../../http/app-error';
import type { ProviderSession } from '../../crm-service';
import { hubSpotTrustFor, resolveHubSpotApiBase } from './hubspot-api-hosts';
import { HubSpotService } from './hubspot-service';

const real = hubSpotTrustFor({ apiBaseUrl: 'https://api.hubapi.com' });
const sandbox = hubSpotTrustFor({ apiBaseUrl: 'http://127.0.0.1:4010' });

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('resolveHubSpotApiBase against the real HubSpot', () => {
  it.each([
    ['https://api.hubapi.com', 'https://api.hubapi.com'],
    ['https://api-eu1.hubapi.com', 'https://api-eu1.hubapi.com'],
    ['https://API.HUBAPI.COM/', 'https://api.hubapi.com'],
  ])('accepts %s', (raw, expected) => {
    expect(resolveHubSpotApiBase(raw, real)).toBe(expected);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data',
    'http://127.0.0.1:4010',
    'https://attacker.example.com',
    'https://api.hubapi.com.attacker.example',
    'http://api.hubapi.com',
    'https://api.hubapi.com:8443',
    'https://user:pass@api.hubapi.com',
    'https://api.hubapi.com/steal',
    'https://api.hubapi.com?x=1',
    'not a url',
    '',
  ])('refuses %s, naming only its host', (raw) => {
    const error = refusal(() => resolveHubSpotApiBase(raw, real));
    expect(error.code).toBe('crm_auth_revoked');
    expect(error.details).toMatchObject({ platform: 'hubspot', reason: 'untrusted_host' });
    expect(error.message).not.toContain('steal');
  });
});

describe('resolveHubSpotApiBase against the configured sandbox', () => {
  it('accepts the sandbox its own loopback origin', () => {
    expect(resolveHubSpotApiBase('http://127.0.0.1:4010', sandbox)).toBe('http://127.0.0.1:4010');
    expect(resolveHubSpotApiBase('http://127.0.0.1:4010/', sandbox)).toBe('http://127.0.0.1:4010');
  });

  it.each(['http://127.0.0.1:4011', 'http://localhost:4010', 'https://api.hubapi.com', 'http://u:p@127.0.0.1:4010', 'http://127.0.0.1:4010/?q=1'])(
    'refuses %s, which is not the configured sandbox',
    (raw) => {
      expect(refusal(() => resolveHubSpotApiBase(raw, sandbox)).code).toBe('crm_auth_revoked');
    },
  );
});

describe('HubSpotService.createApiClient', () => {
  const service = new HubSpotService({ clientId: 'id', clientSecret: 'secret', authorizeUrl: 'https://app.hubspot.com/oauth/authorize', apiBaseUrl: 'https://api.hubapi.com', isSandbox: false });
  const sessionAt = (apiDomain: string): ProviderSession => ({
    connection: { externalAccountId: '62515', accountName: 'Portal', dataCentre: null, apiDomain, accountsServer: null },
    getAccessToken: () => Promise.resolve('token'),
    refreshAccessToken: () => Promise.resolve('token'),
  });

  it('will not send a connection\'s token to a stored API base that is not HubSpot\'s', () => {
    expect(refusal(() => service.createApiClient(sessionAt('http://10.0.0.5:8080'))).code).toBe('crm_auth_revoked');
  });

  it('builds a client for a connection stored with HubSpot\'s API base', () => {
    expect(service.createApiClient(sessionAt('https://api.hubapi.com'))).toBeDefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { ProviderAppConfig } from '../config';
import { createMemoryBudgetStore } from './provider-http/memory-budget-store';
import { createCrmRegistry } from './registry';

const options = { budgets: createMemoryBudgetStore() };
const app = (apiBaseUrl: string): ProviderAppConfig => ({ clientId: 'id', clientSecret: 'secret', authorizeUrl: apiBaseUrl, apiBaseUrl, isSandbox: true });

describe('createCrmRegistry', () => {
  it('serves the configured platforms and refuses the others with crm_not_configured', () => {
    const registry = createCrmRegistry({ hubspot: app('http://127.0.0.1:1'), zoho: null, salesforce: null }, options);
    expect(registry.get('hubspot').platform).toBe('hubspot');
    expect(registry.configured().map((service) => service.platform)).toEqual(['hubspot']);
    expect(() => registry.get('zoho')).toThrow(expect.objectContaining({ code: 'crm_not_configured' }));
  });

  it('serves Salesforce once it has an app', () => {
    const registry = createCrmRegistry({ hubspot: null, zoho: null, salesforce: { ...app('http://127.0.0.1:1'), sandboxLoginUrl: 'http://127.0.0.1:2' } }, options);
    const salesforce = registry.get('salesforce');
    expect(salesforce).toMatchObject({ platform: 'salesforce', supportsPkce: true, supportsLoginHost: true, maxCallsPerBatch: 200 });
  });

  it('builds each service from its own app', () => {
    const registry = createCrmRegistry({ hubspot: app('http://127.0.0.1:1'), zoho: { ...app('https://accounts.zoho.eu'), isSandbox: false }, salesforce: null }, options);
    expect(registry.get('zoho').isSandbox).toBe(false);
    expect(registry.get('zoho').buildAuthorizationUrl({ state: 's', redirectUri: 'https://app.example.com/cb' })).toMatch(/^https:\/\/accounts\.zoho\.eu\/oauth\/v2\/auth\?/);
  });
});

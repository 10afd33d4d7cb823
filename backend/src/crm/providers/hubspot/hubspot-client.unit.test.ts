import { describe, expect, it } from 'vitest';
import { HUBSPOT_PROFILE, readHubSpotError } from './hubspot-client';

describe('readHubSpotError', () => {
  it('reads CRM v3 errors by category, and rate limits by policy', () => {
    expect(readHubSpotError({ status: 'error', message: 'Contact already exists', correlationId: 'c-1', category: 'CONFLICT' })).toEqual({
      code: 'CONFLICT',
      message: 'Contact already exists',
      correlationId: 'c-1',
    });
    expect(readHubSpotError({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' })).toMatchObject({ code: 'SECONDLY' });
  });

  it('reads the v1 OAuth API and OAuth 2.0 style errors', () => {
    expect(readHubSpotError({ status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' })).toMatchObject({ code: 'BAD_REFRESH_TOKEN' });
    expect(readHubSpotError({ error: 'invalid_grant', error_description: 'refresh token revoked' })).toEqual({ code: 'invalid_grant', message: 'refresh token revoked' });
  });

  it('reads nothing from HTML gateway pages', () => {
    expect(readHubSpotError('<html>502 Bad Gateway</html>')).toEqual({});
  });
});

describe('HUBSPOT_PROFILE.classifyRequest', () => {
  it('sends searches through the search limiter and lets them be retried', () => {
    const classify = (method: string, url: string) => HUBSPOT_PROFILE.classifyRequest!({ method, url } as never);
    expect(classify('post', '/crm/v3/objects/contacts/search')).toEqual({ rateLimit: 'search', idempotent: true });
    expect(classify('post', '/crm/v3/objects/contacts')).toEqual({});
    expect(classify('get', '/crm/v3/objects/contacts/search')).toEqual({});
  });
});

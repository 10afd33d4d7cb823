import { describe, expect, it } from 'vitest';
import { findZohoErrorInSuccess, readZohoError, ZOHO_PROFILE } from './zoho-client';

describe('findZohoErrorInSuccess', () => {
  it("recognises the accounts server's 200 with an error", () => {
    expect(findZohoErrorInSuccess({ error: 'invalid_code' })).toEqual({ code: 'invalid_code', message: 'invalid_code', status: 400 });
  });

  it('recognises a CRM error body and maps its code to the status it stands for', () => {
    expect(findZohoErrorInSuccess({ code: 'INVALID_TOKEN', message: 'invalid oauth token', details: {}, status: 'error' })).toMatchObject({ status: 401 });
    expect(findZohoErrorInSuccess({ code: 'TOO_MANY_REQUESTS', message: 'slow down', details: {}, status: 'error' })).toMatchObject({ status: 429 });
    expect(findZohoErrorInSuccess({ code: 'INVALID_DATA', message: 'invalid data', details: {}, status: 'error' })).toMatchObject({ status: 400, code: 'INVALID_DATA' });
  });

  it('leaves successes alone, including writes whose records failed one by one', () => {
    expect(findZohoErrorInSuccess({ access_token: 'a', api_domain: 'https://www.zohoapis.com' })).toBeNull();
    expect(findZohoErrorInSuccess({ data: [{ code: 'DUPLICATE_DATA', status: 'error', message: 'duplicate' }] })).toBeNull();
    expect(findZohoErrorInSuccess([{ status: 'error' }])).toBeNull();
    expect(findZohoErrorInSuccess('')).toBeNull();
  });
});

describe('readZohoError', () => {
  it("reads the accounts server's too-many-requests refusal", () => {
    expect(readZohoError({ error_description: 'You have made too many requests continuously.', error: 'Access Denied', status: 'failure' })).toEqual({
      code: 'Access Denied',
      message: 'You have made too many requests continuously.',
    });
  });

  it('does not treat a missing scope as a stale token', () => {
    expect(ZOHO_PROFILE.isStaleTokenResponse({ code: 'OAUTH_SCOPE_MISMATCH', status: 'error' })).toBe(false);
    expect(ZOHO_PROFILE.isStaleTokenResponse({ code: 'INVALID_TOKEN', status: 'error' })).toBe(true);
  });
});
